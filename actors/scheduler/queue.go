package scheduler

import (
	"context"
	"sync"

	schedulerv1 "github.com/mactor/mactor/messages/mesos/v1/scheduler"
)

// pending is a call waiting to be sent, or a flush marker (call nil).
type pending struct {
	call *schedulerv1.Call
	// done, when set, receives the outcome; otherwise a failure is
	// reported to the behaviour.
	done chan error
}

func (p *pending) finish(f *framework, err error) {
	if p.done != nil {
		p.done <- err
		return
	}
	if err != nil && p.call != nil {
		f.callFailed(p.call, err)
	}
}

// callQueue is an unbounded FIFO of calls between the callers (the
// behaviour, the program) and the single goroutine that sends them, so
// that a slow master never blocks a callback and calls keep their order.
type callQueue struct {
	mu     sync.Mutex
	items  []*pending
	wake   chan struct{}
	closed bool
}

func newCallQueue() *callQueue { return &callQueue{wake: make(chan struct{}, 1)} }

// push appends p; false if the queue is closed.
func (q *callQueue) push(p *pending) bool {
	q.mu.Lock()
	if q.closed {
		q.mu.Unlock()
		return false
	}
	q.items = append(q.items, p)
	q.mu.Unlock()
	select {
	case q.wake <- struct{}{}:
	default:
	}
	return true
}

// pop waits for the next item; false once ctx is done.
func (q *callQueue) pop(ctx context.Context) (*pending, bool) {
	for {
		q.mu.Lock()
		if len(q.items) > 0 {
			p := q.items[0]
			q.items[0] = nil
			q.items = q.items[1:]
			q.mu.Unlock()
			return p, true
		}
		q.mu.Unlock()
		select {
		case <-q.wake:
		case <-ctx.Done():
			return nil, false
		}
	}
}

// popWhile removes and returns the items at the head of the queue for
// which take holds, stopping at the first that does not.
func (q *callQueue) popWhile(take func(*pending) bool) []*pending {
	q.mu.Lock()
	defer q.mu.Unlock()
	n := 0
	for n < len(q.items) && take(q.items[n]) {
		n++
	}
	out := append([]*pending(nil), q.items[:n]...)
	clear(q.items[:n])
	q.items = q.items[n:]
	return out
}

// close refuses further pushes and returns what was never sent.
func (q *callQueue) close() []*pending {
	q.mu.Lock()
	defer q.mu.Unlock()
	q.closed = true
	rest := q.items
	q.items = nil
	return rest
}
