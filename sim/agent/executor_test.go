package agent_test

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/asynkron/protoactor-go/actor"
	"google.golang.org/protobuf/proto"

	"github.com/mactor/mactor/internal/testutil"
	mesosv1 "github.com/mactor/mactor/messages/mesos/v1"
	"github.com/mactor/mactor/sim/agent"
)

// executorAgent is an agent actor whose custom executors are this test
// binary (see runTestExecutor).
type executorAgent struct {
	system *actor.ActorSystem
	pid    *actor.PID
	f      *fakes
	ledger *agent.Ledger
	work   string
	fw     *mesosv1.FrameworkInfo
}

func newExecutorAgent(t *testing.T, cfg agent.Config) *executorAgent {
	t.Helper()
	f := &fakes{}
	return startExecutorAgent(t, cfg, f, f)
}

// startExecutorAgent starts the agent with its hooks, recording what it
// reports in f.
func startExecutorAgent(t *testing.T, cfg agent.Config, f *fakes, hooks agent.Hooks) *executorAgent {
	t.Helper()
	x := &executorAgent{system: actor.NewActorSystem(), f: f, ledger: agent.NewLedger(), work: t.TempDir(),
		fw: &mesosv1.FrameworkInfo{User: proto.String("u"), Name: proto.String("n"), Id: &mesosv1.FrameworkID{Value: proto.String("F1")}}}
	cfg.Info = &mesosv1.AgentInfo{Hostname: proto.String("127.0.0.1"), Id: &mesosv1.AgentID{Value: proto.String("S1")}}
	cfg.WorkDir, cfg.Hooks, cfg.Updater, cfg.Ledger = x.work, hooks, f, x.ledger
	port, err := x.ledger.Listen("127.0.0.1:0") // as sim/cluster does, to put the port in AgentInfo
	if err != nil {
		t.Fatal(err)
	}
	if want := fmt.Sprintf("127.0.0.1:%d", port); x.ledger.Endpoint() != want {
		t.Fatalf("endpoint %q, want %q", x.ledger.Endpoint(), want)
	}
	x.pid = x.system.Root.Spawn(actor.PropsFromProducer(func() actor.Actor { return agent.New(cfg) }))
	t.Cleanup(func() { _ = x.system.Root.StopFuture(x.pid).Wait() })
	return x
}

// executorInfo runs this test binary as executor id with encoding enc.
func executorInfo(t *testing.T, id, enc string) *mesosv1.ExecutorInfo {
	self, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	return &mesosv1.ExecutorInfo{
		Type: mesosv1.ExecutorInfo_CUSTOM.Enum(), ExecutorId: &mesosv1.ExecutorID{Value: proto.String(id)},
		Command: &mesosv1.CommandInfo{Shell: proto.Bool(false), Value: proto.String(self), Arguments: []string{"executor"},
			Environment: &mesosv1.Environment{Variables: []*mesosv1.Environment_Variable{
				{Name: proto.String(testExecutorEnv), Value: proto.String(enc)},
				{Name: proto.String("EXEC_VAR"), Value: proto.String("from-executor-info")},
			}}},
	}
}

func (x *executorAgent) launch(id, data string, e *mesosv1.ExecutorInfo) {
	x.system.Root.Send(x.pid, &agent.Launch{Framework: x.fw, Task: &mesosv1.TaskInfo{
		Name: proto.String(id), TaskId: &mesosv1.TaskID{Value: proto.String(id)}, AgentId: &mesosv1.AgentID{Value: proto.String("S1")},
		Data: []byte(data), Executor: e,
	}})
}

// states returns "task:STATE" of every update, in order.
func (x *executorAgent) states() []string {
	x.f.mu.Lock()
	defer x.f.mu.Unlock()
	var out []string
	for _, u := range x.f.updates {
		out = append(out, u.GetTaskId().GetValue()+":"+u.GetState().String())
	}
	return out
}

func (x *executorAgent) has(want ...string) func() bool {
	return func() bool {
		got := strings.Join(x.states(), ",")
		for _, w := range want {
			if !strings.Contains(got, w) {
				return false
			}
		}
		return true
	}
}

// TestCustomExecutor runs the test executor as a real process, in both
// encodings: two tasks finish on one executor, a third is killed,
// framework messages go both ways, SHUTDOWN stops the executor, and the
// agent reports its exit and calls slaveRemoveExecutorHook.
func TestCustomExecutor(t *testing.T) {
	for _, enc := range []string{"protobuf", "json"} {
		t.Run(enc, func(t *testing.T) {
			x := newExecutorAgent(t, agent.Config{})
			e := executorInfo(t, "E1", enc)
			x.launch("t1", "finish", e)
			x.launch("t2", "finish", e)
			x.launch("t3", "run", e)
			testutil.Eventually(t, 20*time.Second, x.has("t1:TASK_FINISHED", "t2:TASK_FINISHED", "t3:TASK_RUNNING"), "tasks finished and running")
			x.system.Root.Send(x.pid, &agent.Message{Framework: x.fw.Id, Executor: e.ExecutorId, Data: []byte("ping")})
			testutil.Eventually(t, 10*time.Second, func() bool {
				msgs, _, _ := x.f.got()
				return strings.Contains(strings.Join(msgs, ","), "E1: echo: ping")
			}, "message echoed")
			x.system.Root.Send(x.pid, &agent.Kill{Framework: x.fw.Id, Task: &mesosv1.TaskID{Value: proto.String("t3")}})
			testutil.Eventually(t, 10*time.Second, x.has("t3:TASK_KILLED"), "t3 killed")
			x.system.Root.Send(x.pid, &agent.Shutdown{Framework: x.fw.Id, Executor: e.ExecutorId})
			testutil.Eventually(t, 10*time.Second, func() bool { _, exits, _ := x.f.got(); return len(exits) == 1 }, "executor exited")

			msgs, exits, hooks := x.f.got()
			if exits[0] != 0 {
				t.Fatalf("exit status %d", exits[0])
			}
			if got := strings.Join(msgs, ","); !strings.Contains(got, "E1: done t1") || !strings.Contains(got, "E1: done t2") {
				t.Fatalf("messages %q", got)
			}
			// One environment hook for the executor, one label hook per
			// task, the removal hook last.
			h := strings.Join(hooks, ",")
			if strings.Count(h, "env") != 1 || strings.Count(h, "run") != 3 || !strings.HasSuffix(h, "remove") {
				t.Fatalf("hooks %s", h)
			}
			for i := range x.states() {
				u := x.f.update(i)
				if len(u.GetUuid()) != 16 || u.GetExecutorId().GetValue() != "E1" || u.GetAgentId().GetValue() != "S1" || u.GetSource() != mesosv1.TaskStatus_SOURCE_EXECUTOR {
					t.Fatalf("update %v", u)
				}
			}
			envs, _ := filepath.Glob(filepath.Join(x.work, "slaves", "S1", "frameworks", "F1", "executors", "E1", "runs", "*", "env.txt"))
			if len(envs) != 1 {
				t.Fatalf("executor sandbox: %v", envs)
			}
			b, _ := os.ReadFile(envs[0])
			for _, want := range []string{"MESOS_FRAMEWORK_ID=F1", "MESOS_EXECUTOR_ID=E1", "MESOS_SLAVE_ID=S1", "MESOS_AGENT_ENDPOINT=" + x.ledger.Endpoint(),
				"MESOS_SANDBOX=" + filepath.Dir(envs[0]), "MESOS_DIRECTORY=" + filepath.Dir(envs[0]), "MESOS_CHECKPOINT=0",
				"MESOS_EXECUTOR_SHUTDOWN_GRACE_PERIOD=5secs", "HOOK_VAR=from-hook", "EXEC_VAR=from-executor-info"} {
				if !strings.Contains(string(b)+"\n", want+"\n") {
					t.Fatalf("executor environment lacks %s:\n%s", want, b)
				}
			}
		})
	}
}

// TestExecutorEnds covers the ways an executor ends without finishing its
// tasks: it crashes, it never subscribes, its command cannot start.
func TestExecutorEnds(t *testing.T) {
	self, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name       string
		exec       func(t *testing.T) *mesosv1.ExecutorInfo
		data       string
		wantState  mesosv1.TaskState
		wantReason mesosv1.TaskStatus_Reason
		wantExit   int32
	}{
		{name: "crash", exec: func(t *testing.T) *mesosv1.ExecutorInfo { return executorInfo(t, "E1", "protobuf") }, data: "crash",
			wantState: mesosv1.TaskState_TASK_FAILED, wantReason: mesosv1.TaskStatus_REASON_EXECUTOR_TERMINATED, wantExit: 3 << 8},
		{name: "never subscribes", exec: func(*testing.T) *mesosv1.ExecutorInfo {
			return &mesosv1.ExecutorInfo{ExecutorId: &mesosv1.ExecutorID{Value: proto.String("E1")}, Command: &mesosv1.CommandInfo{Value: proto.String("sleep 60")}}
		}, wantState: mesosv1.TaskState_TASK_FAILED, wantReason: mesosv1.TaskStatus_REASON_EXECUTOR_REGISTRATION_TIMEOUT, wantExit: 9},
		{name: "cannot start", exec: func(*testing.T) *mesosv1.ExecutorInfo {
			return &mesosv1.ExecutorInfo{ExecutorId: &mesosv1.ExecutorID{Value: proto.String("E1")},
				Command: &mesosv1.CommandInfo{Shell: proto.Bool(false), Value: proto.String(filepath.Join(filepath.Dir(self), "no-such-executor"))}}
		}, wantState: mesosv1.TaskState_TASK_FAILED, wantReason: mesosv1.TaskStatus_REASON_EXECUTOR_TERMINATED, wantExit: -1},
		{name: "fetch fails", exec: func(*testing.T) *mesosv1.ExecutorInfo {
			return &mesosv1.ExecutorInfo{ExecutorId: &mesosv1.ExecutorID{Value: proto.String("E1")},
				Command: &mesosv1.CommandInfo{Value: proto.String("./x"), Uris: []*mesosv1.CommandInfo_URI{{Value: proto.String("/no/such/file")}}}}
		}, wantState: mesosv1.TaskState_TASK_FAILED, wantReason: mesosv1.TaskStatus_REASON_EXECUTOR_TERMINATED, wantExit: -1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			x := newExecutorAgent(t, agent.Config{RegistrationTimeout: 300 * time.Millisecond})
			x.launch("t1", tt.data, tt.exec(t))
			testutil.Eventually(t, 20*time.Second, func() bool { _, exits, _ := x.f.got(); return len(exits) == 1 }, "executor ended")
			_, exits, hooks := x.f.got()
			if exits[0] != tt.wantExit {
				t.Errorf("exit status %d, want %d", exits[0], tt.wantExit)
			}
			states := x.states()
			if len(states) != 1 {
				t.Fatalf("updates %v", states)
			}
			u := x.f.update(0)
			if u.GetState() != tt.wantState || u.GetReason() != tt.wantReason || u.GetSource() != mesosv1.TaskStatus_SOURCE_AGENT || len(u.GetUuid()) != 16 {
				t.Fatalf("update %v", u)
			}
			if h := strings.Join(hooks, ","); !strings.HasSuffix(h, "remove") {
				t.Fatalf("hooks %s", h)
			}
		})
	}
}

// TestExecutorKilledBeforeSubscribing kills tasks whose executor has not
// subscribed yet: TASK_KILLED comes from the agent, the executor never
// gets them; killing one task of a waiting group kills the group.
func TestExecutorKilledBeforeSubscribing(t *testing.T) {
	x := newExecutorAgent(t, agent.Config{})
	e := &mesosv1.ExecutorInfo{ExecutorId: &mesosv1.ExecutorID{Value: proto.String("E1")}, Command: &mesosv1.CommandInfo{Value: proto.String("sleep 60")}}
	x.launch("t1", "", e)
	g := &agent.LaunchGroup{Framework: x.fw, Executor: e}
	for _, id := range []string{"k1", "k2"} {
		g.Tasks = append(g.Tasks, &mesosv1.TaskInfo{Name: proto.String(id), TaskId: &mesosv1.TaskID{Value: proto.String(id)}, AgentId: &mesosv1.AgentID{Value: proto.String("S1")}})
	}
	x.system.Root.Send(x.pid, g)
	x.system.Root.Send(x.pid, &agent.Kill{Framework: x.fw.Id, Task: &mesosv1.TaskID{Value: proto.String("t1")}})
	x.system.Root.Send(x.pid, &agent.Kill{Framework: x.fw.Id, Task: &mesosv1.TaskID{Value: proto.String("k2")}})
	testutil.Eventually(t, 10*time.Second, x.has("t1:TASK_KILLED", "k1:TASK_KILLED", "k2:TASK_KILLED"), "killed")
	x.system.Root.Send(x.pid, &agent.Shutdown{Framework: x.fw.Id, Executor: e.ExecutorId})
	testutil.Eventually(t, 10*time.Second, func() bool { _, exits, _ := x.f.got(); return len(exits) == 1 }, "executor ended")
	if got := fmt.Sprint(x.states()); got != "[t1:TASK_KILLED k1:TASK_KILLED k2:TASK_KILLED]" {
		t.Fatalf("updates %s", got)
	}
}

// TestLaunchGroupOnExecutor hands a LAUNCH_GROUP to the test executor,
// before and after it subscribed: each group arrives in one event and its
// tasks finish.
func TestLaunchGroupOnExecutor(t *testing.T) {
	x := newExecutorAgent(t, agent.Config{})
	e := executorInfo(t, "E1", "json")
	group := func(data string, ids ...string) *agent.LaunchGroup {
		g := &agent.LaunchGroup{Framework: x.fw, Executor: e}
		for _, id := range ids {
			g.Tasks = append(g.Tasks, &mesosv1.TaskInfo{Name: proto.String(id), TaskId: &mesosv1.TaskID{Value: proto.String(id)},
				AgentId: &mesosv1.AgentID{Value: proto.String("S1")}, Data: []byte(data)})
		}
		return g
	}
	x.system.Root.Send(x.pid, group("finish", "g1", "g2"))
	testutil.Eventually(t, 20*time.Second, x.has("g1:TASK_FINISHED", "g2:TASK_FINISHED"), "first group finished")
	x.system.Root.Send(x.pid, group("finish", "h1", "h2")) // the executor is subscribed by now
	testutil.Eventually(t, 20*time.Second, x.has("h1:TASK_FINISHED", "h2:TASK_FINISHED"), "second group finished")
	msgs, _, _ := x.f.got()
	if got := strings.Join(msgs, ";"); !strings.Contains(got, "E1: group g1,g2") || !strings.Contains(got, "E1: group h1,h2") {
		t.Fatalf("messages %q", got)
	}
}
