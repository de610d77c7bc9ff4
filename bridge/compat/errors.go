package compat

import "errors"

// Sentinel errors of the compat package.
var (
	// ErrUnknownType reports a `type` that is none of alligator's 19 event
	// names.
	ErrUnknownType = errors.New("compat: unknown event type")
	// ErrValue reports a `value` that does not decode as the type's message.
	ErrValue = errors.New("compat: bad value")
)
