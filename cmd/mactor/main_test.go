package main

import (
	"bytes"
	"context"
	"encoding/json"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/mactor/mactor/internal/testutil"
)

func TestRunExitCodes(t *testing.T) {
	cfgFile := filepath.Join(t.TempDir(), "bad.yaml")
	if err := os.WriteFile(cfgFile, []byte("no-such-flag: 1\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name     string
		args     []string
		code     int
		inStdout string
		inStderr string
	}{
		{"version", []string{"version"}, exitOK, "mactor ", ""},
		{"version json", []string{"version", "--json"}, exitOK, `"go":`, ""},
		{"unknown command", []string{"frobnicate"}, exitUsage, "", "unknown command"},
		{"unknown flag", []string{"serve", "--nope"}, exitUsage, "", "unknown flag"},
		{"extra arg", []string{"version", "x"}, exitUsage, "", "unknown command"},
		{"bad log level", []string{"serve", "--log-level", "loud"}, exitUsage, "", "log level"},
		{"bad listen", []string{"serve", "--listen", "nonsense"}, exitUsage, "", "--listen"},
		{"bad config key", []string{"serve", "--config", cfgFile}, exitUsage, "", "unknown key"},
		{"missing config", []string{"serve", "--config", cfgFile + ".missing"}, exitUsage, "", "no such file"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var out, errb bytes.Buffer
			code := run(tc.args, &out, &errb)
			if code != tc.code {
				t.Fatalf("exit %d, want %d; stderr=%q", code, tc.code, errb.String())
			}
			if !strings.Contains(out.String(), tc.inStdout) || !strings.Contains(errb.String(), tc.inStderr) {
				t.Fatalf("stdout=%q stderr=%q", out.String(), errb.String())
			}
		})
	}
}

// TestServeProcess builds the real binary, runs `mactor serve` on free
// loopback ports, waits for /health and stops it with SIGTERM.
func TestServeProcess(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the binary")
	}
	dir := t.TempDir()
	bin := filepath.Join(dir, "mactor")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("build: %v\n%s", err, out)
	}
	httpAddr := freeAddr(t)
	cfg := filepath.Join(dir, "mactor.yaml")
	if err := os.WriteFile(cfg, []byte("http: "+httpAddr+"\nlog-format: json\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, "serve", "--listen", freeAddr(t), "--config", cfg, "--data", filepath.Join(dir, "data"))
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	var body map[string]any
	ok := testutil.Poll(30*time.Second, 20*time.Millisecond, func() bool {
		resp, err := http.Get("http://" + httpAddr + "/health")
		if err != nil {
			return false
		}
		defer resp.Body.Close()
		return resp.StatusCode == 200 && json.NewDecoder(resp.Body).Decode(&body) == nil
	})
	if !ok {
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
		t.Fatalf("health never answered; stderr:\n%s", stderr.String())
	}
	if body["status"] != "ok" {
		t.Fatalf("health body %v", body)
	}
	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	if err := cmd.Wait(); err != nil {
		t.Fatalf("serve exited with %v; stderr:\n%s", err, stderr.String())
	}
	if !strings.Contains(stderr.String(), `"msg":"mactor engine stopped"`) {
		t.Fatalf("no JSON stop log line in stderr:\n%s", stderr.String())
	}
}

func freeAddr(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().String()
}
