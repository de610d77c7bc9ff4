package master

import (
	"context"

	mesosv1 "github.com/mactor/mactor/messages/mesos/v1"
)

// Launcher runs tasks on agents: the simulated agents implement it. Status
// updates come back through Master.Update, framework messages from
// executors through Master.Message, executor exits through
// Master.ExecutorExited.
type Launcher interface {
	// Launch starts task on its agent for the framework.
	Launch(ctx context.Context, fw *mesosv1.FrameworkInfo, task *mesosv1.TaskInfo) error
	// LaunchGroup starts the tasks of a LAUNCH_GROUP on their agent, on
	// executor, which gets them in one LAUNCH_GROUP event.
	LaunchGroup(ctx context.Context, fw *mesosv1.FrameworkInfo, executor *mesosv1.ExecutorInfo, tasks []*mesosv1.TaskInfo) error
	// Kill asks the task's agent to kill it.
	Kill(ctx context.Context, fw *mesosv1.FrameworkID, agent *mesosv1.AgentID, task *mesosv1.TaskID) error
	// Message hands a framework message (scheduler MESSAGE) to an
	// executor on agent; it is unreliable, as in Mesos.
	Message(ctx context.Context, fw *mesosv1.FrameworkID, agent *mesosv1.AgentID, executor *mesosv1.ExecutorID, data []byte) error
	// Shutdown asks agent to shut an executor down (scheduler SHUTDOWN,
	// and every executor of a framework that is removed).
	Shutdown(ctx context.Context, fw *mesosv1.FrameworkID, agent *mesosv1.AgentID, executor *mesosv1.ExecutorID) error
}
