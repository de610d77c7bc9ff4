package master

import (
	"context"

	mesosv1 "github.com/mactor/mactor/messages/mesos/v1"
)

// Launcher runs tasks on agents: the simulated agents implement it. Status
// updates come back through Master.Update.
type Launcher interface {
	// Launch starts task on its agent for the framework.
	Launch(ctx context.Context, fw *mesosv1.FrameworkInfo, task *mesosv1.TaskInfo) error
	// Kill asks the task's agent to kill it.
	Kill(ctx context.Context, fw *mesosv1.FrameworkID, agent *mesosv1.AgentID, task *mesosv1.TaskID) error
}
