package supervisor

import (
	"fmt"
	"time"
)

// ShutdownPolicy says how a supervisor stops a child (OTP's shutdown field;
// the name Shutdown is taken by the exit reason). A positive value is a
// timeout: the child gets protoactor's Stop (its Stopping handler runs,
// messages still queued are discarded), the supervisor waits up to that
// long and then kills it as with BrutalKill. The zero value means the
// default: DefaultShutdown for workers, Infinity for supervisors.
type ShutdownPolicy time.Duration

const (
	// BrutalKill kills the child at once, without running its Stopping
	// handler. Go cannot kill a goroutine, so this is the closest honest
	// equivalent:
	//
	//   - the child's process is removed from the ProcessRegistry, so
	//     nothing can send it anything more (its PID resolves to dead
	//     letters until the child is started again under the same name);
	//   - it is marked killed: when its goroutine next returns from the
	//     actor's code (at once if it is idle), it stops its own children
	//     and leaves with runtime.Goexit, without running more of the
	//     actor's code and without telling anyone it stopped;
	//   - the supervisor considers it dead immediately (reason Killed) and
	//     may start a new instance under the same name right away.
	//
	// A Receive that never returns keeps its goroutine (and whatever it
	// holds) forever; the supervisor logs a warning saying so. Messages
	// queued in the killed mailbox are lost, as with an Erlang kill.
	BrutalKill ShutdownPolicy = -1
	// Infinity waits for the child's Stopping handler however long it
	// takes: the default for supervisors.
	Infinity ShutdownPolicy = -2
	// DefaultShutdown is the default for workers (OTP's 5000 ms).
	DefaultShutdown = ShutdownPolicy(5 * time.Second)
)

// Timeout is a ShutdownPolicy that waits up to d before killing.
func Timeout(d time.Duration) ShutdownPolicy { return ShutdownPolicy(d) }

// String implements fmt.Stringer.
func (s ShutdownPolicy) String() string {
	switch {
	case s == BrutalKill:
		return "brutal_kill"
	case s == Infinity:
		return "infinity"
	case s == 0:
		return "default"
	}
	return time.Duration(s).String()
}

func (s ShutdownPolicy) validate(id string) error {
	if s < Infinity {
		return fmt.Errorf("%w: child %q has shutdown %d", ErrInvalidSpec, id, int64(s))
	}
	return nil
}
