package supervisor

import "time"

// backoff delays automatic restarts exponentially: min, 2·min, 4·min, ...
// capped at max. A child's sequence starts again from min once it has
// stayed up for at least max.
type backoff struct {
	min, max time.Duration
}

// delay returns the wait before restart number attempt (0-based).
func (b backoff) delay(attempt int) time.Duration {
	if b.min <= 0 {
		return 0
	}
	d := b.min
	for i := 0; i < attempt && d < b.max; i++ {
		d *= 2
	}
	if d > b.max {
		d = b.max
	}
	return d
}

// next returns the delay for c's next automatic restart and advances c's
// attempt counter.
func (b backoff) next(c *child, now time.Time) time.Duration {
	if b.min <= 0 {
		return 0
	}
	if !c.upSince.IsZero() && now.Sub(c.upSince) >= b.max {
		c.attempt = 0
	}
	d := b.delay(c.attempt)
	c.attempt++
	return d
}
