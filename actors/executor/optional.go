package executor

import "sync"

// Stateful is implemented by a behaviour that opts in to durable state:
// MarshalState is saved in the StateStore after every event handled without
// panicking, and a fresh instance gets the last saved state through
// UnmarshalState after a crash, before it sees any event.
type Stateful interface {
	MarshalState() ([]byte, error)
	UnmarshalState([]byte) error
}

// StateStore keeps the state of Stateful behaviours by key. It has the
// same method set as the scheduler package's StateStore, so one store can
// serve both. Implementations must be safe for concurrent use.
type StateStore interface {
	Load(key string) (state []byte, ok bool, err error)
	Save(key string, state []byte) error
}

// MemoryStore is a StateStore in memory (state survives behaviour
// restarts, not the process). The zero value is ready to use.
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
