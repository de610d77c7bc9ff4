package supervisor

import (
	"errors"
	"fmt"
	"runtime"
	"slices"
	"strings"

	"github.com/asynkron/protoactor-go/actor"
)

// Exit reasons. A child's exit reason decides whether a transient child is
// restarted: Normal, Shutdown and ShutdownWith(term) are not abnormal; every
// other reason (a panic, any other error, Killed) is.
var (
	// Normal is the reason of a child that stopped itself: ctx.Stop on its
	// own PID, Exit(ctx, Normal) or Exit(ctx, nil). A stop requested from
	// outside the supervisor (someone else's ctx.Stop or Poison) also looks
	// like Normal, because protoactor does not say who stopped an actor.
	//lint:ignore ST1012 an exit reason named as in OTP, not an error to handle
	Normal = errors.New("normal")
	// Shutdown is the reason of a child stopped by its supervisor, and of a
	// child that calls Exit(ctx, Shutdown).
	//lint:ignore ST1012 an exit reason named as in OTP, not an error to handle
	Shutdown = errors.New("shutdown")
	// Killed is the reason of a child that was brutally killed (see
	// BrutalKill). It is abnormal.
	//lint:ignore ST1012 an exit reason named as in OTP, not an error to handle
	Killed = errors.New("killed")
)

// ShutdownError is OTP's {shutdown, Term}: a shutdown with a term attached.
// errors.Is(err, Shutdown) holds for it, and if Term is an error it is also
// reachable with errors.Is/As.
type ShutdownError struct {
	Term any
}

// ShutdownWith returns the reason {shutdown, term}.
func ShutdownWith(term any) error { return &ShutdownError{Term: term} }

// Error implements error.
func (e *ShutdownError) Error() string { return fmt.Sprintf("shutdown: %v", e.Term) }

// Is makes errors.Is(e, Shutdown) true.
func (e *ShutdownError) Is(target error) bool { return target == Shutdown }

// Unwrap exposes Term when it is an error.
func (e *ShutdownError) Unwrap() error {
	err, _ := e.Term.(error)
	return err
}

// PanicError is the reason of a child whose Receive panicked.
type PanicError struct {
	// Value is what was passed to panic.
	Value any
	// pcs is the call stack at the panic, symbolised only when asked for:
	// capturing it costs about a microsecond, formatting it much more.
	pcs []uintptr
}

// newPanicError captures the stack of the panicking goroutine; call it
// from the deferred function that recovered.
func newPanicError(v any) *PanicError {
	var pcs [64]uintptr
	n := runtime.Callers(3, pcs[:])
	return &PanicError{Value: v, pcs: slices.Clone(pcs[:n])}
}

// Error implements error.
func (e *PanicError) Error() string { return fmt.Sprintf("panic: %v", e.Value) }

// Stack formats the call stack at the panic, innermost frame first, one
// "function\n\tfile:line" pair per frame like runtime/debug.Stack.
func (e *PanicError) Stack() string {
	var b strings.Builder
	frames := runtime.CallersFrames(e.pcs)
	for {
		f, more := frames.Next()
		if f.Function != "" {
			fmt.Fprintf(&b, "%s\n\t%s:%d\n", f.Function, f.File, f.Line)
		}
		if !more {
			return b.String()
		}
	}
}

// Unwrap exposes Value when it is an error.
func (e *PanicError) Unwrap() error {
	err, _ := e.Value.(error)
	return err
}

// IsNormal reports whether reason is nil or Normal.
func IsNormal(reason error) bool { return reason == nil || errors.Is(reason, Normal) }

// IsShutdown reports whether reason is Shutdown or ShutdownWith(term).
func IsShutdown(reason error) bool { return reason != nil && errors.Is(reason, Shutdown) }

// IsAbnormal reports whether reason is neither normal nor a shutdown: the
// exits after which a transient child is restarted.
func IsAbnormal(reason error) bool { return !IsNormal(reason) && !IsShutdown(reason) }

// Exit ends the calling child with reason once the current Receive returns.
// It must be called from the child's own Receive (or Init). It returns
// normally; no further user message is delivered to the child.
//
//   - nil, Normal, Shutdown, ShutdownWith(term): the child stops (its
//     Stopping and Stopped handlers run) and its supervisor sees that
//     reason. A permanent child is restarted, a transient or temporary one
//     is not.
//   - any other error: an abnormal exit, handled exactly like a panic: the
//     child is restarted in place (same PID and mailbox) if its restart
//     type says so. The message being processed counts as dropped.
//
// Called during start (Init or the Started handler), any reason makes the
// start fail with that reason.
//
// In an actor that is not a child of this package's supervisors, Exit falls
// back to ctx.Stop(ctx.Self()) for normal and shutdown reasons and to
// protoactor's failure escalation for the others.
func Exit(ctx actor.Context, reason error) {
	if reason == nil {
		reason = Normal
	}
	if h, ok := ctx.Actor().(*host); ok {
		h.exit = reason
		return
	}
	if IsAbnormal(reason) {
		if e, ok := ctx.(escalator); ok {
			e.EscalateFailure(reason, ctx.Message())
			return
		}
	}
	ctx.Stop(ctx.Self())
}

// escalator is the part of protoactor's actor context that reports a
// failure to the parent and suspends the mailbox.
type escalator interface {
	EscalateFailure(reason any, message any)
}

// restartable reports whether a child of type rt that exited with reason
// is restarted (OTP do_restart).
func restartable(rt RestartType, reason error) bool {
	switch rt {
	case Permanent:
		return true
	case Transient:
		return IsAbnormal(reason)
	default:
		return false
	}
}
