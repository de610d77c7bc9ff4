package executor

import executorv1 "github.com/mactor/mactor/messages/mesos/v1/executor"

// Messages from the driver to the behaviour's actor, besides the
// *executorv1.Event values it forwards as they are.

// registered carries a SUBSCRIBED event; again marks a resubscription.
type registered struct {
	event *executorv1.Event_Subscribed
	again bool
}

// disconnected says the connection to the agent broke.
type disconnected struct{}

// shutdown asks the behaviour to shut down (the agent's SHUTDOWN, or the
// driver giving up on a lost agent).
type shutdown struct{}

// localError is an error the driver reports to the behaviour.
type localError struct{ message string }
