package supervisor

import (
	"time"

	"github.com/asynkron/protoactor-go/actor"
)

// Description is what a supervisor says about itself (Handle.Describe):
// its restart strategy and intensity, for status pages that draw the
// tree.
type Description struct {
	// Strategy is the supervisor's restart strategy.
	Strategy Strategy
	// MaxRestarts and Period are its intensity (WithIntensity).
	MaxRestarts int
	Period      time.Duration
}

// describeRequest asks a supervisor for its Description.
type describeRequest struct{}

// Describe returns the supervisor's strategy and intensity.
func (h *Handle) Describe() (Description, error) {
	r, err := h.call("describe", &describeRequest{})
	if err != nil {
		return Description{}, err
	}
	return r.desc, nil
}

func (s *supervisor) describe() Description {
	return Description{Strategy: s.strategy, MaxRestarts: s.cfg.maxR, Period: s.cfg.period}
}

// WithMailbox makes the supervisor spawn each new child process with the
// mailbox mb returns for the child's id (nil: protoactor's default
// unbounded mailbox). Status pages use it to attach mailbox statistics
// (actor.Unbounded(middlewares...)) to whole kinds of actors, such as all
// the children of a simple_one_for_one supervisor. It applies to the
// supervisor's own children only, not to deeper levels.
func WithMailbox(mb func(childID string) actor.MailboxProducer) Option {
	return func(c *config) { c.mailbox = mb }
}

// childPropsOptions are the props options of a new process for child id.
func (s *supervisor) childPropsOptions(id string) []actor.PropsOption {
	if s.cfg.mailbox == nil {
		return nil
	}
	if p := s.cfg.mailbox(id); p != nil {
		return []actor.PropsOption{actor.WithMailbox(p)}
	}
	return nil
}
