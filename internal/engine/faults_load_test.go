package engine

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"sync/atomic"
	"testing"
	"time"

	"github.com/mactor/mactor/bridge/client"
	"github.com/mactor/mactor/bridge/owner"
	"github.com/mactor/mactor/internal/testutil"
	bridgev1 "github.com/mactor/mactor/messages/bridge/v1"
	mesos "github.com/mactor/mactor/messages/mesos"
	"google.golang.org/protobuf/proto"
)

// recordMeta is the part of an owner's record the load test reads.
type recordMeta interface {
	GetMeta() *bridgev1.OwnerMeta
}

// TestFaultsUnderLoad injects faults while a module pipelines calls to a
// few agents and frameworks, and checks conservation: every call is
// acknowledged in the end (after the client's resends), each took effect
// exactly once at its owner, and the session's durable watermark is the
// last call. The faults hit the owners that the calls are going to
// (crashes, brutal kills, stalls, an escalation), the session, and the
// connections.
func TestFaultsUnderLoad(t *testing.T) {
	cfg := testConfig(t)
	cfg.Faults = true
	e, err := Start(cfg, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer e.Stop(context.Background())
	c := client.New(client.Config{Addr: e.BridgeAddr(), SessionID: "load", MaxBatch: 64, BackoffInitial: 5 * time.Millisecond, BackoffMax: 100 * time.Millisecond})
	defer c.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()

	const owners, n = 4, 6000
	want := map[owner.Key]uint64{}
	var calls []*bridgev1.Call
	add := func(k owner.Key, call *bridgev1.Call) {
		want[k]++
		calls = append(calls, call)
	}
	agent := func(i int) (owner.Key, *mesos.SlaveID) {
		id := fmt.Sprintf("agent-%d", i)
		return owner.Key{Kind: owner.Agent, ID: id}, &mesos.SlaveID{Value: proto.String(id)}
	}
	framework := func(i int) (owner.Key, *mesos.FrameworkID) {
		id := fmt.Sprintf("fw-%d", i)
		return owner.Key{Kind: owner.Framework, ID: id}, &mesos.FrameworkID{Value: proto.String(id)}
	}
	for i := range owners {
		ak, aid := agent(i)
		add(ak, client.AddSlaveCall(&bridgev1.Call_AddSlave{SlaveId: aid, SlaveInfo: &mesos.SlaveInfo{Hostname: proto.String(ak.ID)}}))
		fk, fid := framework(i)
		add(fk, client.AddFrameworkCall(&bridgev1.Call_AddFramework{FrameworkId: fid, FrameworkInfo: &mesos.FrameworkInfo{Name: proto.String(fk.ID)}, Active: true}))
	}
	for i := range n {
		ak, aid := agent((i / 4) % owners)
		fk, fid := framework((i / 4) % owners)
		switch i % 4 {
		case 0:
			add(ak, client.DeactivateSlaveCall(&bridgev1.SlaveTarget{SlaveId: aid}))
		case 1:
			add(fk, client.DeactivateFrameworkCall(&bridgev1.FrameworkTarget{FrameworkId: fid}))
		case 2:
			add(ak, client.ActivateSlaveCall(&bridgev1.SlaveTarget{SlaveId: aid}))
		case 3:
			add(fk, client.ActivateFrameworkCall(&bridgev1.FrameworkTarget{FrameworkId: fid}))
		}
	}

	// The producer: about 20k calls/s, so that calls are always in flight.
	pending := make([]*client.Pending, len(calls))
	var queued atomic.Int64 // pending[:queued] are set
	produced := make(chan error, 1)
	go func() {
		tick := time.NewTicker(10 * time.Millisecond)
		defer tick.Stop()
		for i, call := range calls {
			if i%200 == 199 {
				<-tick.C
			}
			p, err := c.Go(ctx, call)
			if err != nil {
				produced <- err
				return
			}
			pending[i] = p
			queued.Store(int64(i + 1))
		}
		produced <- nil
	}()

	inject := func(kind, target string, durationMS int) {
		t.Helper()
		res, err := e.InjectFault(ctx, FaultRequest{Kind: kind, Target: target, DurationMS: durationMS, Seed: 1})
		if err != nil {
			t.Fatalf("%s %s: %v", kind, target, err)
		}
		t.Logf("%s %s: %s", kind, res.Target, res.Detail)
	}
	agent0, fw1 := pathAgents+"/agent-0", pathFrameworks+"/fw-1"
	faults := []struct {
		kind, target string
		durationMS   int
	}{
		{FaultBrutalKill, agent0, 0},
		{FaultPanicAgent, agent0, 0},
		{FaultBrutalKill, fw1, 0},
		{FaultSlowHandler, fw1, 50},
		{FaultPanicSession, pathSessions + "/load", 0},
		{FaultDropConns, "", 0},
		{FaultPanicFramework, fw1, 0},
		{FaultBrutalKill, agent0, 0},
		{FaultEscalate, pathAgents, 0},
		{FaultBrutalKill, fw1, 0},
	}
	for i, f := range faults {
		// Spread the faults over the run: each one once the calls have
		// moved on.
		at := (i + 1) * len(calls) / (len(faults) + 2)
		testutil.Eventually(t, 60*time.Second, func() bool {
			return queued.Load() > int64(at) && func() bool {
				select {
				case <-pending[at-200].Done():
					return true
				default:
					return false
				}
			}()
		}, fmt.Sprintf("call %d acknowledged", at-200))
		inject(f.kind, f.target, f.durationMS)
	}
	if err := <-produced; err != nil {
		t.Fatal(err)
	}
	for _, p := range pending {
		if _, err := p.Result(ctx); err != nil {
			t.Fatalf("call %d: %v", p.Sequence(), err)
		}
	}
	for k, n := range want {
		rec, err := e.Bridge().Record(ctx, k)
		if err != nil {
			t.Fatal(err)
		}
		if got := rec.(recordMeta).GetMeta().GetCallsApplied(); got != n {
			t.Errorf("%s applied %d calls, want %d (each exactly once)", k, got, n)
		}
	}
	resp, err := http.Get("http://" + e.StatusAddr() + "/state/session/load")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var sess struct {
		Last uint64 `json:"last_applied_sequence"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&sess); err != nil || sess.Last != uint64(len(calls)) {
		t.Errorf("session watermark %d (%v), want %d", sess.Last, err, len(calls))
	}
}
