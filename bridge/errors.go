package bridge

import "errors"

// Sentinel errors of the bridge.
var (
	// ErrStopping reports that the engine is shutting down (503).
	ErrStopping = errors.New("bridge: engine stopping")
	// ErrOverloaded reports too many calls in flight (503).
	ErrOverloaded = errors.New("bridge: overloaded")
	// ErrNoSubscriber reports an event published while no module session
	// has ever subscribed.
	ErrNoSubscriber = errors.New("bridge: no subscriber")
	// ErrTimeout reports a call that got no answer from its owner in time
	// (503).
	ErrTimeout = errors.New("bridge: timed out")
	// ErrUnavailable reports a part of the engine that is not running
	// (the registry, a supervisor) (503).
	ErrUnavailable = errors.New("bridge: unavailable")
	// ErrSessionGone reports calls that the session they were handed to
	// stopped without answering (503: resend).
	ErrSessionGone = errors.New("bridge: session stopped before answering; resend")
	// ErrSupervisorGone reports a session that could not be started
	// because the sessions supervisor stopped meanwhile (503: resend).
	ErrSupervisorGone = errors.New("bridge: sessions supervisor restarting")
)
