package supervisor

import (
	"fmt"
	"time"

	"github.com/asynkron/protoactor-go/actor"
)

// Fault-injection messages. Every supervised child (worker or nested
// supervisor) understands them, whatever its actor is, because the host
// that wraps the actor handles them before the actor sees them. They exist
// for chaos tests (mactor serve --faults); production code never sends
// them.
type (
	// InjectPanic makes the child panic inside its Receive, as a bug
	// would: the supervisor sees an ordinary crash (a *PanicError whose
	// value names Reason) and restarts the child per its restart type,
	// counting against the intensity. The actor's own code does not run
	// for this message; actors that clean up in a recover of their own
	// (owners, bridge sessions) have a crash message of their own that
	// runs it, which chaos tests should prefer for them.
	InjectPanic struct{ Reason string }
	// InjectDelay makes the child block for Duration inside its Receive,
	// as a slow handler would: its goroutine is held and its mailbox backs
	// up meanwhile; then it carries on with the next message.
	InjectDelay struct{ Duration time.Duration }
)

// inject handles a fault-injection message on the child's goroutine; it
// reports false for any other message.
func (h *host) inject(ctx actor.Context) bool {
	switch m := ctx.Message().(type) {
	case *InjectDelay:
		if m.Duration > 0 {
			time.Sleep(m.Duration)
		}
		return true
	case *InjectPanic:
		defer h.recover(ctx)
		panic(fmt.Sprintf("%s: injected panic: %s", h.link.id, m.Reason))
	}
	return false
}

// killChildRequest asks for a brutal kill of a running child.
type killChildRequest struct{ id string }

// KillChild brutally kills the running child id from outside, as OTP's
// exit(Child, kill) does: the child is killed as described under
// BrutalKill (no Stopping handler, its queued messages are lost), exits
// with reason Killed, and the supervisor then handles that exit like any
// other abnormal one: it restarts the child per its restart type and
// strategy, counting against the intensity (or gives up). It is meant for
// fault injection. Errors: ErrNotFound, and ErrRestarting for a child that
// is not running.
func (h *Handle) KillChild(id string) error {
	r, err := h.call("KillChild", &killChildRequest{id: id})
	if err != nil {
		return err
	}
	return r.err
}

func (s *supervisor) killChild(id string) error {
	if s.stopping {
		return ErrStopping
	}
	c := s.byID[id]
	switch {
	case c == nil:
		return fmt.Errorf("%w: %q", ErrNotFound, id)
	case c.status != Running || c.link == nil:
		return fmt.Errorf("%w: %q", ErrRestarting, id)
	}
	// kill sends us the stand-in Terminated; the link is not marked
	// handled, so onTerminated takes it as the child's own exit (Killed).
	s.kill(c.link)
	return nil
}
