package hooks_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/mactor/mactor/actors/hooks"
	"github.com/mactor/mactor/bridge/bridgetest"
	bridgev1 "github.com/mactor/mactor/messages/bridge/v1"
	mesos "github.com/mactor/mactor/messages/mesos"
)

func rules(t *testing.T, yaml string, lookup hooks.FrameworkLookup) *hooks.Rules {
	t.Helper()
	cfg, err := hooks.ParseConfig([]byte(yaml), "test.yaml")
	if err != nil {
		t.Fatal(err)
	}
	r, err := cfg.Handler(lookup)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func labelMap(r *bridgev1.HookResult) map[string]string {
	m := map[string]string{}
	for _, l := range r.GetLabels().GetLabels() {
		m[l.GetKey()] = l.GetValue()
	}
	return m
}

func TestLabelRules(t *testing.T) {
	r := rules(t, `
rules:
  - match: {framework_name: "framework-*", role: analytics}
    labels: {team: data, existing: replaced}
  - match: {principal: nobody-else}
    labels: {never: "1"}
  - labels: {all: "1"}
    hooks: [masterLaunchTaskLabelDecorator]
`, nil)
	ctx := context.Background()
	res, err := r.Handle(ctx, bridgetest.Sample(bridgev1.Call_MASTER_LAUNCH_TASK_LABEL_DECORATOR, 1))
	if m := labelMap(res); err != nil || len(m) != 3 || m["team"] != "data" || m["existing"] != "replaced" || m["all"] != "1" {
		t.Fatalf("master labels %v %v", m, err)
	}
	res, _ = r.Handle(ctx, bridgetest.Sample(bridgev1.Call_SLAVE_RUN_TASK_LABEL_DECORATOR, 1))
	if m := labelMap(res); len(m) != 2 || m["all"] != "" {
		t.Fatalf("agent labels %v", m)
	}
	// Nothing applies: None.
	res, _ = r.Handle(ctx, bridgetest.Sample(bridgev1.Call_SLAVE_EXECUTOR_ENVIRONMENT_DECORATOR, 1))
	if res != nil {
		t.Fatalf("environment %v, want None", res)
	}
}

func TestEnvRulesAndEnvFile(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "env")
	lookups := 0
	lookup := func(_ context.Context, id string) *mesos.FrameworkInfo {
		lookups++
		if id == "fw-1" {
			return bridgetest.FrameworkInfo(1, "spark-pi", "analytics")
		}
		return nil
	}
	r := rules(t, `
rules:
  - match: {framework_name: "spark-*"}
    env: {SPARK: "yes", EXISTING: "2"}
  - env: {STATSD: "127.0.0.1:8125"}
    env_file: {dir: `+dir+`, variable: STATS_ENV}
`, lookup)
	ctx := context.Background()
	res, err := r.Handle(ctx, bridgetest.Sample(bridgev1.Call_SLAVE_EXECUTOR_ENVIRONMENT_DECORATOR, 1))
	if err != nil {
		t.Fatal(err)
	}
	vars := map[string]string{}
	for _, v := range res.GetEnvironment().GetVariables() {
		vars[v.GetName()] = v.GetValue()
	}
	file := filepath.Join(dir, "fw-1__exec-1.env")
	if len(vars) != 4 || vars["SPARK"] != "yes" || vars["EXISTING"] != "2" || vars["STATS_ENV"] != file || lookups != 1 {
		t.Fatalf("environment %v (lookups %d)", vars, lookups)
	}
	if b, err := os.ReadFile(file); err != nil || string(b) != "STATSD=127.0.0.1:8125\n" {
		t.Fatalf("env file %q %v", b, err)
	}
	// Another framework: only the unconditional rule.
	other := bridgetest.Sample(bridgev1.Call_SLAVE_EXECUTOR_ENVIRONMENT_DECORATOR, 2)
	res, _ = r.Handle(ctx, other)
	if n := len(res.GetEnvironment().GetVariables()); n != 3 {
		t.Fatalf("other framework got %d variables", n)
	}
	if _, err := r.Handle(ctx, bridgetest.Sample(bridgev1.Call_SLAVE_REMOVE_EXECUTOR_HOOK, 1)); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(file); !os.IsNotExist(err) {
		t.Fatalf("env file not removed: %v", err)
	}
	// Removing again is fine.
	if _, err := r.Handle(ctx, bridgetest.Sample(bridgev1.Call_SLAVE_REMOVE_EXECUTOR_HOOK, 1)); err != nil {
		t.Fatal(err)
	}
}

func TestCommandRules(t *testing.T) {
	dir := t.TempDir()
	script := func(name, body string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte("#!/bin/sh\n"+body), 0o755); err != nil {
			t.Fatal(err)
		}
		return p
	}
	labels := script("labels.sh", `grep -q task_info "$1" && printf '{"labels":[{"key":"from","value":"command"}]}' > "$2"`+"\n")
	empty := script("empty.sh", "exit 0\n")
	fail := script("fail.sh", `echo "no quota for $1" > "$3"; exit 3`+"\n")
	noisy := script("noisy.sh", "echo oops >&2; exit 1\n")
	slow := script("slow.sh", "sleep 30\n")
	call := bridgetest.Sample(bridgev1.Call_SLAVE_RUN_TASK_LABEL_DECORATOR, 1)
	cases := []struct {
		name, rule, err string
		check           func(*bridgev1.HookResult) bool
	}{
		{"output", "command: {path: " + labels + "}", "", func(r *bridgev1.HookResult) bool { return labelMap(r)["from"] == "command" }},
		{"empty output keeps the value", "command: {path: " + empty + "}", "", func(r *bridgev1.HookResult) bool { return r == nil }},
		{"exit code and ERROR file", "command: {path: " + fail + "}", "exited with code 3: no quota for", nil},
		{"stderr when ERROR is empty", "command: {path: " + noisy + "}", "exited with code 1: oops", nil},
		{"timeout", "command: {path: " + slow + ", timeout: 100ms}", "took longer than 100ms", nil},
		{"missing executable", "command: {path: " + filepath.Join(dir, "nope") + "}", "start", nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r := rules(t, "rules:\n  - hooks: [slaveRunTaskLabelDecorator]\n    "+tc.rule+"\n", nil)
			res, err := r.Handle(context.Background(), call)
			if tc.err != "" {
				if err == nil || !strings.Contains(err.Error(), tc.err) {
					t.Fatalf("err %v, want %q", err, tc.err)
				}
				return
			}
			if err != nil || !tc.check(res) {
				t.Fatalf("%v %v", res, err)
			}
		})
	}
	entries, _ := os.ReadDir(os.TempDir())
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), "mactor-hook-") {
			if info, err := e.Info(); err == nil && info.ModTime().After(startOfTest) {
				t.Errorf("temporary file left behind: %s", e.Name())
			}
		}
	}
}
