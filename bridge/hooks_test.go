package bridge_test

import (
	"context"
	"net/http"
	"os"
	"path/filepath"
	"sync/atomic"
	"testing"
	"time"

	"github.com/mactor/mactor/actors/hooks"
	"github.com/mactor/mactor/bridge"
	"github.com/mactor/mactor/bridge/bridgetest"
	"github.com/mactor/mactor/bridge/client"
	"github.com/mactor/mactor/internal/engine"
	"github.com/mactor/mactor/internal/testutil"
	bridgev1 "github.com/mactor/mactor/messages/bridge/v1"
	mesos "github.com/mactor/mactor/messages/mesos"
)

// policy is a HookPolicy for the tests: slow for the environment
// decorator, crashing on a task named "crash", labelling otherwise.
type policy struct {
	hooks.NoChange
	slow   time.Duration
	calls  atomic.Int64
	panics atomic.Int64
}

func (p *policy) SlaveExecutorEnvironmentDecorator(ctx context.Context, _ *bridgev1.Call_SlaveExecutorEnvironmentDecorator) (*mesos.Environment, error) {
	select {
	case <-time.After(p.slow):
	case <-ctx.Done():
	}
	return &mesos.Environment{}, nil
}

func (p *policy) SlaveRunTaskLabelDecorator(_ context.Context, c *bridgev1.Call_SlaveRunTaskLabelDecorator) (*mesos.Labels, error) {
	p.calls.Add(1)
	if c.GetTaskInfo().GetName() == "crash" {
		p.panics.Add(1)
		panic("policy bug")
	}
	k, v := "decorated", "yes"
	return &mesos.Labels{Labels: append(c.GetTaskInfo().GetLabels().GetLabels(), &mesos.Label{Key: &k, Value: &v})}, nil
}

// TestHookDeadlineFallback: a policy slower than the hook's deadline gets
// the fallback ("no change", marked fallback) in time, counted in the
// metrics; the actor keeps answering other calls meanwhile.
func TestHookDeadlineFallback(t *testing.T) {
	p := &policy{slow: 2 * time.Second}
	h := start(t, func(c *engine.Config) { c.HookPolicy = p; c.HookDeadline = 100 * time.Millisecond })
	call := bridgetest.Sample(bridgev1.Call_SLAVE_EXECUTOR_ENVIRONMENT_DECORATOR, 1)
	start := time.Now()
	code, resp, body, _ := h.post(call, bridge.Protobuf)
	took := time.Since(start)
	if code != http.StatusOK || !resp.GetHook().GetNone() || !resp.GetHook().GetFallback() {
		t.Fatalf("answered %d %v %q, want 200 none+fallback", code, resp, body)
	}
	if took < 100*time.Millisecond || took > time.Second {
		t.Fatalf("answered after %s, want the 100ms deadline", took)
	}
	if n := metric(t, h.e, "mactor_hook_fallbacks_total"); n != 1 {
		t.Fatalf("fallbacks counted: %v, want 1", n)
	}
	// The slow call holds a worker, not the actor: the next calls of the
	// same hook also get their fallback on time, and other hooks answer.
	code, resp, _, _ = h.post(call, bridge.Protobuf)
	if code != http.StatusOK || !resp.GetHook().GetFallback() {
		t.Fatalf("second call: %d %v", code, resp)
	}
	code, resp, _, _ = h.post(bridgetest.Sample(bridgev1.Call_SLAVE_RUN_TASK_LABEL_DECORATOR, 1), bridge.Protobuf)
	if code != http.StatusOK || len(resp.GetHook().GetLabels().GetLabels()) != 2 {
		t.Fatalf("label hook: %d %v", code, resp)
	}
}

// TestHookCrash: a policy that panics gets the fallback at once; while its
// actor restarts the hook falls back; then it answers normally again.
func TestHookCrash(t *testing.T) {
	p := &policy{}
	h := start(t, func(c *engine.Config) { c.HookPolicy = p })
	crash := bridgetest.Sample(bridgev1.Call_SLAVE_RUN_TASK_LABEL_DECORATOR, 1)
	crash.GetSlaveRunTaskLabelDecorator().TaskInfo.Name = ptr("crash")
	code, resp, body, _ := h.post(crash, bridge.Protobuf)
	if code != http.StatusOK || !resp.GetHook().GetFallback() {
		t.Fatalf("crashing call answered %d %v %q, want the fallback", code, resp, body)
	}
	// The supervisor restarts the actor after a backoff (50ms at first):
	// calls meanwhile fall back without reaching the policy.
	before := p.calls.Load()
	ok := bridgetest.Sample(bridgev1.Call_SLAVE_RUN_TASK_LABEL_DECORATOR, 1)
	if h.e.Hooks().Restarting(bridgev1.Call_SLAVE_RUN_TASK_LABEL_DECORATOR) {
		code, resp, _, _ = h.post(ok, bridge.Protobuf)
		if code != http.StatusOK || !resp.GetHook().GetFallback() || p.calls.Load() != before {
			t.Fatalf("call while restarting: %d %v (policy called %d times)", code, resp, p.calls.Load()-before)
		}
	}
	testutil.Eventually(t, 5*time.Second, func() bool {
		_, resp, _, _ := h.post(ok, bridge.Protobuf)
		return !resp.GetHook().GetFallback() && len(resp.GetHook().GetLabels().GetLabels()) == 2
	}, "normal answers after the restart")
	if n := metric(t, h.e, "mactor_hook_fallbacks_total"); n < 1 {
		t.Fatalf("fallbacks counted: %v", n)
	}
}

// TestHookRulesOverTheBridge: the YAML rules answer hooks, and the client's
// typed hook methods get their answers.
func TestHookRulesOverTheBridge(t *testing.T) {
	dir := t.TempDir()
	cfg := filepath.Join(dir, "hooks.yaml")
	envDir := filepath.Join(dir, "env")
	yaml := `
deadline: 2s
rules:
  - name: analytics
    match: {role: analytics, framework_name: "framework-*"}
    labels: {team: data}
  - name: statsd
    env: {STATSD_HOST: 127.0.0.1}
    env_file: {dir: ` + envDir + `}
`
	if err := os.WriteFile(cfg, []byte(yaml), 0o600); err != nil {
		t.Fatal(err)
	}
	h := start(t, func(c *engine.Config) { c.HooksConfig = cfg })
	c := client.New(client.Config{Addr: h.e.BridgeAddr()})
	defer c.Close()
	ctx := context.Background()
	res, err := c.MasterLaunchTaskLabelDecorator(ctx, bridgetest.Sample(bridgev1.Call_MASTER_LAUNCH_TASK_LABEL_DECORATOR, 1).GetMasterLaunchTaskLabelDecorator())
	if err != nil || len(res.GetLabels().GetLabels()) != 2 || res.GetLabels().GetLabels()[1].GetKey() != "team" {
		t.Fatalf("labels: %v %v", res, err)
	}
	res, err = c.SlaveExecutorEnvironmentDecorator(ctx, bridgetest.Sample(bridgev1.Call_SLAVE_EXECUTOR_ENVIRONMENT_DECORATOR, 1).GetSlaveExecutorEnvironmentDecorator())
	if err != nil || len(res.GetEnvironment().GetVariables()) != 3 {
		t.Fatalf("environment: %v %v", res, err)
	}
	file := res.GetEnvironment().GetVariables()[2].GetValue()
	if b, err := os.ReadFile(file); err != nil || string(b) != "STATSD_HOST=127.0.0.1\n" {
		t.Fatalf("env file %s: %q %v", file, b, err)
	}
	if _, err := c.SlaveRemoveExecutorHook(ctx, bridgetest.Sample(bridgev1.Call_SLAVE_REMOVE_EXECUTOR_HOOK, 1).GetSlaveRemoveExecutorHook()); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(file); !os.IsNotExist(err) {
		t.Fatalf("env file still there: %v", err)
	}
}

func ptr[T any](v T) *T { return &v }
