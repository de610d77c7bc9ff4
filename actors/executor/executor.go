package executor

import (
	mesosv1 "github.com/mactor/mactor/messages/mesos/v1"
	executorv1 "github.com/mactor/mactor/messages/mesos/v1/executor"
)

// Executor is a custom Mesos executor written as a behaviour: the
// callbacks of erlang-mesos's executor module, one per event of the Mesos
// v1 executor API. The behaviour's state is the value implementing it.
//
// mactor calls the methods one at a time, in the order the agent sent the
// events, from the behaviour's own actor; every callback gets the Driver.
// A callback that panics crashes the behaviour: see the package
// documentation for what survives a crash.
//
// Embed Base to implement only the callbacks you need.
type Executor interface {
	// Registered is called on the first SUBSCRIBED event: the agent
	// accepted the executor. e carries the ExecutorInfo, FrameworkInfo,
	// AgentInfo and container ID.
	Registered(d Driver, e *executorv1.Event_Subscribed)
	// Reregistered is called on every later SUBSCRIBED event, after the
	// executor lost the agent (an agent restart) and subscribed again.
	Reregistered(d Driver, e *executorv1.Event_Subscribed)
	// Disconnected is called when the connection to the agent breaks. With
	// checkpointing the driver tries to subscribe again for up to the
	// recovery timeout; without it, Shutdown follows.
	Disconnected(d Driver)
	// LaunchTask is called to start a task (LAUNCH). Report its state with
	// Driver.SendStatusUpdate (TASK_STARTING or TASK_RUNNING, then a
	// terminal state). If LaunchTask panics the driver reports TASK_FAILED
	// for the task.
	LaunchTask(d Driver, task *mesosv1.TaskInfo)
	// LaunchGroup is called to start a task group, all tasks at once
	// (LAUNCH_GROUP).
	LaunchGroup(d Driver, group *mesosv1.TaskGroupInfo)
	// KillTask is called to kill a task (KILL); send a terminal update
	// (TASK_KILLED) when it is dead. policy may be nil.
	KillTask(d Driver, task *mesosv1.TaskID, policy *mesosv1.KillPolicy)
	// Acknowledged is called when the agent acknowledged the status update
	// uuid of task (ACKNOWLEDGED); the driver stops resending it.
	Acknowledged(d Driver, task *mesosv1.TaskID, uuid []byte)
	// FrameworkMessage is called with a message from the scheduler
	// (MESSAGE), delivered best effort.
	FrameworkMessage(d Driver, data []byte)
	// Shutdown is called when the executor must end (SHUTDOWN, or the
	// agent could not be recovered): kill every task, send their terminal
	// updates and call Driver.Stop. The driver stops by itself when the
	// shutdown grace period runs out.
	Shutdown(d Driver)
	// Error is called with the message of an ERROR event, or of an error
	// the driver met (an undecodable event, a refused call).
	Error(d Driver, message string)
}
