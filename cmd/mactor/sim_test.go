package main

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/mactor/mactor/internal/engine"
	"github.com/mactor/mactor/internal/testutil"
)

func TestSimUsageErrors(t *testing.T) {
	tests := []struct {
		name     string
		args     []string
		inStderr string
	}{
		{"negative agents", []string{"--agents", "-1"}, "--agents"},
		{"bad resources", []string{"--agent-resources", "cpus:lots"}, "--agent-resources"},
		{"bad attributes", []string{"--agent-attributes", "rack"}, "--agent-attributes"},
		{"bad listen", []string{"--master-listen", "nonsense"}, "master listener"},
		{"unknown flag", []string{"--nope"}, "unknown flag"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var out, errb bytes.Buffer
			args := append([]string{"sim", "--master-listen", "127.0.0.1:0", "--bridge", "127.0.0.1:1"}, tt.args...)
			code := run(args, &out, &errb)
			want := exitUsage
			if tt.name == "bad listen" {
				want = exitFailure
			}
			if code != want || !strings.Contains(errb.String(), tt.inStderr) {
				t.Fatalf("exit %d (want %d), stderr %q", code, want, errb.String())
			}
		})
	}
}

// TestServeSimProcess runs `mactor serve --sim` as a real process on free
// ports: the banner says where the master is and how to run hello, the
// master's /state lists three agents, and SIGTERM stops everything.
func TestServeSimProcess(t *testing.T) {
	bin := binary(t)
	dir := t.TempDir()
	master := freeAddr(t)
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, "serve", "--sim", "--listen", freeAddr(t), "--http", freeAddr(t), "--data", filepath.Join(dir, "data"),
		"--master-listen", master, "--work-dir", filepath.Join(dir, "sandboxes"), "--agent-attributes", "rack:r1")
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	var st struct {
		Slaves []struct{ ID string } `json:"slaves"`
	}
	ok := testutil.Poll(30*time.Second, 20*time.Millisecond, func() bool {
		resp, err := http.Get("http://" + master + "/state")
		if err != nil {
			return false
		}
		defer resp.Body.Close()
		return json.NewDecoder(resp.Body).Decode(&st) == nil && len(st.Slaves) == 3
	})
	if !ok {
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
		t.Fatalf("no master with 3 agents; stderr:\n%s", stderr.String())
	}
	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	if err := cmd.Wait(); err != nil {
		t.Fatalf("serve --sim exited with %v; stderr:\n%s", err, stderr.String())
	}
	for _, want := range []string{"mactor sim: master on http://" + master, "go run ./examples/hello --master http://" + master} {
		if !strings.Contains(stdout.String(), want) {
			t.Fatalf("stdout lacks %q:\n%s", want, stdout.String())
		}
	}
}

// TestSimProcess runs `mactor sim` as a real process against an engine
// started in the test: the master's /state lists its two agents, and SIGTERM stops it cleanly.
func TestSimProcess(t *testing.T) {
	bin := binary(t)
	e, err := engine.Start(engine.Config{Listen: "127.0.0.1:0", HTTP: "127.0.0.1:0", DataDir: t.TempDir()}, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer e.Stop(context.Background())
	master := freeAddr(t)
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, "sim", "--bridge", e.BridgeAddr(), "--master-listen", master, "--agents", "2", "--fake-tasks")
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	ok := testutil.Poll(30*time.Second, 20*time.Millisecond, func() bool {
		resp, err := http.Get("http://" + master + "/state")
		if err != nil {
			return false
		}
		defer resp.Body.Close()
		var st struct {
			Slaves []struct{ ID string } `json:"slaves"`
		}
		return json.NewDecoder(resp.Body).Decode(&st) == nil && len(st.Slaves) == 2
	})
	if !ok {
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
		t.Fatalf("no master with 2 agents; stderr:\n%s", stderr.String())
	}
	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	if err := cmd.Wait(); err != nil {
		t.Fatalf("sim exited with %v; stderr:\n%s", err, stderr.String())
	}
	if !strings.Contains(stdout.String(), "mactor sim: master on http://"+master) {
		t.Fatalf("banner:\n%s", stdout.String())
	}
}
