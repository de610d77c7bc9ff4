package module

import "errors"

// ErrConvert reports a message that does not convert between the v1 and
// unversioned Mesos types.
var ErrConvert = errors.New("module: cannot convert message")

// ErrHook reports a hook the engine answered with an error.
var ErrHook = errors.New("module: hook failed")
