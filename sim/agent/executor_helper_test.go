package agent_test

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/asynkron/protoactor-go/actor"
	"google.golang.org/protobuf/proto"

	"github.com/mactor/mactor/actors/executor"
	mesosv1 "github.com/mactor/mactor/messages/mesos/v1"
	executorv1 "github.com/mactor/mactor/messages/mesos/v1/executor"
)

// testExecutorEnv makes the test binary run as the test executor; its
// value picks the encoding ("json" or "protobuf").
const testExecutorEnv = "SIM_AGENT_TEST_EXECUTOR"

// testExecutor is a custom executor written with actors/executor. A
// task's data says what it does: "finish" (RUNNING, a framework message,
// FINISHED), "run" (RUNNING until killed) or "crash" (the executor exits
// with status 3); a LAUNCH_GROUP is announced with a framework message
// "group <ids>". Framework messages are echoed back with "echo: ".
type testExecutor struct {
	executor.Base
}

func (testExecutor) Registered(d executor.Driver, _ *executorv1.Event_Subscribed) {
	var env []string
	for _, kv := range os.Environ() {
		if strings.HasPrefix(kv, "MESOS_") || strings.HasPrefix(kv, "HOOK_") || strings.HasPrefix(kv, "EXEC_") {
			env = append(env, kv)
		}
	}
	sort.Strings(env)
	_ = os.WriteFile(filepath.Join(os.Getenv("MESOS_SANDBOX"), "env.txt"), []byte(strings.Join(env, "\n")), 0o600)
}

func (testExecutor) LaunchTask(d executor.Driver, task *mesosv1.TaskInfo) {
	update := func(s mesosv1.TaskState) {
		_ = d.SendStatusUpdate(&mesosv1.TaskStatus{TaskId: task.GetTaskId(), State: s.Enum()})
	}
	switch string(task.GetData()) {
	case "crash":
		os.Exit(3)
	case "finish":
		update(mesosv1.TaskState_TASK_RUNNING)
		_ = d.SendFrameworkMessage([]byte("done " + task.GetTaskId().GetValue()))
		update(mesosv1.TaskState_TASK_FINISHED)
	default:
		update(mesosv1.TaskState_TASK_RUNNING)
	}
}

// LaunchGroup tells the scheduler which tasks came as a group, then runs
// each as LaunchTask does.
func (e testExecutor) LaunchGroup(d executor.Driver, g *mesosv1.TaskGroupInfo) {
	var ids []string
	for _, t := range g.GetTasks() {
		ids = append(ids, t.GetTaskId().GetValue())
	}
	_ = d.SendFrameworkMessage([]byte("group " + strings.Join(ids, ",")))
	for _, t := range g.GetTasks() {
		e.LaunchTask(d, t)
	}
}

func (testExecutor) KillTask(d executor.Driver, task *mesosv1.TaskID, _ *mesosv1.KillPolicy) {
	_ = d.SendStatusUpdate(&mesosv1.TaskStatus{TaskId: task, State: mesosv1.TaskState_TASK_KILLED.Enum(), Message: proto.String("killed")})
}

func (testExecutor) FrameworkMessage(d executor.Driver, data []byte) {
	_ = d.SendFrameworkMessage(append([]byte("echo: "), data...))
}

func (testExecutor) Shutdown(d executor.Driver) { _ = d.Stop() }

func runTestExecutor() int {
	enc := executor.Protobuf
	if os.Getenv(testExecutorEnv) == "json" {
		enc = executor.JSON
	}
	d, err := executor.Start(actor.NewActorSystem(), executor.Config{New: func() executor.Executor { return testExecutor{} }}, executor.WithEncoding(enc))
	if err != nil {
		fmt.Fprintln(os.Stderr, "test executor:", err)
		return 2
	}
	if err := d.Join(); err != nil {
		fmt.Fprintln(os.Stderr, "test executor:", err)
		return 1
	}
	return 0
}
