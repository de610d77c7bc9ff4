package owner_test

import (
	"context"
	"sync/atomic"
	"testing"
	"time"

	"github.com/asynkron/protoactor-go/actor"
	"google.golang.org/protobuf/proto"

	"github.com/mactor/mactor/bridge/owner"
	"github.com/mactor/mactor/internal/testutil"
	bridgev1 "github.com/mactor/mactor/messages/bridge/v1"
)

// TestNotifyCarriesEvents checks that RecordChanged hands the listener
// every applied event once, in order, with its decoded calls, and that a
// restart announces none (the listener reads the journal instead).
func TestNotifyCarriesEvents(t *testing.T) {
	got := make(chan *owner.RecordChanged, 64)
	f := newFixture(t, func(f *fixture) {
		f.cfg.Notify = f.sys.Root.Spawn(actor.PropsFromFunc(func(ctx actor.Context) {
			if m, ok := ctx.Message().(*owner.RecordChanged); ok {
				got <- m
			}
		}))
	})
	e := f.cfg.Epoch.Current()
	f.apply("s", e, call(bridgev1.Call_ADD_FRAMEWORK, "s", 1), call(bridgev1.Call_DEACTIVATE_FRAMEWORK, "s", 2))
	f.apply("s", e, call(bridgev1.Call_DEACTIVATE_FRAMEWORK, "s", 2), call(bridgev1.Call_ACTIVATE_FRAMEWORK, "s", 3))
	var events []owner.AppliedEvent
	testutil.Eventually(t, 5*time.Second, func() bool {
		for {
			select {
			case m := <-got:
				if m.Recovered && len(m.Events) > 0 {
					t.Fatalf("recovery announcement with events: %+v", m)
				}
				events = append(events, m.Events...)
			default:
				return len(events) >= 2
			}
		}
	}, "two events notified")
	if len(events) != 2 || events[0].Seq != 1 || events[1].Seq != 2 {
		t.Fatalf("events %+v", events)
	}
	if len(events[0].Calls) != 2 || len(events[1].Calls) != 1 || events[1].Calls[0].GetType() != bridgev1.Call_ACTIVATE_FRAMEWORK {
		t.Fatalf("calls of the events: %+v", events)
	}
	ev := &bridgev1.OwnerEvent{}
	if err := proto.Unmarshal(events[1].Data, ev); err != nil || len(ev.GetCalls()) != 1 || ev.GetSessionId() != "s" || events[1].Session != "s" {
		t.Fatalf("journaled data %v %v", ev, err)
	}
	f.stop()
	f.spawn()
	select {
	case m := <-got:
		if !m.Recovered || m.Seq != 2 || len(m.Events) != 0 {
			t.Fatalf("announcement after restart %+v", m)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("no announcement after restart")
	}
}

// TestCompactedHoldsSnapshots checks that an owner compacts its journal
// only up to what the listener holds (Config.Compacted), on its own
// schedule and when it stops.
func TestCompactedHoldsSnapshots(t *testing.T) {
	var held atomic.Uint64
	f := newFixture(t, func(f *fixture) {
		f.cfg.SnapshotEvery = 2
		f.cfg.Compacted = func(owner.Key) uint64 { return held.Load() }
	})
	e := f.cfg.Epoch.Current()
	for seq := uint64(1); seq <= 4; seq++ {
		f.apply("s", e, call(bridgev1.Call_DEACTIVATE_FRAMEWORK, "s", seq))
	}
	snapshotSeq := func() uint64 {
		h, err := f.store.Read(context.Background(), f.key.Stream())
		if err != nil {
			t.Fatal(err)
		}
		return h.SnapshotSeq
	}
	if s := snapshotSeq(); s != 0 {
		t.Fatalf("snapshot at %d while the listener holds nothing", s)
	}
	held.Store(4)
	f.apply("s", e, call(bridgev1.Call_DEACTIVATE_FRAMEWORK, "s", 5))
	if s := snapshotSeq(); s != 0 {
		t.Fatalf("snapshot at %d beyond what the listener holds (4)", s)
	}
	held.Store(6)
	f.apply("s", e, call(bridgev1.Call_DEACTIVATE_FRAMEWORK, "s", 6))
	testutil.Eventually(t, 5*time.Second, func() bool { return snapshotSeq() == 6 }, "snapshot once the listener holds every event")
	f.apply("s", e, call(bridgev1.Call_DEACTIVATE_FRAMEWORK, "s", 7))
	f.stop()
	if s := snapshotSeq(); s != 6 {
		t.Fatalf("stopping snapshot at %d, want none beyond 6", s)
	}
	f.spawn()
	if r := f.record(); r.GetMeta().GetCallsApplied() != 7 {
		t.Fatalf("record after restart %v", r)
	}
}
