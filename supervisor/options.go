package supervisor

import (
	"fmt"
	"time"

	"github.com/asynkron/protoactor-go/actor"
	"go.uber.org/zap"
)

// Option tunes a supervisor; pass them in Spec.Options.
type Option func(*config)

type config struct {
	maxR        int
	period      time.Duration
	backoff     backoff
	logger      *zap.Logger
	callTimeout time.Duration
	now         func() time.Time
	mailbox     func(childID string) actor.MailboxProducer // WithMailbox
}

// DefaultCallTimeout is how long Handle calls wait for the supervisor,
// like gen_server:call's default.
const DefaultCallTimeout = 5 * time.Second

// WithIntensity sets OTP's intensity and period: more than maxRestarts
// restarts within period make the supervisor terminate all its children
// and exit with ShutdownWith(ErrMaxRestartIntensity). The default is 1
// restart in 5 s. maxRestarts 0 means any restart is one too many.
func WithIntensity(maxRestarts int, period time.Duration) Option {
	return func(c *config) { c.maxR, c.period = maxRestarts, period }
}

// WithBackoff delays automatic restarts: min before the first, doubling up
// to max for a child that keeps failing; the sequence starts over once the
// child has stayed up for max. Intensity is still counted when the restart
// is decided. Without it restarts are immediate, as in OTP.
func WithBackoff(min, max time.Duration) Option {
	return func(c *config) { c.backoff = backoff{min: min, max: max} }
}

// WithLogger sets the zap logger. The default is the parent supervisor's
// logger for a nested supervisor, zap.NewNop() for a top-level one.
func WithLogger(l *zap.Logger) Option {
	return func(c *config) { c.logger = l }
}

// WithCallTimeout sets how long the Handle returned by Start waits for an
// answer to each call (default DefaultCallTimeout).
func WithCallTimeout(d time.Duration) Option {
	return func(c *config) { c.callTimeout = d }
}

// withClock replaces time.Now, for tests of the intensity period.
func withClock(now func() time.Time) Option {
	return func(c *config) { c.now = now }
}

func (s *Spec) config() (config, error) {
	c := config{maxR: 1, period: 5 * time.Second, callTimeout: DefaultCallTimeout, now: time.Now}
	for _, o := range s.Options {
		if o != nil {
			o(&c)
		}
	}
	switch {
	case c.maxR < 0 || c.period <= 0:
		return c, fmt.Errorf("%w: intensity %d in %s", ErrInvalidSpec, c.maxR, c.period)
	case c.backoff.min < 0 || (c.backoff.min > 0 && c.backoff.max < c.backoff.min):
		return c, fmt.Errorf("%w: backoff %s..%s", ErrInvalidSpec, c.backoff.min, c.backoff.max)
	case c.callTimeout <= 0:
		return c, fmt.Errorf("%w: call timeout %s", ErrInvalidSpec, c.callTimeout)
	}
	return c, nil
}
