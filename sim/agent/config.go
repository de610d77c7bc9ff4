package agent

import (
	"context"
	"time"

	"go.uber.org/zap"

	mesosv1 "github.com/mactor/mactor/messages/mesos/v1"
)

// DefaultResources is an agent's default resources, in Mesos's syntax.
const DefaultResources = "cpus:4;mem:8192;disk:10000;ports:[31000-32000]"

// DefaultFakeDuration is how long a fake task runs.
const DefaultFakeDuration = time.Second

// Hooks are the agent-side hooks; sim/module.Bridge implements them. A nil
// result means "no change".
type Hooks interface {
	RunTaskLabels(ctx context.Context, task *mesosv1.TaskInfo, exec *mesosv1.ExecutorInfo, fw *mesosv1.FrameworkInfo, agent *mesosv1.AgentInfo) (*mesosv1.Labels, error)
	ExecutorEnvironment(ctx context.Context, exec *mesosv1.ExecutorInfo) (*mesosv1.Environment, error)
	RemoveExecutor(ctx context.Context, fw *mesosv1.FrameworkInfo, exec *mesosv1.ExecutorInfo) error
	TaskStatus(ctx context.Context, fw *mesosv1.FrameworkID, st *mesosv1.TaskStatus) (*mesosv1.TaskStatus, error)
}

// Updater receives the agent's status updates: the simulated master.
type Updater interface {
	Update(fw string, st *mesosv1.TaskStatus) error
}

// Config configures an Agent.
type Config struct {
	// Info is the agent's id, hostname, resources and attributes.
	Info *mesosv1.AgentInfo
	// WorkDir holds the sandboxes (<WorkDir>/slaves/<id>/frameworks/...).
	WorkDir string
	// FakeTasks makes tasks finish after FakeDuration without running.
	FakeTasks    bool
	FakeDuration time.Duration
	// Endpoint is reported as MESOS_AGENT_ENDPOINT (host:port).
	Endpoint string
	Hooks    Hooks
	Updater  Updater
	Logger   *zap.Logger
	// Ledger keeps the running tasks across restarts of the actor: give
	// every instance of one agent the same (default: a new one per New).
	Ledger *Ledger
}
