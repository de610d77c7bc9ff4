package allocator

import (
	"sync"

	"github.com/mactor/mactor/bridge/owner"
)

// Marks record, per owner, the last event of the owner's journal stream
// that the allocator actor holds durably (in its own journal). Owners
// read them through Compacted (owner.Config.Compacted) and compact their
// streams no further, so that after any crash the actor can read the
// events it had not yet journaled from the owners' streams. Marks outlive
// the actor's restarts; they are safe for concurrent use.
type Marks struct {
	mu sync.RWMutex
	m  map[owner.Key]uint64
}

// NewMarks returns empty marks: until the actor has started, owners
// compact nothing.
func NewMarks() *Marks { return &Marks{m: make(map[owner.Key]uint64)} }

// Compacted returns how far the allocator holds k's stream: the owner may
// compact up to there.
func (m *Marks) Compacted(k owner.Key) uint64 {
	m.mu.RLock()
	defer m.mu.RUnlock()
	return m.m[k]
}

// advance raises the marks of keys.
func (m *Marks) advance(keys map[owner.Key]uint64) {
	if m == nil || len(keys) == 0 {
		return
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	for k, seq := range keys {
		if seq > m.m[k] {
			m.m[k] = seq
		}
	}
}
