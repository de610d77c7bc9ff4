package supervisor

import "github.com/asynkron/protoactor-go/actor"

// Messages between a Handle (or a parent supervisor) and a supervisor
// actor. They are in-process Go values, not protobuf: a supervisor is
// controlled from its own actor system only.
type (
	whichChildrenRequest  struct{}
	countChildrenRequest  struct{}
	addChildRequest       struct{ spec ChildSpec }
	startChildRequest     struct{ id string }
	terminateChildRequest struct{ id string }
	restartChildRequest   struct{ id string }
	deleteChildRequest    struct{ id string }
	childInfoRequest      struct{ id string }

	// stopRequest asks for an ordered shutdown (reason Shutdown). Parents
	// send it to running nested supervisors instead of protoactor's Stop,
	// so that the nested supervisor stops its children from its own
	// Receive, in order with the messages already queued, as an OTP
	// supervisor trapping exits does.
	stopRequest struct{}

	// retryRestart is a pending restart of child id, sent by the
	// supervisor to itself (at once after a failed restart, as OTP's
	// try_again_restart, or when a backoff delay ends).
	retryRestart struct {
		id      string
		seq     uint64
		counted bool // already counted against the intensity
	}

	reply struct {
		pid      *actor.PID
		err      error
		children []ChildInfo
		counts   Counts
		info     ChildInfo
		desc     Description
	}
)
