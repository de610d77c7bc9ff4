package agent_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/asynkron/protoactor-go/actor"
	"google.golang.org/protobuf/proto"

	"github.com/mactor/mactor/internal/testutil"
	mesosv1 "github.com/mactor/mactor/messages/mesos/v1"
	"github.com/mactor/mactor/sim/agent"
)

// fakes records updates and answers the hooks.
type fakes struct {
	mu       sync.Mutex
	updates  []*mesosv1.TaskStatus
	hooks    []string
	messages []string
	exits    []int32
}

func (f *fakes) Message(_ string, _ *mesosv1.AgentID, e *mesosv1.ExecutorID, data []byte) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.messages = append(f.messages, e.GetValue()+": "+string(data))
	return nil
}

func (f *fakes) ExecutorExited(_ string, _ *mesosv1.AgentID, _ *mesosv1.ExecutorID, status int32) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.exits = append(f.exits, status)
	return nil
}

// update returns the i-th update.
func (f *fakes) update(i int) *mesosv1.TaskStatus {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.updates[i]
}

// got returns copies of the messages, the exits and the hooks called.
func (f *fakes) got() (messages []string, exits []int32, hooks []string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]string(nil), f.messages...), append([]int32(nil), f.exits...), append([]string(nil), f.hooks...)
}

func (f *fakes) note(h string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.hooks = append(f.hooks, h)
}

func (f *fakes) Update(_ string, st *mesosv1.TaskStatus) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.updates = append(f.updates, st)
	return nil
}

func (f *fakes) states() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []string
	for _, u := range f.updates {
		out = append(out, u.GetState().String())
	}
	return out
}

func (f *fakes) RunTaskLabels(context.Context, *mesosv1.TaskInfo, *mesosv1.ExecutorInfo, *mesosv1.FrameworkInfo, *mesosv1.AgentInfo) (*mesosv1.Labels, error) {
	f.note("run")
	return &mesosv1.Labels{Labels: []*mesosv1.Label{{Key: proto.String("agent-hook"), Value: proto.String("1")}}}, nil
}

func (f *fakes) ExecutorEnvironment(context.Context, *mesosv1.ExecutorInfo) (*mesosv1.Environment, error) {
	f.note("env")
	return &mesosv1.Environment{Variables: []*mesosv1.Environment_Variable{{Name: proto.String("HOOK_VAR"), Value: proto.String("from-hook")}}}, nil
}

func (f *fakes) RemoveExecutor(context.Context, *mesosv1.FrameworkInfo, *mesosv1.ExecutorInfo) error {
	f.note("remove")
	return nil
}

func (f *fakes) TaskStatus(_ context.Context, _ *mesosv1.FrameworkID, st *mesosv1.TaskStatus) (*mesosv1.TaskStatus, error) {
	f.note("status")
	return nil, nil
}

func TestTasks(t *testing.T) {
	fw := &mesosv1.FrameworkInfo{User: proto.String("u"), Name: proto.String("n"), Id: &mesosv1.FrameworkID{Value: proto.String("F1")}}
	script := filepath.Join(t.TempDir(), "write.sh")
	if err := os.WriteFile(script, []byte(`echo "$MESOS_TASK_ID $HOOK_VAR $TASK_VAR" > out`+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name    string
		fake    bool
		command string
		uris    []string
		kill    bool
		want    []string
	}{
		{name: "command finishes", command: `echo "$MESOS_TASK_ID $HOOK_VAR $TASK_VAR" > out`, want: []string{"TASK_RUNNING", "TASK_FINISHED"}},
		{name: "fetched command finishes", command: "sh ./write.sh", uris: []string{script}, want: []string{"TASK_RUNNING", "TASK_FINISHED"}},
		{name: "fetch fails", command: "true", uris: []string{script + ".missing"}, want: []string{"TASK_FAILED"}},
		{name: "command fails", command: "exit 3", want: []string{"TASK_RUNNING", "TASK_FAILED"}},
		{name: "command killed", command: "sleep 60", kill: true, want: []string{"TASK_RUNNING", "TASK_KILLED"}},
		{name: "fake task", fake: true, want: []string{"TASK_RUNNING", "TASK_FINISHED"}},
		{name: "fake task killed", fake: true, kill: true, want: []string{"TASK_RUNNING", "TASK_KILLED"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			system := actor.NewActorSystem()
			f := &fakes{}
			work := t.TempDir()
			dur := 20 * time.Millisecond
			if tt.kill {
				dur = time.Hour
			}
			info := &mesosv1.AgentInfo{Hostname: proto.String("h"), Id: &mesosv1.AgentID{Value: proto.String("S1")}}
			pid := system.Root.Spawn(actor.PropsFromProducer(func() actor.Actor {
				return agent.New(agent.Config{Info: info, WorkDir: work, FakeTasks: tt.fake, FakeDuration: dur, Hooks: f, Updater: f})
			}))
			defer func() { _ = system.Root.StopFuture(pid).Wait() }()
			task := &mesosv1.TaskInfo{Name: proto.String("t"), TaskId: &mesosv1.TaskID{Value: proto.String("T1")}, AgentId: info.Id,
				Command: &mesosv1.CommandInfo{Value: proto.String(tt.command), Uris: uris(tt.uris), Environment: &mesosv1.Environment{Variables: []*mesosv1.Environment_Variable{{Name: proto.String("TASK_VAR"), Value: proto.String("from-task")}}}}}
			system.Root.Send(pid, &agent.Launch{Framework: fw, Task: task})
			testutil.Eventually(t, 5*time.Second, func() bool { return len(f.states()) >= 1 }, "running")
			if tt.kill {
				system.Root.Send(pid, &agent.Kill{Framework: fw.Id, Task: task.TaskId})
			}
			testutil.Eventually(t, 10*time.Second, func() bool { return len(f.states()) == len(tt.want) }, "terminal update")
			if got := strings.Join(f.states(), ","); got != strings.Join(tt.want, ",") {
				t.Fatalf("updates %s, want %v", got, tt.want)
			}
			f.mu.Lock()
			u := f.updates[0]
			hooks := strings.Join(f.hooks, ",")
			f.mu.Unlock()
			if len(u.GetUuid()) != 16 || u.GetLabels().GetLabels()[0].GetKey() != "agent-hook" {
				t.Fatalf("update %v", u)
			}
			if !strings.HasPrefix(hooks, "run,env,status") || !strings.HasSuffix(hooks, "remove") {
				t.Fatalf("hooks called: %s", hooks)
			}
			if tt.command != "" && !tt.kill && tt.want[len(tt.want)-1] == "TASK_FINISHED" {
				outs, _ := filepath.Glob(filepath.Join(work, "slaves", "S1", "frameworks", "F1", "executors", "T1", "runs", "*", "out"))
				if len(outs) != 1 {
					t.Fatalf("sandbox output: %v", outs)
				}
				b, _ := os.ReadFile(outs[0])
				if got := strings.TrimSpace(string(b)); got != "T1 from-hook from-task" {
					t.Fatalf("task saw %q", got)
				}
			}
		})
	}
}

func uris(values []string) []*mesosv1.CommandInfo_URI {
	var out []*mesosv1.CommandInfo_URI
	for _, v := range values {
		out = append(out, &mesosv1.CommandInfo_URI{Value: proto.String(v)})
	}
	return out
}
