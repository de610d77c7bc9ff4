package journal

import (
	"context"
	"sync"
)

// budget is a counting semaphore over bytes: it bounds the data held by
// queued requests. Waiters are woken together when bytes are released and
// retry; there is no FIFO fairness.
type budget struct {
	mu    sync.Mutex
	avail int64
	wake  chan struct{} // closed and replaced on every release
}

func newBudget(n int64) *budget {
	return &budget{avail: n, wake: make(chan struct{})}
}

// acquire takes n bytes, waiting until they are free, ctx ends or stop is
// closed.
func (b *budget) acquire(ctx context.Context, n int64, stop <-chan struct{}) error {
	for {
		b.mu.Lock()
		if b.avail >= n {
			b.avail -= n
			b.mu.Unlock()
			return nil
		}
		wake := b.wake
		b.mu.Unlock()
		select {
		case <-wake:
		case <-ctx.Done():
			return ctx.Err()
		case <-stop:
			return ErrClosed
		}
	}
}

// release gives n bytes back and wakes the waiters.
func (b *budget) release(n int64) {
	if n == 0 {
		return
	}
	b.mu.Lock()
	b.avail += n
	close(b.wake)
	b.wake = make(chan struct{})
	b.mu.Unlock()
}
