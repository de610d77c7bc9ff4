package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/mactor/mactor/bridge/bridgetest"
	"github.com/mactor/mactor/internal/engine"
	mesos "github.com/mactor/mactor/messages/mesos"
	"github.com/mactor/mactor/messages/mesosjson"
)

// criteoRunTask is a slaveRunTaskLabelDecorator input as
// criteo/mesos-command-modules writes it: the four protobufs in Mesos JSON
// (stout's JSON::protobuf, which also writes fields with defaults).
const criteoRunTask = `{"executor_info":{"executor_id":{"value":"exec-1"},"framework_id":{"value":"fw-1"},` +
	`"command":{"shell":true,"value":"sleep 10","environment":{"variables":[{"name":"EXISTING","type":"VALUE","value":"1"}]}}},` +
	`"framework_info":{"user":"root","name":"spark-pi","id":{"value":"fw-1"},"failover_timeout":0.0,"checkpoint":false,` +
	`"roles":["analytics"],"principal":"spark","capabilities":[{"type":"MULTI_ROLE"}]},` +
	`"slave_info":{"hostname":"agent-1.example","port":5051,"id":{"value":"agent-1"},"checkpoint":false,` +
	`"resources":[{"name":"cpus","type":"SCALAR","scalar":{"value":4.0},"role":"*"}]},` +
	`"task_info":{"name":"pi","task_id":{"value":"task-1"},"slave_id":{"value":"agent-1"},` +
	`"resources":[{"name":"cpus","type":"SCALAR","scalar":{"value":1.0},"role":"*"}],` +
	`"labels":{"labels":[{"key":"existing","value":"yes"}]}}}`

// TestHookCommandAsCriteoRunsIt runs the built binary exactly as
// criteo/mesos-command-modules runs a command — `EXE INPUT OUTPUT ERROR`,
// through a symlink named mactor-hook, the engine found through
// $MACTOR_ENGINE — for each of the five calls that module makes.
func TestHookCommandAsCriteoRunsIt(t *testing.T) {
	bin := binary(t)
	dir := t.TempDir()
	link := filepath.Join(dir, "mactor-hook")
	if err := os.Symlink(bin, link); err != nil {
		t.Fatal(err)
	}
	hooksFile := filepath.Join(dir, "hooks.yaml")
	rules := "rules:\n" +
		"  - match: {framework_name: \"spark-*\"}\n    labels: {team: data}\n" +
		"  - env: {STATSD: \"127.0.0.1:8125\"}\n" +
		"  - hooks: [isolatorPrepare]\n    command: {path: " + filepath.Join(dir, "prepare.sh") + "}\n"
	if err := os.WriteFile(hooksFile, []byte(rules), 0o600); err != nil {
		t.Fatal(err)
	}
	prepare := "#!/bin/sh\nprintf '{\"environment\":{\"variables\":[{\"name\":\"PREPARED\",\"value\":\"1\"}]}}' > \"$2\"\n"
	if err := os.WriteFile(filepath.Join(dir, "prepare.sh"), []byte(prepare), 0o755); err != nil {
		t.Fatal(err)
	}
	e := bridgetest.Engine(t, "", func(c *engine.Config) { c.HooksConfig = hooksFile })

	run := func(t *testing.T, engineAddr string, input string) (code int, out, errOut string) {
		t.Helper()
		in, outF, errF := filepath.Join(dir, "in"), filepath.Join(dir, "out"), filepath.Join(dir, "err")
		for _, f := range []string{outF, errF} {
			_ = os.WriteFile(f, nil, 0o600) // criteo creates them empty
		}
		if err := os.WriteFile(in, []byte(input), 0o600); err != nil {
			t.Fatal(err)
		}
		cmd := exec.Command(link, in, outF, errF)
		cmd.Env = append(os.Environ(), EnvEngine+"="+engineAddr)
		cmd.Stdin = bytes.NewReader([]byte(input))
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		err := cmd.Run()
		code = cmd.ProcessState.ExitCode()
		if err != nil && code <= 0 {
			t.Fatalf("run: %v\n%s", err, stderr.String())
		}
		o, _ := os.ReadFile(outF)
		eo, _ := os.ReadFile(errF)
		return code, string(o), string(eo)
	}
	labelsOf := func(t *testing.T, out string) map[string]string {
		var l mesos.Labels
		if err := mesosjson.Unmarshal([]byte(out), &l); err != nil {
			t.Fatalf("OUTPUT %q: %v", out, err)
		}
		m := map[string]string{}
		for _, x := range l.GetLabels() {
			m[x.GetKey()] = x.GetValue()
		}
		return m
	}

	t.Run("slaveRunTaskLabelDecorator", func(t *testing.T) {
		code, out, errOut := run(t, e.BridgeAddr(), criteoRunTask)
		if code != 0 {
			t.Fatalf("exit %d, ERROR %q", code, errOut)
		}
		if l := labelsOf(t, out); l["existing"] != "yes" || l["team"] != "data" || len(l) != 2 {
			t.Fatalf("labels %v", l)
		}
	})
	t.Run("slaveExecutorEnvironmentDecorator", func(t *testing.T) {
		in := `{"executor_info":{"executor_id":{"value":"exec-1"},"framework_id":{"value":"fw-1"},"command":{"value":"sleep 1","environment":{"variables":[{"name":"EXISTING","value":"1"}]}}}}`
		code, out, errOut := run(t, e.BridgeAddr(), in)
		var env mesos.Environment
		if code != 0 || mesosjson.Unmarshal([]byte(out), &env) != nil || len(env.GetVariables()) != 2 || env.GetVariables()[1].GetName() != "STATSD" {
			t.Fatalf("exit %d, OUTPUT %q, ERROR %q", code, out, errOut)
		}
	})
	t.Run("slaveRemoveExecutorHook", func(t *testing.T) {
		in := `{"framework_info":{"user":"root","name":"spark-pi"},"executor_info":{"executor_id":{"value":"exec-1"}}}`
		if code, out, errOut := run(t, e.BridgeAddr(), in); code != 0 || out != "" {
			t.Fatalf("exit %d, OUTPUT %q, ERROR %q", code, out, errOut)
		}
	})
	t.Run("isolator prepare", func(t *testing.T) {
		in := `{"container_id":{"value":"c1"},"container_config":{"directory":"/sandbox","user":"root"}}`
		code, out, errOut := run(t, e.BridgeAddr(), in)
		if code != 0 || !strings.Contains(out, `"PREPARED"`) {
			t.Fatalf("exit %d, OUTPUT %q, ERROR %q", code, out, errOut)
		}
	})
	t.Run("isolator cleanup", func(t *testing.T) {
		if code, out, errOut := run(t, e.BridgeAddr(), `{"container_id":{"value":"c1"}}`); code != 0 || out != "" {
			t.Fatalf("exit %d, OUTPUT %q, ERROR %q", code, out, errOut)
		}
	})
	t.Run("malformed input", func(t *testing.T) {
		code, _, errOut := run(t, e.BridgeAddr(), `{"task_info":`)
		if code != 1 || !strings.Contains(errOut, "command input") {
			t.Fatalf("exit %d, ERROR %q, want 1 with the reason", code, errOut)
		}
	})
	t.Run("engine down", func(t *testing.T) {
		code, out, errOut := run(t, freeAddr(t), criteoRunTask)
		if l := labelsOf(t, out); code != 0 || len(l) != 1 || l["existing"] != "yes" {
			t.Fatalf("exit %d, OUTPUT %q (want the task's own labels: no change), ERROR %q", code, out, errOut)
		}
	})
	t.Run("hook named by the link", func(t *testing.T) {
		named := filepath.Join(dir, "mactor-hook-masterSlaveLostHook")
		if err := os.Symlink(bin, named); err != nil {
			t.Fatal(err)
		}
		in, outF, errF := filepath.Join(dir, "in2"), filepath.Join(dir, "out2"), filepath.Join(dir, "err2")
		if err := os.WriteFile(in, []byte(`{"slave_info":{"hostname":"h"}}`), 0o600); err != nil {
			t.Fatal(err)
		}
		cmd := exec.Command(named, "--engine", e.BridgeAddr(), in, outF, errF)
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("%v: %s", err, out)
		}
	})
}
