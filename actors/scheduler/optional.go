package scheduler

import (
	"github.com/mactor/mactor/actors/behaviour"
	schedulerv1 "github.com/mactor/mactor/messages/mesos/v1/scheduler"
)

// Stateful is implemented by a behaviour that opts in to durable state.
// After every event it handles without panicking, MarshalState is called and
// the result saved in the StateStore (see WithStateStore). After a crash,
// the fresh instance from Config.New gets UnmarshalState with the last
// saved state before it sees any event, so the behaviour resumes where it
// was instead of from scratch. It is behaviour.Stateful, shared with the
// executor package.
type Stateful = behaviour.Stateful

// CallFailedHandler is implemented by a behaviour that wants to hear about
// asynchronous calls that failed after the Driver accepted them (the master
// answered 4xx/5xx, the connection broke, the subscription ended before the
// call went out). Without it such failures are only logged.
type CallFailedHandler interface {
	CallFailed(d Driver, call *schedulerv1.Call, err error)
}
