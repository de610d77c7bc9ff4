package main

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
	"google.golang.org/protobuf/proto"

	"github.com/mactor/mactor/actors/hooks"
	bridgev1 "github.com/mactor/mactor/messages/bridge/v1"
	"github.com/mactor/mactor/messages/mesos"

	"github.com/mactor/mactor/internal/engine"
	"github.com/mactor/mactor/internal/testutil"
	"github.com/mactor/mactor/sim/cluster"
	"github.com/mactor/mactor/sim/master"
)

// policy is the engine's hook policy in the test: it labels every task
// and records the agent hooks each executor goes through.
type policy struct {
	hooks.NoChange
	mu      sync.Mutex
	env     []string // executors whose environment was decorated
	removed []string // executors removed
}

func (*policy) MasterLaunchTaskLabelDecorator(context.Context, *bridgev1.Call_MasterLaunchTaskLabelDecorator) (*mesos.Labels, error) {
	return &mesos.Labels{Labels: []*mesos.Label{{Key: proto.String("example"), Value: proto.String("hooked")}}}, nil
}

func (p *policy) SlaveExecutorEnvironmentDecorator(_ context.Context, c *bridgev1.Call_SlaveExecutorEnvironmentDecorator) (*mesos.Environment, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.env = append(p.env, c.GetExecutorInfo().GetExecutorId().GetValue())
	return nil, nil
}

func (p *policy) SlaveRemoveExecutorHook(_ context.Context, c *bridgev1.Call_SlaveRemoveExecutorHook) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.removed = append(p.removed, c.GetExecutorInfo().GetExecutorId().GetValue())
	return nil
}

// calls returns how many executors had their environment decorated and
// how many were removed.
func (p *policy) calls() (env, removed int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	return len(p.env), len(p.removed)
}

func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m, goleak.IgnoreAnyFunction("github.com/asynkron/protoactor-go/actor.NewDeadLetter.NewThrottle.func4.1"))
}

// TestAgainstSim builds the example and runs it, as its own process,
// against a real engine and the simulated cluster (what `mactor serve
// --sim` runs), over loopback. Offers come from the engine's allocator,
// and the engine's hook policy labels the tasks and sees each executor's
// environment decorated and its removal.
// Each agent's fetcher downloads the executor from the framework, runs it
// in a sandbox, and the executor subscribes to the agent's
// /api/v1/executor; its tasks finish, its framework messages reach the
// scheduler, and the framework tears itself down, which shuts the
// executors down. The framework exits 0 only if every task finished.
func TestAgainstSim(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs examples/executor")
	}
	bin := filepath.Join(t.TempDir(), "executor-example")
	if out, err := exec.Command("go", "build", "-o", bin, "github.com/mactor/mactor/examples/executor").CombinedOutput(); err != nil {
		t.Fatalf("go build examples/executor: %v\n%s", err, out)
	}
	tests := []struct {
		name  string
		args  []string
		fetch bool // the agents fetch the binary from the framework
	}{
		{name: "fetched from the framework", fetch: true},
		{name: "local executor path", args: []string{"--executor-path", bin}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			hooked := &policy{}
			e, err := engine.Start(engine.Config{Listen: "127.0.0.1:0", HTTP: "127.0.0.1:0", DataDir: t.TempDir(), HookPolicy: hooked}, nil)
			if err != nil {
				t.Fatal(err)
			}
			defer e.Stop(context.Background())
			work := t.TempDir()
			c, err := cluster.Start(cluster.Config{MasterListen: "127.0.0.1:0", Bridge: e.BridgeAddr(), Agents: 2, WorkDir: work})
			if err != nil {
				t.Fatal(err)
			}
			defer c.Close()
			testutil.Eventually(t, 10*time.Second, func() bool {
				ctx, cancel := context.WithTimeout(context.Background(), time.Second)
				defer cancel()
				_, agents, err := e.Bridge().Router().Directory(ctx)
				return err == nil && len(agents) == 2 && e.Bridge().Hub().Subscribed()
			}, "agents added, sim subscribed")

			ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
			defer cancel()
			args := append([]string{"--master", "http://" + c.MasterAddr(), "--tasks", "3", "--work", "100ms"}, tt.args...)
			cmd := exec.CommandContext(ctx, bin, args...)
			var out bytes.Buffer
			cmd.Stdout, cmd.Stderr = &out, &out
			if err := cmd.Run(); err != nil {
				t.Fatalf("the example failed: %v\n%s", err, out.String())
			}
			if n := strings.Count(out.String(), "message from the executor"); n != 3 {
				t.Fatalf("%d framework messages from the executors, want 3:\n%s", n, out.String())
			}

			st, err := master.FetchState(ctx, nil, "http://"+c.MasterAddr())
			if err != nil {
				t.Fatal(err)
			}
			if len(st.CompletedFrameworks) != 1 || len(st.CompletedFrameworks[0].Tasks) != 3 {
				t.Fatalf("state %+v", st)
			}
			for _, task := range st.CompletedFrameworks[0].Tasks {
				if task.State != "TASK_FINISHED" || task.Labels["example"] != "hooked" {
					t.Fatalf("task %+v", task)
				}
			}
			// The executors ran in their sandboxes (with the fetched binary
			// when fetching) and logged their subscription there.
			logs, _ := filepath.Glob(filepath.Join(work, "slaves", "*", "frameworks", "*", "executors", executorID, "runs", "*", "stderr"))
			if len(logs) == 0 {
				t.Fatalf("no executor sandbox under %s", work)
			}
			for _, l := range logs {
				b, _ := os.ReadFile(l)
				if !strings.Contains(string(b), "registered with the agent") {
					t.Fatalf("%s:\n%s", l, b)
				}
				_, err := os.Stat(filepath.Join(filepath.Dir(l), executorFile))
				if fetched := err == nil; fetched != tt.fetch {
					t.Fatalf("%s: binary fetched into the sandbox: %v, want %v", l, fetched, tt.fetch)
				}
			}
			// Through the bridge, the engine saw each executor start
			// (environment decorator) and, once shut down, go (removal).
			testutil.Eventually(t, 15*time.Second, func() bool {
				env, removed := hooked.calls()
				return env == len(logs) && removed == len(logs)
			}, "an environment and a removal hook per executor")
		})
	}
}
