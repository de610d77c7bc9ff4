package executor

import (
	"errors"

	"github.com/mactor/mactor/internal/mesoshttp"
)

// Errors of the executor driver.
var (
	// ErrMissingEnv: a MESOS_* variable the executor needs is not set.
	ErrMissingEnv = errors.New("executor: missing environment variable")
	// ErrInvalidEnv: a MESOS_* variable is set to something unusable.
	ErrInvalidEnv = errors.New("executor: invalid environment variable")
	// ErrInvalidConfig: Start was given an unusable Config.
	ErrInvalidConfig = errors.New("executor: invalid config")
	// ErrStopped: the driver is stopping or has stopped.
	ErrStopped = errors.New("executor: driver stopped")
	// ErrAborted is what Join returns after Abort.
	ErrAborted = errors.New("executor: driver aborted")
	// ErrNotSubscribed: no subscription with the agent at the moment.
	ErrNotSubscribed = errors.New("executor: not subscribed")
	// ErrInvalidCall: a call or status update is malformed and was not
	// sent.
	ErrInvalidCall = errors.New("executor: invalid call")
	// ErrShutdownTimeout: the behaviour did not stop within the shutdown
	// grace period after SHUTDOWN.
	ErrShutdownTimeout = errors.New("executor: shutdown grace period expired")
	// ErrRecoveryTimeout: the agent stayed unreachable for the whole
	// recovery timeout (checkpointing frameworks).
	ErrRecoveryTimeout = errors.New("executor: agent not recovered within the recovery timeout")
	// ErrDisconnected: the agent was lost and the framework does not
	// checkpoint, so the executor shuts down.
	ErrDisconnected = errors.New("executor: disconnected from the agent")
	// ErrBehaviourFailed: the behaviour crashed more often than its
	// restart intensity allows.
	ErrBehaviourFailed = errors.New("executor: behaviour failed")
)

// Error is a status code other than the expected one from the agent, with
// the agent's message; it matches the status sentinels below.
type Error = mesoshttp.Error

// Status sentinels, matched by an *Error with errors.Is.
var (
	ErrBadRequest           = mesoshttp.ErrBadRequest           // 400
	ErrUnauthorized         = mesoshttp.ErrUnauthorized         // 401
	ErrForbidden            = mesoshttp.ErrForbidden            // 403
	ErrNotFound             = mesoshttp.ErrNotFound             // 404
	ErrUnsupportedMediaType = mesoshttp.ErrUnsupportedMediaType // 415
	ErrServiceUnavailable   = mesoshttp.ErrServiceUnavailable   // 503
	ErrUnexpectedStatus     = mesoshttp.ErrUnexpectedStatus     // other codes
)
