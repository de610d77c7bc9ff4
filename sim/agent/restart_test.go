package agent_test

import (
	"context"
	"testing"
	"time"

	"github.com/asynkron/protoactor-go/actor"
	"google.golang.org/protobuf/proto"

	"github.com/mactor/mactor/internal/testutil"
	mesosv1 "github.com/mactor/mactor/messages/mesos/v1"
	"github.com/mactor/mactor/sim/agent"
)

// crashing panics in the run-task hook of task "boom".
type crashing struct{ fakes }

func (c *crashing) RunTaskLabels(ctx context.Context, t *mesosv1.TaskInfo, e *mesosv1.ExecutorInfo, f *mesosv1.FrameworkInfo, a *mesosv1.AgentInfo) (*mesosv1.Labels, error) {
	if t.GetTaskId().GetValue() == "boom" {
		panic("hook crashed")
	}
	return c.fakes.RunTaskLabels(ctx, t, e, f, a)
}

// TestRestartKeepsTasks crashes the agent actor while a task runs: the
// restarted instance shares the ledger, so killing the task still works.
func TestRestartKeepsTasks(t *testing.T) {
	system := actor.NewActorSystem()
	f := &crashing{}
	info := &mesosv1.AgentInfo{Hostname: proto.String("h"), Id: &mesosv1.AgentID{Value: proto.String("S1")}}
	ledger := agent.NewLedger()
	pid := system.Root.Spawn(actor.PropsFromProducer(func() actor.Actor {
		return agent.New(agent.Config{Info: info, WorkDir: t.TempDir(), Hooks: f, Updater: f, Ledger: ledger})
	}))
	defer func() { _ = system.Root.StopFuture(pid).Wait() }()
	fw := &mesosv1.FrameworkInfo{User: proto.String("u"), Name: proto.String("n"), Id: &mesosv1.FrameworkID{Value: proto.String("F1")}}
	task := func(id, cmd string) *mesosv1.TaskInfo {
		return &mesosv1.TaskInfo{Name: proto.String(id), TaskId: &mesosv1.TaskID{Value: proto.String(id)}, AgentId: info.Id, Command: &mesosv1.CommandInfo{Value: proto.String(cmd)}}
	}
	system.Root.Send(pid, &agent.Launch{Framework: fw, Task: task("long", "sleep 60")})
	testutil.Eventually(t, 5*time.Second, func() bool { return len(f.states()) == 1 }, "running")
	system.Root.Send(pid, &agent.Launch{Framework: fw, Task: task("boom", "true")}) // the actor crashes and restarts
	system.Root.Send(pid, &agent.Kill{Framework: fw.Id, Task: &mesosv1.TaskID{Value: proto.String("long")}})
	testutil.Eventually(t, 10*time.Second, func() bool { return len(f.states()) == 2 }, "the task killed after the restart")
	if got := f.states()[1]; got != "TASK_KILLED" {
		t.Fatalf("update %s", got)
	}
}

// TestRestartKeepsExecutors crashes the agent actor while a custom
// executor runs: the restarted instance keeps the executor, its
// subscription and the agent's API, so a new task, a kill and a shutdown
// still reach it.
func TestRestartKeepsExecutors(t *testing.T) {
	c := &crashing{}
	x := startExecutorAgent(t, agent.Config{}, &c.fakes, c)
	e := executorInfo(t, "E1", "protobuf")
	x.launch("t1", "run", e)
	testutil.Eventually(t, 20*time.Second, x.has("t1:TASK_RUNNING"), "t1 running on the executor")
	x.launch("boom", "run", e) // the actor crashes in the hook and restarts
	x.launch("t2", "finish", e)
	testutil.Eventually(t, 20*time.Second, x.has("t2:TASK_FINISHED"), "t2 finished after the restart")
	x.system.Root.Send(x.pid, &agent.Kill{Framework: x.fw.Id, Task: &mesosv1.TaskID{Value: proto.String("t1")}})
	testutil.Eventually(t, 10*time.Second, x.has("t1:TASK_KILLED"), "t1 killed after the restart")
	x.system.Root.Send(x.pid, &agent.Shutdown{Framework: x.fw.Id, Executor: e.ExecutorId})
	testutil.Eventually(t, 10*time.Second, func() bool { _, exits, _ := x.f.got(); return len(exits) == 1 && exits[0] == 0 }, "executor shut down")
}
