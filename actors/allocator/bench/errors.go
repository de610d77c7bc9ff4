package bench

import "errors"

// ErrConfig reports a scenario configuration that cannot run (no agents,
// no frameworks).
var ErrConfig = errors.New("bench: invalid configuration")
