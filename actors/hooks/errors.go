package hooks

import "errors"

// Sentinel errors of the hooks package.
var (
	// ErrNotHook reports a call that is not a hook call.
	ErrNotHook = errors.New("hooks: not a hook call")
	// ErrConfig reports an invalid hooks configuration (YAML or settings).
	ErrConfig = errors.New("hooks: bad configuration")
	// ErrCommand reports an external command that failed: it could not
	// start, exited non-zero, was killed at its timeout, or wrote output
	// that does not parse.
	ErrCommand = errors.New("hooks: command failed")
)
