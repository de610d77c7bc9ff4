package owner

import (
	"sync"
	"sync/atomic"
)

// Epoch is the process-wide ordering guard of the bridge. Every call is
// routed with the epoch current at its admission; an owner applies only
// calls of the current epoch. Bump moves it on (an owner crashed, a write
// was lost, a session gave up waiting), which makes every call still queued
// anywhere stale, so no call is applied after one that was routed before it
// to the same owner and lost. Sessions watch it to rewind at once.
//
// The zero value is ready to use; an Epoch must not be copied.
type Epoch struct {
	n        atomic.Uint64
	mu       sync.Mutex
	watchers map[int]func()
	nextID   int
}

// Current returns the current epoch.
func (e *Epoch) Current() uint64 { return e.n.Load() + 1 }

// Bump moves to a new epoch and calls every watcher (on the caller's
// goroutine; watchers must not block).
func (e *Epoch) Bump() uint64 {
	n := e.n.Add(1) + 1
	e.mu.Lock()
	ws := make([]func(), 0, len(e.watchers))
	for _, w := range e.watchers {
		ws = append(ws, w)
	}
	e.mu.Unlock()
	for _, w := range ws {
		w()
	}
	return n
}

// Watch registers fn to be called after every Bump and returns a function
// that unregisters it.
func (e *Epoch) Watch(fn func()) (cancel func()) {
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.watchers == nil {
		e.watchers = map[int]func(){}
	}
	id := e.nextID
	e.nextID++
	e.watchers[id] = fn
	return func() {
		e.mu.Lock()
		delete(e.watchers, id)
		e.mu.Unlock()
	}
}
