package mesoshttp

import (
	"math/rand/v2"
	"time"
)

// Backoff computes delays between reconnection attempts: exponential from
// Initial, doubling up to Max, with "equal jitter" (each delay is drawn
// from the upper half of its step) so that many clients restarting at once
// do not reconnect in lockstep. The zero value never waits.
type Backoff struct {
	// Initial is the first step.
	Initial time.Duration
	// Max caps every delay.
	Max time.Duration

	step time.Duration
}

// Next returns the next delay and advances the step.
func (b *Backoff) Next() time.Duration {
	if b.Initial <= 0 || b.Max <= 0 {
		return 0
	}
	if b.step == 0 {
		b.step = min(b.Initial, b.Max)
	}
	d := b.step
	b.step = min(2*b.step, b.Max)
	half := d / 2
	return half + rand.N(d-half+1)
}

// Reset starts again from Initial; call it after a successful connection.
func (b *Backoff) Reset() { b.step = 0 }

// Uniform returns a delay drawn uniformly from [0, max], the retry policy
// Mesos's own executor library uses with MESOS_SUBSCRIPTION_BACKOFF_MAX.
func Uniform(max time.Duration) time.Duration {
	if max <= 0 {
		return 0
	}
	return rand.N(max + 1)
}
