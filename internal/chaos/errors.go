package chaos

import "errors"

// Sentinel errors of the chaos runner.
var (
	// ErrBadConfig reports flags the runner cannot start with (exit 2).
	ErrBadConfig = errors.New("chaos: bad config")
	// ErrEngine reports an engine process that would not start or come
	// back after a SIGKILL.
	ErrEngine = errors.New("chaos: engine")
)
