package scheduler

import (
	"sync"
	"time"
)

// watchdog cancels a subscription when no event has arrived for timeout:
// first the subscribe timeout, then missed heartbeats × the interval the
// master announced.
type watchdog struct {
	mu      sync.Mutex
	timer   *time.Timer
	timeout time.Duration
	expired bool
}

func newWatchdog(timeout time.Duration, expire func()) *watchdog {
	w := &watchdog{timeout: timeout}
	w.timer = time.AfterFunc(timeout, func() {
		w.mu.Lock()
		w.expired = true
		w.mu.Unlock()
		expire()
	})
	return w
}

// kick restarts the countdown; an event arrived.
func (w *watchdog) kick() {
	w.mu.Lock()
	defer w.mu.Unlock()
	if !w.expired {
		w.timer.Reset(w.timeout)
	}
}

// set changes the timeout and restarts the countdown.
func (w *watchdog) set(timeout time.Duration) {
	w.mu.Lock()
	w.timeout = timeout
	w.mu.Unlock()
	w.kick()
}

// fired reports whether the watchdog cancelled the subscription.
func (w *watchdog) fired() bool {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.expired
}

// limit returns the current timeout.
func (w *watchdog) limit() time.Duration {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.timeout
}

func (w *watchdog) stop() { w.timer.Stop() }
