package supervisor

import (
	"errors"
	"fmt"
	"runtime"
	"runtime/debug"

	"github.com/asynkron/protoactor-go/actor"
	"go.uber.org/zap"
)

// host wraps a child's actor. It is what protoactor runs; the user's actor
// is inner. On the hot path it costs a type switch, a deferred recover and
// two field loads per message. It
//
//   - runs Init and the Started handler as the child's start, and reports
//     the result to the waiting supervisor;
//   - turns a panic or an abnormal Exit into a failure that names the exact
//     process (so a stale process can never be mistaken for the current
//     one), with the stack and the dropped message;
//   - keeps a killed child's goroutine from running more of the actor's
//     code (see BrutalKill);
//   - shields lifecycle handlers (Stopping, Stopped, Restarting) from
//     panics, which protoactor would turn into confusing restarts.
type host struct {
	inner    actor.Actor
	link     *link
	startErr error // the Producer failed
	live     bool  // inner has started
	exit     error // set by Exit during the current Receive
}

func newHost(l *link, start Producer) (h *host) {
	h = &host{link: l}
	defer func() {
		if r := recover(); r != nil {
			h.startErr = newPanicError(r)
		}
	}()
	if h.inner = start(l.id); h.inner == nil {
		h.startErr = fmt.Errorf("%w: producer for %q returned nil", ErrStartFailed, l.id)
	}
	return h
}

// crash is the reason carried by the protoactor Failure a host raises.
type crash struct {
	link    *link
	reason  error
	message any
	sender  *actor.PID
	// restartFailed: an in-place restart failed; the supervisor already
	// knows through the ack, the failure only suspends the mailbox.
	restartFailed bool
}

func (c *crash) Error() string { return c.reason.Error() }

// Receive implements actor.Actor.
func (h *host) Receive(ctx actor.Context) {
	switch ctx.Message().(type) {
	case *actor.Started:
		h.onStarted(ctx)
		return
	case *actor.Stopping:
		h.onStopping(ctx)
		return
	case *actor.Stopped:
		h.onStopped(ctx)
		return
	case *actor.Restarting:
		if h.live {
			h.lifecycle(ctx)
		}
		return
	case *InjectPanic, *InjectDelay:
		h.inject(ctx) // fault injection (inject.go)
		return
	}
	defer h.recover(ctx)
	h.inner.Receive(ctx)
	if h.link.killed() {
		runtime.Goexit()
	}
	if h.exit != nil {
		h.applyExit(ctx)
	}
}

func (h *host) recover(ctx actor.Context) {
	r := recover()
	if r == nil {
		return
	}
	if h.link.killed() {
		runtime.Goexit()
	}
	h.exit = nil
	h.fail(ctx, &crash{link: h.link, reason: newPanicError(r), message: ctx.Message(), sender: ctx.Sender()})
}

func (h *host) applyExit(ctx actor.Context) {
	reason := h.exit
	h.exit = nil
	if IsAbnormal(reason) {
		h.fail(ctx, &crash{link: h.link, reason: reason, message: ctx.Message(), sender: ctx.Sender()})
		return
	}
	h.link.setReason(reason)
	ctx.Stop(ctx.Self())
}

// fail suspends the mailbox and sends the failure to the supervisor, as a
// panic reaching protoactor's mailbox would, but with our crash as reason.
func (h *host) fail(ctx actor.Context, c *crash) {
	l := h.link
	l.crashed.Store(true)
	if l.stopAsked.Load() {
		ctx.Stop(ctx.Self()) // a system message: processed while suspended
	}
	if e, ok := ctx.(escalator); ok {
		e.EscalateFailure(c, c.message)
		return
	}
	panic(c)
}

func (h *host) onStarted(ctx actor.Context) {
	l := h.link
	err := h.start(ctx)
	if err == nil {
		h.live = true
		l.everStarted = true
		l.crashed.Store(false)
		l.ack <- nil
		return
	}
	if !l.everStarted || errors.Is(err, ErrIgnore) {
		// The process goes away; onStopped acks once its name is free.
		l.startErr = err
		ctx.Stop(ctx.Self())
		return
	}
	// An in-place restart failed: keep the process and its mailbox,
	// suspended, for the supervisor's next try. Suspend before acking, so
	// that the next Restart is queued behind the suspension.
	h.fail(ctx, &crash{link: l, reason: err, restartFailed: true})
	l.ack <- err
}

func (h *host) start(ctx actor.Context) (err error) {
	if h.startErr != nil {
		return h.startErr
	}
	defer func() {
		if r := recover(); r != nil {
			err = newPanicError(r)
		}
		h.exit = nil
	}()
	if in, ok := h.inner.(Initializer); ok {
		if err := in.Init(ctx); err != nil {
			return err
		}
	}
	if h.exit == nil {
		h.inner.Receive(ctx)
	}
	return h.exit
}

func (h *host) onStopping(ctx actor.Context) {
	l := h.link
	if !l.killed() && h.live {
		h.lifecycle(ctx)
	}
	if !l.state.CompareAndSwap(linkAlive, linkFinalizing) {
		h.leave(ctx)
	}
}

func (h *host) onStopped(ctx actor.Context) {
	if h.live {
		h.lifecycle(ctx)
	}
	l := h.link
	l.closeDone()
	if l.startErr != nil {
		l.ack <- l.startErr
	}
}

// leave ends a killed child's goroutine: its own children are asked to
// stop, then the goroutine exits without protoactor ever finalizing the
// process (which would unregister whatever now owns its name).
func (h *host) leave(ctx actor.Context) {
	for _, c := range ctx.Children() {
		ctx.Stop(c)
	}
	runtime.Goexit()
}

// lifecycle forwards a lifecycle message to inner; a panic there is logged
// and swallowed.
func (h *host) lifecycle(ctx actor.Context) {
	defer func() {
		if r := recover(); r != nil {
			h.link.logger.Error("child panicked in a lifecycle handler",
				zap.String("child", h.link.id), zap.String("message", fmt.Sprintf("%T", ctx.Message())),
				zap.Any("panic", r), zap.ByteString("stack", debug.Stack()))
		}
	}()
	h.inner.Receive(ctx)
}

// HandleFailure keeps a child's own supervision of its children: if the
// wrapped actor implements actor.SupervisorStrategy it decides, otherwise
// protoactor's default strategy does, as it would without the host.
func (h *host) HandleFailure(sys *actor.ActorSystem, sup actor.Supervisor, child *actor.PID, rs *actor.RestartStatistics, reason, message any) {
	if s, ok := h.inner.(actor.SupervisorStrategy); ok {
		s.HandleFailure(sys, sup, child, rs, reason, message)
		return
	}
	actor.DefaultSupervisorStrategy().HandleFailure(sys, sup, child, rs, reason, message)
}
