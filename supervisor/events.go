package supervisor

import (
	"time"

	"github.com/asynkron/protoactor-go/actor"
	"go.uber.org/zap"
)

// The supervisor publishes these events on its actor system's EventStream
// (system.EventStream.Subscribe), synchronously from the supervisor's
// goroutine, so a subscriber must be quick and must not call the
// supervisor. Each carries the supervisor's PID.

// ChildStarted is published when a child was started by the supervisor's
// own start, by AddChild, StartChild or RestartChild.
type ChildStarted struct {
	Supervisor *actor.PID
	ID         string
	PID        *actor.PID
}

// ChildRestarted is published when a child was started again automatically.
type ChildRestarted struct {
	Supervisor *actor.PID
	ID         string
	PID        *actor.PID
	// Reason is why this child had ended: its own exit reason, or Shutdown
	// for a sibling that one_for_all or rest_for_one terminated.
	Reason error
	// Trigger is the id of the child whose exit caused this restart (this
	// child's own id under one_for_one).
	Trigger string
	// Dropped is the message the child was processing when it crashed, nil
	// if it was not processing one. That message is lost.
	Dropped any
	// InPlace is true when the child kept its process and mailbox
	// (protoactor restart of a crashed child); false when a new process
	// was spawned under the same name.
	InPlace bool
	// Restarts counts this child's restarts so far, this one included.
	Restarts int
}

// ChildTerminated is published when a child ended, on its own or because the supervisor
// stopped it.
type ChildTerminated struct {
	Supervisor *actor.PID
	ID         string
	PID        *actor.PID
	Reason     error
	// Dropped is the message being processed when the child crashed.
	Dropped any
}

// ChildStartFailed is published when starting or restarting a child failed. After a failed
// automatic restart the supervisor tries again (each try counts against
// the intensity), as OTP does.
type ChildStartFailed struct {
	Supervisor *actor.PID
	ID         string
	Err        error
}

// IntensityExceeded is published when more than MaxRestarts restarts happened within
// Period; the supervisor is terminating all its children and will exit
// with ShutdownWith(ErrMaxRestartIntensity), escalating to its parent.
type IntensityExceeded struct {
	Supervisor  *actor.PID
	Trigger     string
	MaxRestarts int
	Period      time.Duration
}

// SupervisorStopped is published when a supervisor has terminated all its children and is
// about to stop.
type SupervisorStopped struct {
	Supervisor *actor.PID
	Reason     error
}

// publish sends ev to the event stream; a panicking subscriber is logged,
// never allowed to take the supervisor down.
func (s *supervisor) publish(ev any) {
	defer func() {
		if r := recover(); r != nil {
			s.log.Error("event stream subscriber panicked", zap.Any("panic", r), zap.Any("event", ev))
		}
	}()
	s.sys.EventStream.Publish(ev)
}

// reportDropped publishes the message a crashed child was processing as a
// dead letter: protoactor logs it, and answers the sender (if any) with a
// DeadLetterResponse, so a RequestFuture fails at once instead of timing
// out.
func (s *supervisor) reportDropped(pid *actor.PID, msg any, sender *actor.PID) {
	s.publish(&actor.DeadLetterEvent{PID: pid, Message: msg, Sender: sender})
}
