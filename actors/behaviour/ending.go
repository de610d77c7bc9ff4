package behaviour

import "sync"

// Ending is how a driver ends: the first Finish decides the result and
// runs the teardown, once, and Join waits for the teardown and returns the
// result. The zero value is ready to use; an Ending must not be copied
// after first use.
type Ending struct {
	mu       sync.Mutex
	finished bool
	result   error
	done     chan struct{}
}

// doneLocked returns the channel closed after the teardown; e.mu is held.
func (e *Ending) doneLocked() chan struct{} {
	if e.done == nil {
		e.done = make(chan struct{})
	}
	return e.done
}

// Finish ends with result if nothing ended it before: it records result
// and runs teardown (which may be nil) in a goroutine of its own, after
// which Join returns. Later calls do nothing and report false. Finish never
// blocks on the teardown, so it is safe from callbacks and from the
// goroutines the teardown waits for.
func (e *Ending) Finish(result error, teardown func()) (first bool) {
	e.mu.Lock()
	if e.finished {
		e.mu.Unlock()
		return false
	}
	e.finished = true
	e.result = result
	done := e.doneLocked()
	e.mu.Unlock()
	go func() {
		if teardown != nil {
			teardown()
		}
		close(done)
	}()
	return true
}

// Done is closed once the teardown of the first Finish has run.
func (e *Ending) Done() <-chan struct{} {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.doneLocked()
}

// Join waits until the teardown of the first Finish has run and returns
// that Finish's result.
func (e *Ending) Join() error {
	<-e.Done()
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.result
}
