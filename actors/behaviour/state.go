package behaviour

import (
	"fmt"
	"sync"

	"go.uber.org/zap"
)

// Stateful is implemented by a behaviour that opts in to durable state.
// After every event it handles without panicking, MarshalState is called and
// the result saved in the driver's StateStore (see the drivers'
// WithStateStore). After a crash, the fresh instance from Config.New gets
// UnmarshalState with the last saved state before it sees any event, so the
// behaviour resumes where it was instead of from scratch.
type Stateful interface {
	MarshalState() ([]byte, error)
	UnmarshalState([]byte) error
}

// StateStore keeps the state of Stateful behaviours, by key (the
// behaviour's actor name). Implementations must be safe for concurrent use.
// A store backed by a journal (JournalStore) makes the state survive
// process restarts.
type StateStore interface {
	// Load returns the last saved state, ok false if there is none.
	Load(key string) (state []byte, ok bool, err error)
	// Save replaces the state of key.
	Save(key string, state []byte) error
}

// MemoryStore is a StateStore in memory: state survives behaviour restarts,
// not the process. The zero value is ready to use.
type MemoryStore struct {
	mu sync.Mutex
	m  map[string][]byte
}

// Load implements StateStore.
func (s *MemoryStore) Load(key string) ([]byte, bool, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	b, ok := s.m[key]
	return b, ok, nil
}

// Save implements StateStore.
func (s *MemoryStore) Save(key string, state []byte) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.m == nil {
		s.m = make(map[string][]byte)
	}
	s.m[key] = append([]byte(nil), state...)
	return nil
}

// Restore gives b, if it is Stateful, the state last saved under key in
// store; call it from the behaviour's actor on *actor.Started, before the
// first event. A state that cannot be loaded or restored is logged, and b
// starts from scratch. A b that is not Stateful is left alone.
func Restore(b any, store StateStore, key string, log *zap.Logger) {
	s, ok := b.(Stateful)
	if !ok {
		return
	}
	state, found, err := store.Load(key)
	if err != nil {
		log.Error("loading behaviour state failed; starting from scratch", zap.Error(err))
		return
	}
	if !found {
		return
	}
	if err := s.UnmarshalState(state); err != nil {
		log.Error("restoring behaviour state failed; starting from scratch", zap.Error(err))
	}
}

// Save stores the state of b, if it is Stateful, under key in store; call
// it after each event b handled without panicking, before anything that
// depends on the event (an acknowledgement). If the state cannot be
// marshalled or saved, Save panics, so that the behaviour crashes as if
// its callback had: the supervisor restarts it from the last state that was
// saved, and the event is not acknowledged, so Mesos delivers it again. A b
// that is not Stateful is left alone.
func Save(b any, store StateStore, key string) {
	s, ok := b.(Stateful)
	if !ok {
		return
	}
	state, err := s.MarshalState()
	if err == nil {
		err = store.Save(key, state)
	}
	if err != nil {
		panic(fmt.Errorf("saving the behaviour's state: %w", err))
	}
}
