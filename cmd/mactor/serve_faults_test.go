package main

import (
	"bytes"
	"encoding/json"
	"net/http"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/mactor/mactor/internal/testutil"
)

// TestServeFaultFlags: --faults is documented in serve --help and
// --unsafe-ack-before-fsync is hidden; both parse (a bad --listen is what
// fails, not an unknown flag).
func TestServeFaultFlags(t *testing.T) {
	var out, errb bytes.Buffer
	if code := run([]string{"serve", "--help"}, &out, &errb); code != 0 {
		t.Fatalf("serve --help: exit %d, stderr %q", code, errb.String())
	}
	help := out.String()
	if !strings.Contains(help, "--faults") || !strings.Contains(help, "never in production") {
		t.Errorf("serve --help lacks --faults:\n%s", help)
	}
	if strings.Contains(help, "unsafe-ack-before-fsync") {
		t.Errorf("serve --help shows the hidden --unsafe-ack-before-fsync:\n%s", help)
	}
	for _, flag := range []string{"--faults", "--unsafe-ack-before-fsync"} {
		t.Run(flag, func(t *testing.T) {
			var out, errb bytes.Buffer
			code := run([]string{"serve", flag, "--listen", "nonsense"}, &out, &errb)
			if code != exitUsage || !strings.Contains(errb.String(), "--listen") || strings.Contains(errb.String(), "unknown flag") {
				t.Fatalf("exit %d, stderr %q", code, errb.String())
			}
		})
	}
}

// TestServeFaultsProcess: `mactor serve --faults --unsafe-ack-before-fsync`
// (a real process) serves GET /debug/faults, and injects a fault.
func TestServeFaultsProcess(t *testing.T) {
	bin := binary(t)
	status := freeAddr(t)
	cmd := exec.Command(bin, "serve", "--faults", "--unsafe-ack-before-fsync", "--listen", freeAddr(t), "--http", status,
		"--data", filepath.Join(t.TempDir(), "data"), "--log-level", "warn")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	p := &serveProcess{cmd: cmd, stderr: &stderr, status: status}
	t.Cleanup(func() {
		if cmd.ProcessState == nil { // a failure before p.stop
			_ = cmd.Process.Kill()
			_ = cmd.Wait()
		}
	})
	if !testutil.Poll(30*time.Second, 10*time.Millisecond, func() bool {
		resp, err := http.Get("http://" + status + "/health")
		if err != nil {
			return false
		}
		resp.Body.Close()
		return resp.StatusCode == http.StatusOK
	}) {
		p.kill(t)
		t.Fatalf("serve did not come up; stderr:\n%s", stderr.String())
	}
	var targets struct {
		Enabled bool                `json:"enabled"`
		Targets map[string][]string `json:"targets"`
	}
	p.get(t, "/debug/faults", &targets)
	if !targets.Enabled || len(targets.Targets["panic-hook"]) == 0 {
		t.Fatalf("GET /debug/faults: %+v", targets)
	}
	resp, err := http.Post("http://"+status+"/debug/faults", "application/json", strings.NewReader(`{"kind":"panic-hook","seed":1}`))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var res struct{ Kind, Target string }
	if resp.StatusCode != http.StatusOK || json.NewDecoder(resp.Body).Decode(&res) != nil || res.Kind != "panic-hook" || !strings.HasPrefix(res.Target, "root/hooks/") {
		t.Fatalf("POST /debug/faults: %d %+v", resp.StatusCode, res)
	}
	p.stop(t)
	if !strings.Contains(stderr.String(), "fault injection is on") {
		t.Errorf("no warning that fault injection is on; stderr:\n%s", stderr.String())
	}
}
