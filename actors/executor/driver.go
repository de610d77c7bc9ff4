package executor

import mesosv1 "github.com/mactor/mactor/messages/mesos/v1"

// Driver is the handle an executor behaviour (and its program) uses to
// talk to the agent and to control the executor's life. All methods are
// safe for concurrent use and may be called from callbacks.
type Driver interface {
	// SendStatusUpdate reports a task's state, reliably: the driver fills
	// in executor_id, source (SOURCE_EXECUTOR), timestamp and a fresh uuid
	// when missing, sends the update, and keeps it until the agent
	// acknowledges it, resending it with the next SUBSCRIBE after a
	// disconnection. It fails only for a malformed status or a stopped
	// driver; while disconnected the update waits for the resubscription.
	SendStatusUpdate(status *mesosv1.TaskStatus) error
	// SendFrameworkMessage sends data to the scheduler, best effort.
	SendFrameworkMessage(data []byte) error
	// Env returns the environment the executor was started with.
	Env() Env
	// Stop sends what is queued and stops the driver; Join returns nil.
	// Call it once the tasks are done (after Shutdown, typically). It may
	// be called from a callback.
	Stop() error
	// Abort stops the driver at once; Join returns ErrAborted.
	Abort() error
	// Join waits until the driver has stopped and returns why: nil after
	// Stop, ErrAborted after Abort, an error wrapping ErrShutdownTimeout
	// when the behaviour did not stop within the shutdown grace period,
	// ErrRecoveryTimeout or ErrDisconnected when the agent was lost, the
	// agent's *Error when it refused SUBSCRIBE for good, or an error
	// wrapping ErrBehaviourFailed. Do not call Join from a callback.
	Join() error
}
