package scheduler

import (
	"errors"

	"github.com/mactor/mactor/internal/mesoshttp"
)

// Errors of the driver itself.
var (
	// ErrNotSubscribed: the driver has no subscription at the moment
	// (before Registered, or between Disconnected and Reregistered).
	ErrNotSubscribed = errors.New("scheduler: not subscribed")
	// ErrStopped: the driver is stopping or has stopped.
	ErrStopped = errors.New("scheduler: driver stopped")
	// ErrAborted is what Join returns after Abort.
	ErrAborted = errors.New("scheduler: driver aborted")
	// ErrErrorEvent: the master sent an ERROR event; Join wraps it with
	// the master's message.
	ErrErrorEvent = errors.New("scheduler: ERROR event from master")
	// ErrBehaviourFailed: the behaviour crashed more often than its
	// restart intensity allows and its supervisor gave up.
	ErrBehaviourFailed = errors.New("scheduler: behaviour failed")
	// ErrInvalidCall: a call is malformed (for example a required field is
	// missing) and was not sent.
	ErrInvalidCall = errors.New("scheduler: invalid call")
	// ErrAutoAcknowledge: Acknowledge was called while the driver
	// acknowledges updates itself (see WithAutoAcknowledge).
	ErrAutoAcknowledge = errors.New("scheduler: updates are acknowledged automatically")
	// ErrNoUUID: the update has no uuid, so it must not be acknowledged.
	ErrNoUUID = errors.New("scheduler: update has no uuid")
	// ErrInvalidConfig: Start was given an unusable Config or option.
	ErrInvalidConfig = errors.New("scheduler: invalid config")
	// ErrNoStreamID: a master answered SUBSCRIBE without a Mesos-Stream-Id.
	ErrNoStreamID = errors.New("scheduler: SUBSCRIBE answered without Mesos-Stream-Id")
	// ErrHeartbeatLost: no event arrived within the heartbeat timeout; the
	// driver reconnects.
	ErrHeartbeatLost = errors.New("scheduler: heartbeats lost")
)

// Error is a status code other than the expected one from a master, with
// the master's message. It matches one of the status sentinels below with
// errors.Is; use errors.As to read the code and message.
type Error = mesoshttp.Error

// Status sentinels: errors.Is(err, ErrForbidden) holds for an *Error with
// code 403, and so on.
var (
	ErrBadRequest           = mesoshttp.ErrBadRequest           // 400
	ErrUnauthorized         = mesoshttp.ErrUnauthorized         // 401
	ErrForbidden            = mesoshttp.ErrForbidden            // 403
	ErrNotFound             = mesoshttp.ErrNotFound             // 404
	ErrMethodNotAllowed     = mesoshttp.ErrMethodNotAllowed     // 405
	ErrNotAcceptable        = mesoshttp.ErrNotAcceptable        // 406
	ErrConflict             = mesoshttp.ErrConflict             // 409
	ErrUnsupportedMediaType = mesoshttp.ErrUnsupportedMediaType // 415
	ErrTooManyRequests      = mesoshttp.ErrTooManyRequests      // 429
	ErrInternal             = mesoshttp.ErrInternal             // 500
	ErrNotImplemented       = mesoshttp.ErrNotImplemented       // 501
	ErrServiceUnavailable   = mesoshttp.ErrServiceUnavailable   // 503
	ErrUnexpectedStatus     = mesoshttp.ErrUnexpectedStatus     // other codes
	ErrTooManyRedirects     = mesoshttp.ErrTooManyRedirects     // 307 loop
)
