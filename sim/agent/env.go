package agent

import (
	"os"
	"strings"

	mesosv1 "github.com/mactor/mactor/messages/mesos/v1"
)

// environment is what Mesos gives a command task: the agent's own
// environment, the executor variables (MESOS_*), the task's command
// environment, then the hook's variables last.
func environment(cfg Config, fw *mesosv1.FrameworkInfo, exec *mesosv1.ExecutorInfo, task *mesosv1.TaskInfo, dir string, hook *mesosv1.Environment) []string {
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
	set("MESOS_FRAMEWORK_ID", fw.GetId().GetValue())
	set("MESOS_EXECUTOR_ID", exec.GetExecutorId().GetValue())
	set("MESOS_SLAVE_ID", cfg.Info.GetId().GetValue())
	set("MESOS_AGENT_ENDPOINT", cfg.Endpoint)
	set("MESOS_SLAVE_PID", "slave(1)@"+cfg.Endpoint)
	set("MESOS_DIRECTORY", dir)
	set("MESOS_SANDBOX", dir)
	set("MESOS_CHECKPOINT", boolString(fw.GetCheckpoint()))
	set("MESOS_HTTP_COMMAND_EXECUTOR", "0")
	set("MESOS_EXECUTOR_SHUTDOWN_GRACE_PERIOD", "5secs")
	set("MESOS_TASK_ID", task.GetTaskId().GetValue())
	set("LIBPROCESS_PORT", "0")
	for _, v := range task.GetCommand().GetEnvironment().GetVariables() {
		set(v.GetName(), v.GetValue())
	}
	for _, v := range hook.GetVariables() {
		set(v.GetName(), v.GetValue())
	}
	out := make([]string, 0, len(order))
	for _, k := range order {
		out = append(out, k+"="+vars[k])
	}
	return out
}

func boolString(b bool) string {
	if b {
		return "1"
	}
	return "0"
}
