package allocator

import (
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	dto "github.com/prometheus/client_model/go"
	"google.golang.org/protobuf/proto"

	bridgev1 "github.com/mactor/mactor/messages/bridge/v1"
)

// TestActorOffersThroughOwners drives the actor through the real owners:
// an agent and a framework added, the event-driven cycle offers the agent
// to the framework; a decline with a filter keeps the next periodic cycle
// from offering it again.
func TestActorOffersThroughOwners(t *testing.T) {
	r := newTestRig(t)
	r.call(initializeCall())
	r.call(addSlaveCall("a1", "cpus:4;mem:1024"))
	r.call(addFrameworkCall("f1", "*"))
	evs := r.cycle(false)
	got := offersIn(evs)
	if len(got) != 1 || got[0].fw != "f1" || got[0].agent != "a1" || !got[0].res.Equal(allocated("cpus:4;mem:1024", "*")) {
		t.Fatalf("offers %s", describe(got))
	}
	if evs[0].GetSequence() != 1 {
		t.Fatalf("first event numbered %d", evs[0].GetSequence())
	}
	r.call(recoverCall("f1", "a1", evs[0].GetOffers().GetRoles()[0].GetSlaves()[0].GetResources(), proto.Float64(1000), false))
	if evs := r.cycle(true); len(evs) != 0 {
		t.Fatalf("filtered offer made again: %s", describe(offersIn(evs)))
	}
	r.call(rolesCall(bridgev1.Call_REVIVE_OFFERS, "f1"))
	if got := offersIn(r.cycle(false)); len(got) != 1 {
		t.Fatalf("after revive: %s", describe(got))
	}
}

// TestActorMetrics checks the counters of cycles, published events,
// applied owner events, refused calls and restarts.
func TestActorMetrics(t *testing.T) {
	reg := prometheus.NewRegistry()
	m := NewMetrics(reg)
	r := newTestRig(t, func(c *ActorConfig) { c.Metrics = m })
	r.call(initializeCall())
	r.call(addSlaveCall("a1", "cpus:4;mem:1024"))
	r.call(addFrameworkCall("f1", "*"))
	r.call(frameworkCall(bridgev1.Call_ACTIVATE_FRAMEWORK, "nope"))
	r.cycle(false)
	r.cycle(true)
	r.crashAllocator()
	for _, c := range []struct {
		name string
		got  float64
		want float64
	}{
		{"event cycles", counterValue(t, m.cycles.WithLabelValues("event")), 1},
		{"periodic cycles", counterValue(t, m.cycles.WithLabelValues("periodic")), 1},
		{"OFFERS published", counterValue(t, m.events.WithLabelValues("OFFERS")), 1},
		// Four calls, and three directory entries at the registry.
		{"owner events", counterValue(t, m.inputs), 7},
		{"refused calls", counterValue(t, m.refused), 1},
		{"recoveries", counterValue(t, m.recovered), 2},
	} {
		t.Run(c.name, func(t *testing.T) {
			if c.got != c.want {
				t.Fatalf("%v, want %v", c.got, c.want)
			}
		})
	}
}

func counterValue(t *testing.T, c prometheus.Metric) float64 {
	t.Helper()
	var m dto.Metric
	if err := c.Write(&m); err != nil {
		t.Fatal(err)
	}
	return m.GetCounter().GetValue()
}

// TestActorTimers runs the actor on its own timers: the event-driven cycle
// follows the calls that schedule one, and the periodic cycle offers again
// what a framework declined without a filter.
func TestActorTimers(t *testing.T) {
	r := newTestRig(t, func(c *ActorConfig) { c.Manual, c.Clock = false, nil })
	opts := DefaultOptions()
	opts.AllocationInterval = 20 * time.Millisecond
	r.call(&bridgev1.Call{Type: bridgev1.Call_INITIALIZE, Payload: &bridgev1.Call_Initialize_{Initialize: initializeOf(opts)}})
	r.call(addSlaveCall("a1", "cpus:4;mem:1024"))
	r.call(addFrameworkCall("f1", "*"))
	evs := r.waitDelivered(1)
	if got := offersIn(evs); len(got) != 1 || got[0].agent != "a1" {
		t.Fatalf("offers %s", describe(got))
	}
	r.call(recoverCall("f1", "a1", evs[0].GetOffers().GetRoles()[0].GetSlaves()[0].GetResources(), proto.Float64(0), false))
	if got := offersIn(r.waitDelivered(1)); len(got) != 1 || got[0].agent != "a1" {
		t.Fatalf("offers after the decline %s", describe(got))
	}
	if info := r.inspect(false, false); info.Cycles < 2 {
		t.Fatalf("%d cycles", info.Cycles)
	}
}

// TestActorCrashBeforePublishing crashes the actor right after it ran a
// cycle, most likely before the cycle's journal write came back (and so
// before its offers were published): the restarted actor publishes them,
// once, under the numbers journaled with the cycle.
func TestActorCrashBeforePublishing(t *testing.T) {
	for _, crash := range []bool{false, true} {
		t.Run(map[bool]string{false: "no crash", true: "crash"}[crash], func(t *testing.T) {
			r := newTestRig(t)
			r.call(initializeCall())
			r.call(addSlaveCall("a1", "cpus:4;mem:1024"))
			r.call(addSlaveCall("a2", "cpus:4;mem:1024"))
			r.call(addFrameworkCall("f1", "*"))
			r.call(addFrameworkCall("f2", "*"))
			r.sys.Root.Send(r.alloc, &RunCycle{All: false})
			if crash {
				r.sys.Root.Send(r.alloc, &Crash{Reason: "before publishing"})
			}
			evs := r.waitDelivered(2)
			r.waitReady()
			if got := r.deliveredEvents(); len(got) != 2 || got[0].GetSequence() != 1 || got[1].GetSequence() != 2 {
				t.Fatalf("delivered %v", got)
			}
			if got := offersIn(evs); len(got) != 2 || got[0].agent == got[1].agent {
				t.Fatalf("offers %s", describe(got))
			}
			if info := r.inspect(false, false); info.LastEvent != 2 {
				t.Fatalf("last event %d", info.LastEvent)
			}
		})
	}
}
