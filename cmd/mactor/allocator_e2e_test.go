package main

import (
	"context"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"google.golang.org/protobuf/proto"

	"github.com/mactor/mactor/bridge/client"
	"github.com/mactor/mactor/internal/chaos"
	"github.com/mactor/mactor/internal/resources"
	"github.com/mactor/mactor/internal/testutil"
	bridgev1 "github.com/mactor/mactor/messages/bridge/v1"
	"github.com/mactor/mactor/messages/mesos"
)

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
	ledger := chaos.NewOfferLedger()
	check := func() {
		t.Helper()
		if f := ledger.Failures(); len(f) > 0 {
			t.Fatalf("module saw:\n%s", strings.Join(f, "\n"))
		}
	}
	subCtx, stopSub := context.WithCancel(ctx)
	subscribed := make(chan struct{})
	go func() {
		defer close(subscribed)
		_ = c.Subscribe(subCtx, client.SubscribeOptions{MasterID: "e2e"}, ledger.Event)
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
		testutil.Eventually(t, 30*time.Second, func() bool { check(); return cond() }, msg)
	}

	must(c.Initialize(ctx, &bridgev1.Call_Initialize{AllocationIntervalSeconds: 0.1, FilterGpuResources: true,
		MinAllocatableResources: []*bridgev1.ResourceQuantities{{Quantities: map[string]float64{"cpus": 0.01}}, {Quantities: map[string]float64{"mem": 32}}}}))
	agents := []string{"a1", "a2", "a3"}
	for _, id := range agents {
		total := resources.MustParse("cpus:4;mem:4096")
		ledger.SetTotal(id, total)
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
		return !slices.Contains([]string{ledger.Holder("a1"), ledger.Holder("a2"), ledger.Holder("a3")}, "")
	})
	other := map[string]string{"A": "B", "B": "A"}
	decline := func(fw, agent string, refuse float64) {
		t.Helper()
		res := ledger.Release(fw, agent, refuse > 0)
		must(c.RecoverResources(ctx, &bridgev1.Call_RecoverResources{FrameworkId: &mesos.FrameworkID{Value: proto.String(fw)},
			SlaveId: &mesos.SlaveID{Value: proto.String(agent)}, Resources: res.ToProto(), Filters: &mesos.Filters{RefuseSeconds: proto.Float64(refuse)}}))
	}

	// A declines a1 for an hour: a1 goes to B, never back to A.
	x := "a1"
	fx := ledger.Holder(x)
	decline(fx, x, 3600)
	wait(x+" offered to the other framework", func() bool { return !ledger.Holding(other[fx], x).Empty() })

	// The holder of a2 accepts: reserves one cpu (updateAllocation with a
	// conversion) and launches on everything (the offer becomes
	// allocated).
	y := "a2"
	fy := ledger.Holder(y)
	cpu := resources.MustParse("cpus:1").Allocate("web")
	reserved := resources.MustFromProto([]*mesos.Resource{{Name: proto.String("cpus"), Type: mesos.Value_SCALAR.Enum(), Scalar: &mesos.Value_Scalar{Value: proto.Float64(1)},
		Reservations:   []*mesos.Resource_ReservationInfo{{Type: mesos.Resource_ReservationInfo_DYNAMIC.Enum(), Role: proto.String("web"), Principal: proto.String("p")}},
		AllocationInfo: &mesos.Resource_AllocationInfo{Role: proto.String("web")}}})
	must(c.UpdateAllocation(ctx, &bridgev1.Call_UpdateAllocation{FrameworkId: &mesos.FrameworkID{Value: proto.String(fy)}, SlaveId: &mesos.SlaveID{Value: proto.String(y)},
		OfferedResources: cpu.ToProto(), Conversions: []*bridgev1.ResourceConversion{{Consumed: cpu.ToProto(), Converted: reserved.ToProto()}}}))
	ledger.Convert(fy, y, cpu, reserved)
	launched := ledger.Holding(fy, y)
	must(c.TransitionOfferedToAllocated(ctx, &bridgev1.Call_TransitionOfferedToAllocated{SlaveId: &mesos.SlaveID{Value: proto.String(y)}, Resources: launched.ToProto()}))

	// Kill the engine right after a decline without a filter of a3: it
	// must come back after the restart (nothing offered is forgotten).
	z := "a3"
	fz := ledger.Holder(z)
	before := ledger.LastEvent()
	decline(fz, z, 0)
	p.kill(t)
	p = startServe(t, bin, listen, status, data)
	wait(z+" offered again after the restart", func() bool { return ledger.Holder(z) != "" })
	if ledger.LastEvent() <= before {
		t.Fatalf("no event after the restart (last %d)", ledger.LastEvent())
	}

	// An offer made before the kill is still outstanding: declining it
	// (a1, held by the other framework) brings a1 back — to the other
	// framework only once A revives.
	fa := ledger.Holder(x)
	must(c.ReviveOffers(ctx, &bridgev1.RoleTargets{FrameworkId: &mesos.FrameworkID{Value: proto.String(fx)}}))
	ledger.Revive(fx, x)
	decline(fa, x, 3600)
	wait(x+" offered to the revived framework", func() bool { return !ledger.Holding(fx, x).Empty() })
	check()
	t.Logf("%d events; the last one before the kill: %d", ledger.LastEvent(), before)
}
