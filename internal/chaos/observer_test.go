package chaos

import (
	"context"
	"testing"
	"time"

	"google.golang.org/protobuf/proto"

	"github.com/mactor/mactor/bridge/client"
	"github.com/mactor/mactor/internal/engine"
	"github.com/mactor/mactor/internal/resources"
	"github.com/mactor/mactor/internal/testutil"
	bridgev1 "github.com/mactor/mactor/messages/bridge/v1"
	"github.com/mactor/mactor/messages/mesos"
)

// TestObserverAgainstEngine runs a bridge client over the observer against
// a real engine: every call sent is seen acknowledged, the engine's
// durable watermark covers them, hook calls are timed, and the OFFERS of
// the SUBSCRIBE stream reach the offer ledger.
func TestObserverAgainstEngine(t *testing.T) {
	e, err := engine.Start(engine.Config{Listen: "127.0.0.1:0", HTTP: "127.0.0.1:0", DataDir: t.TempDir(), AllocationInterval: 100 * time.Millisecond}, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer e.Stop(context.Background())
	ledger := NewOfferLedger()
	obs := newObserver(nil, time.Second, ledger, time.Now())
	defer obs.base.(interface{ CloseIdleConnections() }).CloseIdleConnections()
	c := client.New(client.Config{Addr: e.BridgeAddr(), SessionID: "observed", HTTP: obs.client()})
	defer c.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	sub, stopSub := context.WithCancel(ctx)
	subDone := make(chan struct{})
	go func() {
		defer close(subDone)
		_ = c.Subscribe(sub, client.SubscribeOptions{MasterID: "m"}, func(*bridgev1.Event) {})
	}()
	defer func() { stopSub(); <-subDone }()

	fw := &mesos.FrameworkID{Value: proto.String("fw")}
	calls := []*bridgev1.Call{
		client.AddSlaveCall(&bridgev1.Call_AddSlave{SlaveId: &mesos.SlaveID{Value: proto.String("a1")},
			SlaveInfo: &mesos.SlaveInfo{Hostname: proto.String("a1")}, Total: resources.MustParse("cpus:2;mem:256").ToProto(),
			Capabilities: []*mesos.SlaveInfo_Capability{{Type: mesos.SlaveInfo_Capability_MULTI_ROLE.Enum()}}}),
		client.AddFrameworkCall(&bridgev1.Call_AddFramework{FrameworkId: fw, Active: true,
			FrameworkInfo: &mesos.FrameworkInfo{User: proto.String("u"), Name: proto.String("fw"), Id: fw, Roles: []string{"r"},
				Capabilities: []*mesos.FrameworkInfo_Capability{{Type: mesos.FrameworkInfo_Capability_MULTI_ROLE.Enum()}}}}),
	}
	for range 200 {
		calls = append(calls, client.RequestResourcesCall(&bridgev1.Call_RequestResources{FrameworkId: fw}))
	}
	for _, call := range calls {
		if _, err := c.Go(ctx, call); err != nil {
			t.Fatal(err)
		}
	}
	testutil.Eventually(t, 20*time.Second, func() bool { return len(obs.unanswered()) == 0 && obs.ackedTotal() == int64(len(calls)) }, "every call acknowledged")
	sent, acked, rejected := obs.totals()
	if sent != int64(len(calls)) || acked != sent || rejected != 0 {
		t.Fatalf("sent %d, acked %d, rejected %d; want %d, %d, 0", sent, acked, rejected, len(calls), len(calls))
	}
	st := newStatusClient(e.StatusAddr())
	if last, err := st.session(ctx, "observed"); err != nil || last != uint64(len(calls)) {
		t.Fatalf("durable watermark %d (%v), want %d", last, err, len(calls))
	}
	if n := obs.lostAbove("observed", uint64(len(calls))); n != 0 {
		t.Fatalf("%d lost", n)
	}
	if f := obs.orderFailures(); len(f) > 0 {
		t.Fatalf("order: %v", f)
	}

	if _, err := c.MasterLaunchTaskLabelDecorator(ctx, &bridgev1.Call_MasterLaunchTaskLabelDecorator{
		TaskInfo: &mesos.TaskInfo{Name: proto.String("t"), TaskId: &mesos.TaskID{Value: proto.String("t")}, SlaveId: &mesos.SlaveID{Value: proto.String("a1")}},
	}); err != nil {
		t.Fatal(err)
	}
	if h := obs.hookStats(); h.calls != 1 || h.inTime != 1 {
		t.Fatalf("hooks: %s", h)
	}
	testutil.Eventually(t, 20*time.Second, func() bool { return ledger.Offers() > 0 }, "an offer checked by the ledger")
	if f := ledger.Failures(); len(f) > 0 {
		t.Fatalf("ledger: %v", f)
	}
}
