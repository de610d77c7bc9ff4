package bridge_test

import (
	"context"
	"net/http"
	"sync"
	"testing"
	"time"

	"github.com/mactor/mactor/bridge"
	"github.com/mactor/mactor/bridge/bridgetest"
	"github.com/mactor/mactor/bridge/client"
	"github.com/mactor/mactor/bridge/owner"
	"github.com/mactor/mactor/internal/engine"
	"github.com/mactor/mactor/internal/testutil"
	bridgev1 "github.com/mactor/mactor/messages/bridge/v1"
)

// TestResendAfterLostAck resends calls whose acknowledgements were "lost":
// they are answered as duplicates and change nothing; the new ones in the
// same batch are applied once.
func TestResendAfterLostAck(t *testing.T) {
	h := start(t)
	calls := func(from, to int) []*bridgev1.Call {
		var out []*bridgev1.Call
		for i := from; i <= to; i++ {
			c := bridgetest.Sample(bridgev1.Call_ACTIVATE_SLAVE, 1)
			if i == 1 {
				c = bridgetest.Sample(bridgev1.Call_ADD_SLAVE, 1)
			}
			out = append(out, sequenced(c, "lost-acks", uint64(i)))
		}
		return out
	}
	for _, c := range calls(1, 5) {
		if code, _, body, _ := h.post(c, bridge.Protobuf); code != http.StatusAccepted {
			t.Fatalf("call %d answered %d %q", c.GetSequence(), code, body)
		}
	}
	code, rs, body := h.batch(calls(3, 7), bridge.Protobuf)
	if code != http.StatusOK || len(rs) != 5 {
		t.Fatalf("batch answered %d %q", code, body)
	}
	for i, r := range rs {
		seq := uint64(3 + i)
		if r.GetStatus() != http.StatusAccepted || r.GetSequence() != seq || r.GetDuplicate() != (seq <= 5) {
			t.Fatalf("answer %d: %v, want 202 with duplicate=%v", seq, r, seq <= 5)
		}
	}
	if got := h.agent(1).GetMeta().GetCallsApplied(); got != 7 {
		t.Fatalf("agent applied %d calls, want 7", got)
	}
	// The same, one call at a time.
	code2, r, _, _ := h.post(calls(6, 6)[0], bridge.JSON)
	if code2 != http.StatusAccepted || !r.GetDuplicate() {
		t.Fatalf("resend answered %d %v", code2, r)
	}
	if got := h.agent(1).GetMeta().GetCallsApplied(); got != 7 {
		t.Fatalf("agent applied %d calls after a resend, want 7", got)
	}
}

// load queues n calls over the given number of agents and framework on c
// and returns them; calls alternate ACTIVATE and DEACTIVATE.
func load(t *testing.T, ctx context.Context, c *client.Client, owners, n int) []*client.Pending {
	t.Helper()
	var ps []*client.Pending
	for i := 0; i < owners; i++ {
		p, err := c.Go(ctx, bridgetest.Sample(bridgev1.Call_ADD_SLAVE, i))
		if err != nil {
			t.Fatal(err)
		}
		ps = append(ps, p)
	}
	for i := 0; i < n; i++ {
		typ := bridgev1.Call_ACTIVATE_SLAVE
		if i%2 == 1 {
			typ = bridgev1.Call_DEACTIVATE_SLAVE
		}
		p, err := c.Go(ctx, bridgetest.Sample(typ, i%owners))
		if err != nil {
			t.Fatal(err)
		}
		ps = append(ps, p)
	}
	return ps
}

// appliedTotal sums calls_applied over agents 0..owners-1.
func appliedTotal(t *testing.T, e *engine.Engine, owners int) uint64 {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	keys := make([]owner.Key, owners)
	for i := range keys {
		keys[i] = owner.Key{Kind: owner.Agent, ID: bridgetest.SlaveID(i).GetValue()}
	}
	recs, err := e.Bridge().Records(ctx, keys)
	if err != nil {
		t.Fatal(err)
	}
	var sum uint64
	for _, r := range recs {
		sum += r.(*bridgev1.AgentRecord).GetMeta().GetCallsApplied()
	}
	return sum
}

// TestReconnectResend stops the engine while a client's calls are in
// flight and starts it again on the same data and address: the client
// resends what was not acknowledged, and every call takes effect exactly
// once.
func TestReconnectResend(t *testing.T) {
	dir := t.TempDir()
	cfg := func(addr string) func(*engine.Config) { return func(c *engine.Config) { c.Listen = addr } }
	e1, err := engine.Start(engine.Config{Listen: "127.0.0.1:0", HTTP: "127.0.0.1:0", DataDir: dir}, nil)
	if err != nil {
		t.Fatal(err)
	}
	addr := e1.BridgeAddr()
	c := client.New(client.Config{Addr: addr, MaxBatch: 16, Window: 1, BackoffInitial: 5 * time.Millisecond, BackoffMax: 50 * time.Millisecond})
	defer c.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	const owners, n = 20, 3000
	ps := load(t, ctx, c, owners, n)
	testutil.Eventually(t, 10*time.Second, func() bool { return c.Queued() < n/2 }, "half the calls acknowledged")
	e1.Stop(context.Background())
	t.Logf("engine stopped with %d calls unacknowledged", c.Queued())
	e2 := bridgetest.Engine(t, dir, cfg(addr))
	for _, p := range ps {
		if _, err := p.Result(ctx); err != nil {
			t.Fatalf("call %d: %v", p.Sequence(), err)
		}
	}
	if got := appliedTotal(t, e2, owners); got != owners+n {
		t.Fatalf("agents applied %d calls, want %d", got, owners+n)
	}
	last, err := e2.Bridge().Sessions().LastApplied(ctx, c.SessionID())
	if err != nil || last != owners+n {
		t.Fatalf("session watermark %d (%v), want %d", last, err, owners+n)
	}
}

// TestOwnerCrashMidStream crashes agent actors while calls to them are in
// flight: the sessions rewind, the client resends, and every call takes
// effect exactly once.
func TestOwnerCrashMidStream(t *testing.T) {
	h := start(t)
	c := client.New(client.Config{Addr: h.e.BridgeAddr(), MaxBatch: 32, BackoffInitial: time.Millisecond, BackoffMax: 20 * time.Millisecond})
	defer c.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	const owners, n = 8, 4000
	ps := load(t, ctx, c, owners, n)
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		for i := 0; i < 10 && c.Queued() > 0; i++ {
			pid := h.e.Bridge().Router().Known(owner.Key{Kind: owner.Agent, ID: bridgetest.SlaveID(i % owners).GetValue()})
			if pid != nil {
				h.e.System().Root.Send(pid, &owner.Crash{Reason: "test"})
			}
			time.Sleep(5 * time.Millisecond)
		}
	}()
	for _, p := range ps {
		if _, err := p.Result(ctx); err != nil {
			t.Fatalf("call %d: %v", p.Sequence(), err)
		}
	}
	wg.Wait()
	if r := metric(t, h.e, "mactor_bridge_session_resets_total"); r == 0 {
		t.Fatal("no session rewound: the crashes missed the calls in flight")
	}
	if got := appliedTotal(t, h.e, owners); got != owners+n {
		t.Fatalf("agents applied %d calls, want %d", got, owners+n)
	}
}
