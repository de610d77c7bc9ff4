package agent

import (
	"fmt"
	"os"
	"strings"
	"time"

	mesosv1 "github.com/mactor/mactor/messages/mesos/v1"
)

// Mesos's agent defaults for the durations it gives executors.
const (
	// DefaultShutdownGracePeriod is --executor_shutdown_grace_period.
	DefaultShutdownGracePeriod = 5 * time.Second
	// DefaultRegistrationTimeout is --executor_registration_timeout.
	DefaultRegistrationTimeout = time.Minute
	// recoveryTimeout is --recovery_timeout, given to checkpointing executors.
	recoveryTimeout = 15 * time.Minute
	// subscriptionBackoffMax is --executor_reregistration_timeout.
	subscriptionBackoffMax = 2 * time.Second
)

// envSpec is what an executor's environment is made of.
type envSpec struct {
	fw       *mesosv1.FrameworkInfo
	exec     *mesosv1.ExecutorInfo
	dir      string
	endpoint string
	grace    time.Duration
	command  bool   // Mesos's command executor (for a command task)
	task     string // MESOS_TASK_ID, command tasks only
	vars     *mesosv1.Environment
	hook     *mesosv1.Environment
}

// environment is what Mesos gives an executor: the agent's own
// environment, the executor variables (MESOS_*), the command's
// environment (the task's for a command task, the executor's for a custom
// executor), then the hook's variables last.
func environment(cfg Config, s envSpec) []string {
	vars := map[string]string{}
	var order []string
	set := func(k, v string) {
		if _, ok := vars[k]; !ok {
			order = append(order, k)
		}
		vars[k] = v
	}
	for _, kv := range os.Environ() {
		if k, v, ok := strings.Cut(kv, "="); ok {
			set(k, v)
		}
	}
	set("MESOS_FRAMEWORK_ID", s.fw.GetId().GetValue())
	set("MESOS_EXECUTOR_ID", s.exec.GetExecutorId().GetValue())
	set("MESOS_SLAVE_ID", cfg.Info.GetId().GetValue())
	set("MESOS_AGENT_ENDPOINT", s.endpoint)
	set("MESOS_SLAVE_PID", "slave(1)@"+s.endpoint)
	set("MESOS_DIRECTORY", s.dir)
	set("MESOS_SANDBOX", s.dir)
	set("MESOS_CHECKPOINT", boolString(s.fw.GetCheckpoint()))
	set("MESOS_HTTP_COMMAND_EXECUTOR", "0")
	set("MESOS_EXECUTOR_SHUTDOWN_GRACE_PERIOD", mesosDuration(s.grace))
	if s.fw.GetCheckpoint() {
		set("MESOS_RECOVERY_TIMEOUT", mesosDuration(recoveryTimeout))
		set("MESOS_SUBSCRIPTION_BACKOFF_MAX", mesosDuration(subscriptionBackoffMax))
	}
	if s.command {
		set("MESOS_TASK_ID", s.task)
	}
	if host, _, ok := strings.Cut(s.endpoint, ":"); ok {
		set("LIBPROCESS_IP", host)
	}
	set("LIBPROCESS_PORT", "0")
	for _, v := range s.vars.GetVariables() {
		set(v.GetName(), v.GetValue())
	}
	for _, v := range s.hook.GetVariables() {
		set(v.GetName(), v.GetValue())
	}
	out := make([]string, 0, len(order))
	for _, k := range order {
		out = append(out, k+"="+vars[k])
	}
	return out
}

// mesosDuration writes d as Mesos writes durations ("5secs", "250ms").
func mesosDuration(d time.Duration) string {
	switch {
	case d%time.Minute == 0 && d > 0:
		return fmt.Sprintf("%dmins", d/time.Minute)
	case d%time.Second == 0:
		return fmt.Sprintf("%dsecs", d/time.Second)
	case d%time.Millisecond == 0:
		return fmt.Sprintf("%dms", d/time.Millisecond)
	default:
		return fmt.Sprintf("%dns", d.Nanoseconds())
	}
}

// gracePeriod is an executor's shutdown grace period: its own, or the
// agent's.
func gracePeriod(cfg Config, e *mesosv1.ExecutorInfo) time.Duration {
	if g := e.GetShutdownGracePeriod(); g != nil && g.GetNanoseconds() > 0 {
		return time.Duration(g.GetNanoseconds())
	}
	return cfg.ShutdownGracePeriod
}

func boolString(b bool) string {
	if b {
		return "1"
	}
	return "0"
}
