package engine

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/asynkron/protoactor-go/actor"

	"github.com/mactor/mactor/bridge/client"
	"github.com/mactor/mactor/bridge/owner"
	"github.com/mactor/mactor/internal/testutil"
	bridgev1 "github.com/mactor/mactor/messages/bridge/v1"
	mesos "github.com/mactor/mactor/messages/mesos"
	"github.com/mactor/mactor/supervisor"
)

// TestTreeShape checks the supervision tree of docs/architecture.md.
func TestTreeShape(t *testing.T) {
	e, err := Start(testConfig(t), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer e.Stop(context.Background())
	ids := func(h *supervisor.Handle) []string {
		cs, err := h.WhichChildren()
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, c := range cs {
			out = append(out, c.ID)
		}
		return out
	}
	sub := func(h *supervisor.Handle, id string) *supervisor.Handle {
		s, err := h.Supervisor(id)
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	want := map[string]string{
		"root":       "store allocation hooks bridge behaviours",
		"allocation": "allocator frameworks agents offers",
		"bridge":     "sessions listener",
	}
	if got := strings.Join(ids(e.Root()), " "); got != want["root"] {
		t.Errorf("root: %s", got)
	}
	if got := strings.Join(ids(sub(e.Root(), "allocation")), " "); got != want["allocation"] {
		t.Errorf("allocation: %s", got)
	}
	if got := strings.Join(ids(sub(e.Root(), "bridge")), " "); got != want["bridge"] {
		t.Errorf("bridge: %s", got)
	}
	if got := ids(sub(e.Root(), "hooks")); len(got) != 13 || got[0] != "masterLaunchTaskLabelDecorator" || got[12] != "isolatorCleanup" {
		t.Errorf("hooks: %v", got)
	}
}

// TestStatusEndpoints: /metrics and /state answer, and the records and
// the session watermark are there after a call.
func TestStatusEndpoints(t *testing.T) {
	var mu sync.Mutex
	var changes []*owner.RecordChanged
	cfg := testConfig(t)
	cfg.OnRecordChanged = func(m *owner.RecordChanged) {
		mu.Lock()
		changes = append(changes, m)
		mu.Unlock()
	}
	e, err := Start(cfg, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer e.Stop(context.Background())
	c := client.New(client.Config{Addr: e.BridgeAddr(), SessionID: "s1"})
	defer c.Close()
	id, host := "agent-1", "h"
	if err := c.AddSlave(context.Background(), &bridgev1.Call_AddSlave{SlaveId: &mesos.SlaveID{Value: &id}, SlaveInfo: &mesos.SlaveInfo{Hostname: &host}}); err != nil {
		t.Fatal(err)
	}
	get := func(path string) (int, string) {
		resp, err := http.Get("http://" + e.StatusAddr() + path)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b)
	}
	if code, body := get("/metrics"); code != 200 || !strings.Contains(body, "mactor_bridge_calls_total") || !strings.Contains(body, "mactor_journal_commits_total") {
		t.Fatalf("/metrics %d", code)
	}
	code, body := get("/state")
	var st struct {
		Agents []string `json:"agents"`
	}
	if code != 200 || json.Unmarshal([]byte(body), &st) != nil || len(st.Agents) != 1 {
		t.Fatalf("/state %d %s", code, body)
	}
	if code, body := get("/state/agent/agent-1"); code != 200 || !strings.Contains(body, `"added":true`) {
		t.Fatalf("/state/agent %d %s", code, body)
	}
	if code, _ := get("/state/agent/nope"); code != 404 {
		t.Fatalf("unknown agent: %d", code)
	}
	if code, body := get("/state/session/s1"); code != 200 || !strings.Contains(body, `"last_applied_sequence":1`) {
		t.Fatalf("/state/session %d %s", code, body)
	}
	testutil.Eventually(t, 5*time.Second, func() bool {
		mu.Lock()
		defer mu.Unlock()
		for _, m := range changes {
			if r, ok := m.Record.(*bridgev1.AgentRecord); ok && r.GetAdded() {
				return true
			}
		}
		return false
	}, "the agent's change reached OnRecordChanged")
}

// TestRootGivesUp: when the root supervisor gives up, the engine stops
// with an error (and `mactor serve` exits non-zero).
func TestRootGivesUp(t *testing.T) {
	e, err := Start(testConfig(t), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer e.Stop(context.Background())
	pid := actor.NewPID(e.System().Address(), "root/allocation/allocator")
	deadline := time.After(30 * time.Second)
	for {
		select {
		case <-e.Done():
			if err := e.Err(); err == nil || !errors.Is(err, supervisor.ErrMaxRestartIntensity) {
				t.Fatalf("Err = %v, want the root's max restart intensity", err)
			}
			return
		case <-deadline:
			t.Fatal("the engine did not stop")
		case <-time.After(5 * time.Millisecond):
			e.System().Root.Send(pid, &owner.Crash{Reason: "test"})
		}
	}
}

func TestBadHooksConfig(t *testing.T) {
	cfg := testConfig(t)
	cfg.HooksConfig = filepath.Join(t.TempDir(), "hooks.yaml")
	if err := os.WriteFile(cfg.HooksConfig, []byte("rules: [{hooks: [nope], labels: {a: b}}]\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := Start(cfg, nil); !errors.Is(err, ErrBadConfig) {
		t.Fatalf("err = %v, want ErrBadConfig", err)
	}
}
