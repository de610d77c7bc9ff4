package webui

import "errors"

// ErrBadReport reports a chaos report that is not JSON or not the object
// mactor chaos writes; WriteReport wraps it.
var ErrBadReport = errors.New("webui: bad chaos report")
