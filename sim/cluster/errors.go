package cluster

import "errors"

// ErrBadConfig reports a configuration the cluster cannot start with.
var ErrBadConfig = errors.New("sim: bad config")
