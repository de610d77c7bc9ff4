package agent

import (
	"os/exec"

	mesosv1 "github.com/mactor/mactor/messages/mesos/v1"
)

// Launch asks the agent actor to run a task for a framework.
type Launch struct {
	Framework *mesosv1.FrameworkInfo
	Task      *mesosv1.TaskInfo
}

// LaunchGroup asks the agent actor to run the tasks of a LAUNCH_GROUP on
// a custom executor, which gets them in one LAUNCH_GROUP event.
type LaunchGroup struct {
	Framework *mesosv1.FrameworkInfo
	Executor  *mesosv1.ExecutorInfo
	Tasks     []*mesosv1.TaskInfo
}

// Kill asks the agent actor to kill a task.
type Kill struct {
	Framework *mesosv1.FrameworkID
	Task      *mesosv1.TaskID
}

// exited is the actor's own note that a task's process ended.
type exited struct {
	task   string
	code   int
	err    error
	killed bool
}

// Message asks the agent actor to hand a framework message to an
// executor (scheduler MESSAGE). It is dropped if the executor is not
// subscribed, as Mesos drops it.
type Message struct {
	Framework *mesosv1.FrameworkID
	Executor  *mesosv1.ExecutorID
	Data      []byte
}

// Shutdown asks the agent actor to shut an executor down: SHUTDOWN, then
// a kill when the grace period has passed.
type Shutdown struct {
	Framework *mesosv1.FrameworkID
	Executor  *mesosv1.ExecutorID
}

// taskFetched is the actor's own note that a command task's URIs are in
// its sandbox (or could not be fetched): its process can start.
type taskFetched struct {
	task string
	cmd  *exec.Cmd
	err  error
}
