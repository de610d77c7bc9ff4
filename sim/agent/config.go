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

// DefaultExecutorHeartbeat is Mesos's DEFAULT_EXECUTOR_HEARTBEAT_INTERVAL.
const DefaultExecutorHeartbeat = 30 * time.Minute

// Hooks are the agent-side hooks; sim/module.Bridge implements them. A nil
// result means "no change".
type Hooks interface {
	RunTaskLabels(ctx context.Context, task *mesosv1.TaskInfo, exec *mesosv1.ExecutorInfo, fw *mesosv1.FrameworkInfo, agent *mesosv1.AgentInfo) (*mesosv1.Labels, error)
	ExecutorEnvironment(ctx context.Context, exec *mesosv1.ExecutorInfo) (*mesosv1.Environment, error)
	RemoveExecutor(ctx context.Context, fw *mesosv1.FrameworkInfo, exec *mesosv1.ExecutorInfo) error
	TaskStatus(ctx context.Context, fw *mesosv1.FrameworkID, st *mesosv1.TaskStatus) (*mesosv1.TaskStatus, error)
}

// Updater receives what the agent reports: the simulated master
// implements it.
type Updater interface {
	// Update is a task status update (retried by the master until the
	// framework acknowledges it).
	Update(fw string, st *mesosv1.TaskStatus) error
	// Message is a framework message from an executor.
	Message(fw string, agent *mesosv1.AgentID, executor *mesosv1.ExecutorID, data []byte) error
	// ExecutorExited reports a custom executor's end with its wait status
	// (-1 if it never ran).
	ExecutorExited(fw string, agent *mesosv1.AgentID, executor *mesosv1.ExecutorID, status int32) error
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
	// Listen is where the agent serves its HTTP API (POST
	// /api/v1/executor), reported to executors as MESOS_AGENT_ENDPOINT
	// (default: the agent's hostname, port 0 for any free port), unless
	// the Ledger already listens (Ledger.Listen).
	Listen string
	// ShutdownGracePeriod is how long an executor has after SHUTDOWN
	// before it is killed, unless its ExecutorInfo says otherwise (default
	// 5s, Mesos's --executor_shutdown_grace_period).
	ShutdownGracePeriod time.Duration
	// RegistrationTimeout is how long a custom executor has to subscribe
	// before it is killed and its tasks fail (default 1m, Mesos's
	// --executor_registration_timeout).
	RegistrationTimeout time.Duration
	// ExecutorHeartbeat paces HEARTBEAT events on executors' streams
	// (default 30m, Mesos's DEFAULT_EXECUTOR_HEARTBEAT_INTERVAL).
	ExecutorHeartbeat time.Duration
	Hooks             Hooks
	Updater           Updater
	Logger            *zap.Logger
	// Ledger keeps the running tasks across restarts of the actor: give
	// every instance of one agent the same (default: a new one per New).
	Ledger *Ledger
}
