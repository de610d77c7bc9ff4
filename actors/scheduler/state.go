package scheduler

import "sync"

// StateStore keeps the state of Stateful behaviours, by key (the
// behaviour's actor name). Implementations must be safe for concurrent use.
// A store backed by a journal makes the state survive process restarts.
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
