package scheduler

import schedulerv1 "github.com/mactor/mactor/messages/mesos/v1/scheduler"

// Messages from the driver to the behaviour's actor, besides the
// *schedulerv1.Event values it forwards as they are.

// registered carries a SUBSCRIBED event; again marks a resubscription.
type registered struct {
	event *schedulerv1.Event_Subscribed
	again bool
}

// disconnected says the subscription ended.
type disconnected struct{}

// localError is an error the driver itself reports to the behaviour
// (an undecodable event, a refused SUBSCRIBE).
type localError struct{ message string }

// callFailure reports an asynchronous call that failed.
type callFailure struct {
	call *schedulerv1.Call
	err  error
}
