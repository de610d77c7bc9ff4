package supervisor

import (
	"fmt"
	"time"

	"github.com/asynkron/protoactor-go/actor"
)

// Status is a child's state as WhichChildren reports it.
type Status int

const (
	// Stopped: the child is not running and no restart is pending (OTP
	// shows its pid as undefined): it exited and was not restarted, was
	// terminated with TerminateChild, or chose ErrIgnore.
	Stopped Status = iota
	// Running: the child has started and is processing messages.
	Running
	// Restarting: a restart is due but not done yet: the child crashed and
	// waits for its turn, a backoff delay, or another try after a failed
	// restart. A crashed child keeps its process, so its PID is still
	// reported and messages sent to it are queued.
	Restarting
)

// String implements fmt.Stringer.
func (s Status) String() string {
	switch s {
	case Stopped:
		return "stopped"
	case Running:
		return "running"
	case Restarting:
		return "restarting"
	}
	return fmt.Sprintf("Status(%d)", int(s))
}

// ChildInfo describes one child, as returned by Handle.WhichChildren.
type ChildInfo struct {
	ID string
	// PID is nil when the child has no process (Stopped, or Restarting
	// after an exit that ended its process).
	PID      *actor.PID
	Type     ChildType
	Restart  RestartType
	Status   Status
	Restarts int // automatic restarts so far
}

// Counts is OTP's count_children.
type Counts struct {
	// Specs is the number of children (for simple_one_for_one: 1, the
	// template).
	Specs int
	// Active is the number of running children.
	Active int
	// Supervisors and Workers count children (running or not) by type.
	Supervisors int
	Workers     int
}

// child is the supervisor's record of one child.
type child struct {
	spec   ChildSpec
	link   *link // current process; nil when there is none
	status Status

	restarts   int
	exitReason error // why it last ended
	dropped    any   // message lost in that crash

	// Backoff and pending restarts.
	attempt  int
	upSince  time.Time
	retrySeq uint64 // invalidates stale retry messages
	timer    *time.Timer
}

func (c *child) info() ChildInfo {
	ci := ChildInfo{ID: c.spec.ID, Type: c.spec.Type, Restart: c.spec.Restart, Status: c.status, Restarts: c.restarts}
	if c.link != nil {
		ci.PID = c.link.pid
	}
	return ci
}

// cancelRetry forgets any pending restart of c.
func (c *child) cancelRetry() {
	c.retrySeq++
	if c.timer != nil {
		c.timer.Stop()
		c.timer = nil
	}
}
