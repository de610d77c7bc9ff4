package journal

import (
	"context"
	"sync"
)

// Future is the outcome of one queued write. It completes exactly once:
// after the write is durable, with the sequence numbers it covers, or with an
// error, in which case nothing of the request was written.
type Future struct {
	done chan struct{}

	mu    sync.Mutex
	fired bool
	rng   Range
	err   error
	then  []func(Range, error)
}

func (f *Future) init() { f.done = make(chan struct{}) }

// failedFuture returns a Future already completed with err.
func failedFuture(err error) *Future {
	f := &Future{}
	f.init()
	f.complete(Range{}, err)
	return f
}

// Done returns a channel that is closed when the Future has completed and
// every callback registered with Then has returned.
func (f *Future) Done() <-chan struct{} { return f.done }

// Result waits for the Future and returns its outcome.
func (f *Future) Result() (Range, error) {
	<-f.done
	return f.rng, f.err
}

// Wait waits for the Future or for ctx to end, whichever comes first. If ctx
// ends first, Wait returns ctx's error and the write may still complete
// later, either way.
func (f *Future) Wait(ctx context.Context) (Range, error) {
	select {
	case <-f.done:
		return f.rng, f.err
	case <-ctx.Done():
		return Range{}, ctx.Err()
	}
}

// Then registers fn to be called with the outcome. If the Future is still
// pending, fn runs later on the store's commit goroutine, which it holds up:
// fn must be quick and must not block (sending a message to an actor is the
// intended use); in particular it must not wait on the store, whose commit
// loop it would stall. If the Future has already completed, fn runs at once on the
// caller's goroutine. Callbacks run in the order they were registered, and
// before Done is closed.
func (f *Future) Then(fn func(Range, error)) {
	f.mu.Lock()
	if f.fired {
		f.mu.Unlock()
		fn(f.rng, f.err)
		return
	}
	f.then = append(f.then, fn)
	f.mu.Unlock()
}

// complete records the outcome, runs the callbacks and closes Done.
func (f *Future) complete(r Range, err error) {
	f.mu.Lock()
	f.rng, f.err, f.fired = r, err, true
	cbs := f.then
	f.then = nil
	f.mu.Unlock()
	for _, fn := range cbs {
		fn(r, err)
	}
	close(f.done)
}
