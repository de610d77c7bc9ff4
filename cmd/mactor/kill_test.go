package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"os/exec"
	"path/filepath"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/mactor/mactor/bridge/bridgetest"
	"github.com/mactor/mactor/bridge/client"
	"github.com/mactor/mactor/internal/testutil"
	bridgev1 "github.com/mactor/mactor/messages/bridge/v1"
)

// serveProcess is `mactor serve` running as a real process.
type serveProcess struct {
	cmd    *exec.Cmd
	stderr *bytes.Buffer
	status string
}

func startServe(t *testing.T, bin, listen, status, data string) *serveProcess {
	t.Helper()
	cmd := exec.Command(bin, "serve", "--listen", listen, "--http", status, "--data", data, "--log-level", "warn")
	p := &serveProcess{cmd: cmd, stderr: &bytes.Buffer{}, status: status}
	cmd.Stderr = p.stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	ok := testutil.Poll(30*time.Second, 10*time.Millisecond, func() bool {
		resp, err := http.Get("http://" + status + "/state")
		if err != nil {
			return false
		}
		resp.Body.Close()
		return resp.StatusCode == http.StatusOK
	})
	if !ok {
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
		t.Fatalf("serve did not come up; stderr:\n%s", p.stderr.String())
	}
	return p
}

func (p *serveProcess) kill(t *testing.T) {
	t.Helper()
	if err := p.cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	_ = p.cmd.Wait()
}

func (p *serveProcess) stop(t *testing.T) {
	t.Helper()
	_ = p.cmd.Process.Signal(syscall.SIGTERM)
	if err := p.cmd.Wait(); err != nil {
		t.Errorf("serve exited with %v; stderr:\n%s", err, p.stderr.String())
	}
}

func (p *serveProcess) get(t *testing.T, path string, into any) {
	t.Helper()
	resp, err := http.Get("http://" + p.status + path)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("GET %s: %d", path, resp.StatusCode)
	}
	if err := json.NewDecoder(resp.Body).Decode(into); err != nil {
		t.Fatal(err)
	}
}

// TestServeKillRestart sends sequenced calls to `mactor serve` (a real
// process), kills it with SIGKILL twice while calls are in flight, starts
// it again on the same data and ports, and checks that every acknowledged
// call survived and that, after the client's resends, every call took
// effect exactly once: each agent's record counts exactly its calls, and
// the session's durable watermark is the last sequence number.
func TestServeKillRestart(t *testing.T) {
	bin := binary(t)
	dir := t.TempDir()
	listen, status, data := freeAddr(t), freeAddr(t), filepath.Join(dir, "data")
	p := startServe(t, bin, listen, status, data)
	c := client.New(client.Config{Addr: listen, MaxBatch: 256, BackoffInitial: 10 * time.Millisecond, BackoffMax: 200 * time.Millisecond})
	defer c.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()

	// Calls to agents (even i) and to frameworks (odd i), queued by a
	// producer at about 50k calls/s, so that calls are always in flight
	// or queued when the engine is killed.
	const owners, n = 16, 60000
	wantAgent, wantFramework := make([]uint64, owners), make([]uint64, owners)
	calls := make([]*bridgev1.Call, 0, n+2*owners)
	for i := 0; i < owners; i++ {
		calls = append(calls, bridgetest.Sample(bridgev1.Call_ADD_SLAVE, i), bridgetest.Sample(bridgev1.Call_ADD_FRAMEWORK, i))
		wantAgent[i]++
		wantFramework[i]++
	}
	for i := 0; i < n; i++ {
		o := (i / 2) % owners
		typ := []bridgev1.Call_Type{bridgev1.Call_DEACTIVATE_SLAVE, bridgev1.Call_DEACTIVATE_FRAMEWORK, bridgev1.Call_ACTIVATE_SLAVE, bridgev1.Call_ACTIVATE_FRAMEWORK}[i%4]
		calls = append(calls, bridgetest.Sample(typ, o))
		if i%2 == 0 {
			wantAgent[o]++
		} else {
			wantFramework[o]++
		}
	}
	ps := make([]*client.Pending, len(calls))
	var queued atomic.Int64
	produced := make(chan error, 1)
	go func() {
		tick := time.NewTicker(20 * time.Millisecond)
		defer tick.Stop()
		for i, call := range calls {
			if i%1000 == 999 {
				<-tick.C
			}
			pd, err := c.Go(ctx, call)
			if err != nil {
				produced <- err
				return
			}
			ps[i] = pd
			queued.Store(int64(i + 1))
		}
		produced <- nil
	}()
	cursor := 0
	acked := func() int {
		for cursor < int(queued.Load()) {
			select {
			case <-ps[cursor].Done():
				cursor++
				continue
			default:
			}
			break
		}
		return cursor
	}
	for round, at := range []int{n / 4, n / 2} {
		testutil.Eventually(t, 60*time.Second, func() bool { return acked() >= at }, fmt.Sprintf("round %d: %d calls acknowledged", round, at))
		p.kill(t)
		if k := acked(); k == len(ps) {
			t.Fatalf("round %d: every call was acknowledged before the kill; nothing was in flight", round)
		} else {
			t.Logf("round %d: killed with %d of %d calls acknowledged", round, k, len(ps))
		}
		p = startServe(t, bin, listen, status, data)
	}
	if err := <-produced; err != nil {
		t.Fatal(err)
	}
	for _, pd := range ps {
		if _, err := pd.Result(ctx); err != nil {
			t.Fatalf("call %d: %v", pd.Sequence(), err)
		}
	}
	type record struct {
		Meta struct {
			CallsApplied string `json:"calls_applied"`
		} `json:"meta"`
	}
	for i := 0; i < owners; i++ {
		var ag, fw record
		p.get(t, "/state/agent/"+bridgetest.SlaveID(i).GetValue(), &ag)
		p.get(t, "/state/framework/"+bridgetest.FrameworkID(i).GetValue(), &fw)
		if ag.Meta.CallsApplied != fmt.Sprint(wantAgent[i]) || fw.Meta.CallsApplied != fmt.Sprint(wantFramework[i]) {
			t.Errorf("owner %d: agent applied %s calls (want %d), framework %s (want %d)",
				i, ag.Meta.CallsApplied, wantAgent[i], fw.Meta.CallsApplied, wantFramework[i])
		}
	}
	var sess struct {
		Last uint64 `json:"last_applied_sequence"`
	}
	p.get(t, "/state/session/"+c.SessionID(), &sess)
	if sess.Last != uint64(len(ps)) {
		t.Errorf("session watermark %d, want %d", sess.Last, len(ps))
	}
	p.stop(t)
}
