package owner

import "errors"

// Sentinel errors of the owner protocol.
var (
	// ErrStale reports a call routed before the epoch moved on: it was not
	// applied, and the module must resend it.
	ErrStale = errors.New("owner: stale call (epoch moved on), resend")
	// ErrNoOwner reports a call that names no owner (a missing id).
	ErrNoOwner = errors.New("owner: call names no owner")
	// ErrCrashed reports that the owner crashed while the call was in
	// flight; it may or may not have been applied, a resend is safe.
	ErrCrashed = errors.New("owner: owner crashed, resend")
	// ErrNotOwned reports a call type that no owner applies (hooks,
	// SUBSCRIBE, read-only requests).
	ErrNotOwned = errors.New("owner: call type has no owner")
)
