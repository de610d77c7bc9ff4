package main

import (
	"context"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"google.golang.org/protobuf/proto"

	"github.com/mactor/mactor/bridge/client"
	"github.com/mactor/mactor/internal/resources"
	"github.com/mactor/mactor/internal/testutil"
	bridgev1 "github.com/mactor/mactor/messages/bridge/v1"
	"github.com/mactor/mactor/messages/mesos"
)

// offerLedger is the module's view of the offers it got: outstanding ones
// per (framework, agent), the agents' totals, and the refuse filters in
// force. Every OFFERS event is checked against it: nothing offered twice
// (an offer must fit in what the agent has beside what is outstanding) and
// no (framework, agent) offered while the framework refuses it.
type offerLedger struct {
	mu       sync.Mutex
	t        *testing.T
	totals   map[string]resources.Resources
	held     map[[2]string]resources.Resources // (framework, agent) → offered or accepted
	refusing map[[2]string]bool
	events   []uint64
	failures []string
}

func newOfferLedger(t *testing.T) *offerLedger {
	return &offerLedger{t: t, totals: map[string]resources.Resources{}, held: map[[2]string]resources.Resources{}, refusing: map[[2]string]bool{}}
}

func (l *offerLedger) fail(format string, args ...any) {
	l.failures = append(l.failures, fmt.Sprintf(format, args...))
}

// event handles one event of the SUBSCRIBE stream.
func (l *offerLedger) event(ev *bridgev1.Event) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if ev.GetType() != bridgev1.Event_OFFERS {
		return
	}
	if n := len(l.events); n > 0 && ev.GetSequence() != l.events[n-1]+1 {
		l.fail("event %d after event %d", ev.GetSequence(), l.events[n-1])
	}
	l.events = append(l.events, ev.GetSequence())
	fw := ev.GetOffers().GetFrameworkId().GetValue()
	for _, rr := range ev.GetOffers().GetRoles() {
		for _, sr := range rr.GetSlaves() {
			agent := sr.GetSlaveId().GetValue()
			res, err := resources.FromProto(sr.GetResources())
			if err != nil {
				l.fail("event %d: %v", ev.GetSequence(), err)
				continue
			}
			if l.refusing[[2]string{fw, agent}] {
				l.fail("event %d: %s offered %s on %s, which it refuses", ev.GetSequence(), fw, res, agent)
			}
			var out resources.Resources
			for k, h := range l.held {
				if k[1] == agent {
					out = out.Plus(h.Unallocate())
				}
			}
			if !l.totals[agent].Contains(out.Plus(res.Unallocate())) {
				l.fail("event %d: %s offered %s on %s beside %s outstanding (total %s): offered twice",
					ev.GetSequence(), fw, res, agent, out, l.totals[agent])
			}
			k := [2]string{fw, agent}
			l.held[k] = l.held[k].Plus(res)
		}
	}
}

// holding returns what fw holds on agent.
func (l *offerLedger) holding(fw, agent string) resources.Resources {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.held[[2]string{fw, agent}]
}

// holder returns the framework holding something on agent ("" if none).
func (l *offerLedger) holder(agent string) string {
	l.mu.Lock()
	defer l.mu.Unlock()
	for k, h := range l.held {
		if k[1] == agent && !h.Empty() {
			return k[0]
		}
	}
	return ""
}

// release forgets what fw holds on agent (declined or finished).
func (l *offerLedger) release(fw, agent string, refuse bool) resources.Resources {
	l.mu.Lock()
	defer l.mu.Unlock()
	k := [2]string{fw, agent}
	h := l.held[k]
	delete(l.held, k)
	if refuse {
		l.refusing[k] = true
	}
	return h
}

func (l *offerLedger) check() {
	l.t.Helper()
	l.mu.Lock()
	defer l.mu.Unlock()
	if len(l.failures) > 0 {
		l.t.Fatalf("module saw:\n%s", strings.Join(l.failures, "\n"))
	}
}

// TestAllocatorEndToEndKillRestart drives `mactor serve` (a real process)
// as the Mesos module would, over loopback with the Go bridge client: it
// subscribes, adds agents and frameworks, gets OFFERS, declines with a
// filter (the agent goes to the other framework, never back to the
// refusing one), accepts with a reservation (updateAllocation) and
// launches (transitionOfferedToAllocated), revives. Then the engine is
// killed with SIGKILL right after a decline and restarted on the same
// data: the stream resumes with the next event numbers, nothing offered
// before the kill is offered again while outstanding, what was declined
// comes back, and offers made before the kill can still be declined. Every
// event is checked: no resource offered twice, no filtered agent offered.
func TestAllocatorEndToEndKillRestart(t *testing.T) {
	bin := binary(t)
	listen, status, data := freeAddr(t), freeAddr(t), filepath.Join(t.TempDir(), "data")
	p := startServe(t, bin, listen, status, data)
	defer func() { p.stop(t) }()
	c := client.New(client.Config{Addr: listen, SessionID: "e2e-module", BackoffInitial: 10 * time.Millisecond, BackoffMax: 200 * time.Millisecond})
	defer c.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	ledger := newOfferLedger(t)
	subCtx, stopSub := context.WithCancel(ctx)
	subscribed := make(chan struct{})
	go func() {
		defer close(subscribed)
		_ = c.Subscribe(subCtx, client.SubscribeOptions{MasterID: "e2e"}, ledger.event)
	}()
	defer func() {
		stopSub()
		<-subscribed
	}()
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	wait := func(msg string, cond func() bool) {
		t.Helper()
		testutil.Eventually(t, 30*time.Second, func() bool { ledger.check(); return cond() }, msg)
	}

	must(c.Initialize(ctx, &bridgev1.Call_Initialize{AllocationIntervalSeconds: 0.1, FilterGpuResources: true,
		MinAllocatableResources: []*bridgev1.ResourceQuantities{{Quantities: map[string]float64{"cpus": 0.01}}, {Quantities: map[string]float64{"mem": 32}}}}))
	agents := []string{"a1", "a2", "a3"}
	for _, id := range agents {
		total := resources.MustParse("cpus:4;mem:4096")
		ledger.mu.Lock()
		ledger.totals[id] = total
		ledger.mu.Unlock()
		must(c.AddSlave(ctx, &bridgev1.Call_AddSlave{SlaveId: &mesos.SlaveID{Value: proto.String(id)},
			SlaveInfo:    &mesos.SlaveInfo{Hostname: proto.String(id), Id: &mesos.SlaveID{Value: proto.String(id)}},
			Capabilities: []*mesos.SlaveInfo_Capability{{Type: mesos.SlaveInfo_Capability_MULTI_ROLE.Enum()}, {Type: mesos.SlaveInfo_Capability_HIERARCHICAL_ROLE.Enum()}, {Type: mesos.SlaveInfo_Capability_RESERVATION_REFINEMENT.Enum()}},
			Total:        total.ToProto()}))
	}
	for _, id := range []string{"A", "B"} {
		must(c.AddFramework(ctx, &bridgev1.Call_AddFramework{FrameworkId: &mesos.FrameworkID{Value: proto.String(id)}, Active: true,
			FrameworkInfo: &mesos.FrameworkInfo{User: proto.String("u"), Name: proto.String(id), Id: &mesos.FrameworkID{Value: proto.String(id)}, Roles: []string{"web"},
				Capabilities: []*mesos.FrameworkInfo_Capability{{Type: mesos.FrameworkInfo_Capability_MULTI_ROLE.Enum()}}}}))
	}
	wait("every agent offered", func() bool {
		return !slices.Contains([]string{ledger.holder("a1"), ledger.holder("a2"), ledger.holder("a3")}, "")
	})
	other := map[string]string{"A": "B", "B": "A"}
	decline := func(fw, agent string, refuse float64) {
		t.Helper()
		res := ledger.release(fw, agent, refuse > 0)
		must(c.RecoverResources(ctx, &bridgev1.Call_RecoverResources{FrameworkId: &mesos.FrameworkID{Value: proto.String(fw)},
			SlaveId: &mesos.SlaveID{Value: proto.String(agent)}, Resources: res.ToProto(), Filters: &mesos.Filters{RefuseSeconds: proto.Float64(refuse)}}))
	}

	// A declines a1 for an hour: a1 goes to B, never back to A.
	x := "a1"
	fx := ledger.holder(x)
	decline(fx, x, 3600)
	wait(x+" offered to the other framework", func() bool { return !ledger.holding(other[fx], x).Empty() })

	// The holder of a2 accepts: reserves one cpu (updateAllocation with a
	// conversion) and launches on everything (the offer becomes
	// allocated).
	y := "a2"
	fy := ledger.holder(y)
	cpu := resources.MustParse("cpus:1").Allocate("web")
	reserved := resources.MustFromProto([]*mesos.Resource{{Name: proto.String("cpus"), Type: mesos.Value_SCALAR.Enum(), Scalar: &mesos.Value_Scalar{Value: proto.Float64(1)},
		Reservations:   []*mesos.Resource_ReservationInfo{{Type: mesos.Resource_ReservationInfo_DYNAMIC.Enum(), Role: proto.String("web"), Principal: proto.String("p")}},
		AllocationInfo: &mesos.Resource_AllocationInfo{Role: proto.String("web")}}})
	must(c.UpdateAllocation(ctx, &bridgev1.Call_UpdateAllocation{FrameworkId: &mesos.FrameworkID{Value: proto.String(fy)}, SlaveId: &mesos.SlaveID{Value: proto.String(y)},
		OfferedResources: cpu.ToProto(), Conversions: []*bridgev1.ResourceConversion{{Consumed: cpu.ToProto(), Converted: reserved.ToProto()}}}))
	ledger.mu.Lock()
	k := [2]string{fy, y}
	ledger.held[k] = ledger.held[k].Minus(cpu).Plus(reserved)
	ledger.totals[y] = ledger.totals[y].Minus(cpu.Unallocate()).Plus(reserved.Unallocate())
	launched := ledger.held[k]
	ledger.mu.Unlock()
	must(c.TransitionOfferedToAllocated(ctx, &bridgev1.Call_TransitionOfferedToAllocated{SlaveId: &mesos.SlaveID{Value: proto.String(y)}, Resources: launched.ToProto()}))

	// Kill the engine right after a decline without a filter of a3: it
	// must come back after the restart (nothing offered is forgotten).
	z := "a3"
	fz := ledger.holder(z)
	before := ledger.lastEvent()
	decline(fz, z, 0)
	p.kill(t)
	p = startServe(t, bin, listen, status, data)
	wait(z+" offered again after the restart", func() bool { return ledger.holder(z) != "" })
	if ledger.lastEvent() <= before {
		t.Fatalf("no event after the restart (last %d)", ledger.lastEvent())
	}

	// An offer made before the kill is still outstanding: declining it
	// (a1, held by the other framework) brings a1 back — to the other
	// framework only once A revives.
	fa := ledger.holder(x)
	must(c.ReviveOffers(ctx, &bridgev1.RoleTargets{FrameworkId: &mesos.FrameworkID{Value: proto.String(fx)}}))
	ledger.mu.Lock()
	delete(ledger.refusing, [2]string{fx, x})
	ledger.mu.Unlock()
	decline(fa, x, 3600)
	wait(x+" offered to the revived framework", func() bool { return !ledger.holding(fx, x).Empty() })
	ledger.check()
	t.Logf("%d events; the last one before the kill: %d", ledger.lastEvent(), before)
}

func (l *offerLedger) lastEvent() uint64 {
	l.mu.Lock()
	defer l.mu.Unlock()
	if len(l.events) == 0 {
		return 0
	}
	return l.events[len(l.events)-1]
}
