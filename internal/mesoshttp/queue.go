package mesoshttp

import (
	"context"
	"sync"
)

// Queue is an unbounded FIFO between the goroutines that make calls and the
// single goroutine that sends them, so that a slow master or agent never
// blocks a caller and calls keep their order. It is safe for concurrent
// use; the zero value is not usable, use NewQueue.
type Queue[T any] struct {
	mu     sync.Mutex
	items  []T
	wake   chan struct{}
	closed bool
}

// NewQueue returns an empty queue.
func NewQueue[T any]() *Queue[T] { return &Queue[T]{wake: make(chan struct{}, 1)} }

// Push appends v; false if the queue is closed.
func (q *Queue[T]) Push(v T) bool {
	q.mu.Lock()
	if q.closed {
		q.mu.Unlock()
		return false
	}
	q.items = append(q.items, v)
	q.mu.Unlock()
	select {
	case q.wake <- struct{}{}:
	default:
	}
	return true
}

// Pop waits for the next item; false once ctx is done.
func (q *Queue[T]) Pop(ctx context.Context) (T, bool) {
	for {
		q.mu.Lock()
		if len(q.items) > 0 {
			v := q.items[0]
			var zero T
			q.items[0] = zero
			q.items = q.items[1:]
			q.mu.Unlock()
			return v, true
		}
		q.mu.Unlock()
		select {
		case <-q.wake:
		case <-ctx.Done():
			var zero T
			return zero, false
		}
	}
}

// PopWhile removes and returns the items at the head of the queue for
// which take holds, up to the first for which it does not.
func (q *Queue[T]) PopWhile(take func(T) bool) []T {
	q.mu.Lock()
	defer q.mu.Unlock()
	n := 0
	for n < len(q.items) && take(q.items[n]) {
		n++
	}
	out := append([]T(nil), q.items[:n]...)
	clear(q.items[:n])
	q.items = q.items[n:]
	return out
}

// Close refuses further pushes and returns the items never popped.
func (q *Queue[T]) Close() []T {
	q.mu.Lock()
	defer q.mu.Unlock()
	q.closed = true
	rest := q.items
	q.items = nil
	return rest
}
