package scheduler_test

import (
	"encoding/binary"
	"errors"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/asynkron/protoactor-go/actor"

	"github.com/mactor/mactor/actors/scheduler"
	mesosv1 "github.com/mactor/mactor/messages/mesos/v1"
	schedulerv1 "github.com/mactor/mactor/messages/mesos/v1/scheduler"
)

// TestCrashInCallbacks panics inside ResourceOffers and StatusUpdate. The
// behaviour restarts (fresh state from New), the subscription stays up,
// the events after the crashing ones still arrive, the crashing events
// are dead-lettered, and every update is acknowledged exactly once: the
// update whose callback crashed is not acknowledged, so the master sends
// it again (as the agent's status update manager does) and it is
// acknowledged once handled.
func TestCrashInCallbacks(t *testing.T) {
	for _, enc := range []scheduler.Encoding{scheduler.JSON, scheduler.Protobuf} {
		t.Run(enc.String(), func(t *testing.T) {
			release := make(chan struct{})
			master := newFakeMaster(t, func(s *stream) {
				s.Send(subscribed(frameworkID, 15),
					offers("O1"), // crashes
					offers("O2"),
					taskUpdate("t1", mesosv1.TaskState_TASK_RUNNING, "uuid-1"), // crashes the first time
					taskUpdate("t2", mesosv1.TaskState_TASK_RUNNING, "uuid-2"),
				)
				// Retry of the unacknowledged update, once the driver has
				// acknowledged uuid-2 (as the agent would, some time later).
				select {
				case <-release:
				case <-s.Quit:
					return
				}
				s.Send(taskUpdate("t1", mesosv1.TaskState_TASK_RUNNING, "uuid-1"),
					taskUpdate("t3", mesosv1.TaskState_TASK_FINISHED, "uuid-3"))
				s.Hold()
			})

			var mu sync.Mutex
			crashedOffers, crashedUpdate := false, false
			h := &hooks{
				offers: func(d scheduler.Driver, offers []*mesosv1.Offer) {
					mu.Lock()
					crash := !crashedOffers && offers[0].GetId().GetValue() == "O1"
					crashedOffers = crashedOffers || crash
					mu.Unlock()
					if crash {
						panic("boom in ResourceOffers")
					}
					_ = d.DeclineOffer([]*mesosv1.OfferID{offers[0].GetId()}, nil)
				},
				update: func(d scheduler.Driver, st *mesosv1.TaskStatus) {
					mu.Lock()
					crash := !crashedUpdate && string(st.GetUuid()) == "uuid-1"
					crashedUpdate = crashedUpdate || crash
					mu.Unlock()
					if crash {
						panic(errors.New("boom in StatusUpdate"))
					}
				},
			}

			sys := newActorSystem()
			var deadMu sync.Mutex
			var dead []string
			sub := sys.EventStream.Subscribe(func(evt any) {
				if dl, ok := evt.(*actor.DeadLetterEvent); ok {
					if ev, ok := dl.Message.(*schedulerv1.Event); ok {
						deadMu.Lock()
						dead = append(dead, ev.GetType().String())
						deadMu.Unlock()
					}
				}
			})
			defer sys.EventStream.Unsubscribe(sub)

			j := newJournal()
			d, err := scheduler.Start(sys, scheduler.Config{
				Masters: []string{master.url()}, Framework: frameworkInfo(), New: newProbe(j, h),
			}, append(fastOptions(t), scheduler.WithEncoding(enc))...)
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { _ = d.Abort(); _ = d.Join(); sys.Shutdown() })

			j.waitFor(t, "update t2")
			master.waitFor("ack of uuid-2", func() bool { return len(master.callsOf(schedulerv1.Call_ACKNOWLEDGE)) == 1 })
			close(release)
			j.waitFor(t, "update t3")
			master.waitFor("3 acks", func() bool { return len(master.callsOf(schedulerv1.Call_ACKNOWLEDGE)) == 3 })

			want := []string{
				"init", "registered " + frameworkID,
				"init", // restart after the ResourceOffers crash; O1 dropped
				"offers O2",
				"init", // restart after the StatusUpdate crash; uuid-1 dropped
				"update t2 TASK_RUNNING",
				"update t1 TASK_RUNNING", // the master's retry
				"update t3 TASK_FINISHED",
			}
			if got := j.all(); !slices.Equal(got, want) {
				t.Fatalf("callbacks\n%q\nwant\n%q", got, want)
			}
			var acked []string
			for _, c := range master.callsOf(schedulerv1.Call_ACKNOWLEDGE) {
				acked = append(acked, string(c.call.GetAcknowledge().GetUuid()))
			}
			if !slices.Equal(acked, []string{"uuid-2", "uuid-1", "uuid-3"}) {
				t.Fatalf("acknowledged %q, want each update once, after it was handled", acked)
			}
			if n := len(master.Subscribes()); n != 1 {
				t.Fatalf("the crashes dropped the subscription: %d SUBSCRIBE calls", n)
			}
			declines := master.callsOf(schedulerv1.Call_DECLINE)
			if len(declines) != 1 || declines[0].call.GetDecline().GetOfferIds()[0].GetValue() != "O2" {
				t.Fatalf("declines %v", declines)
			}
			deadMu.Lock()
			defer deadMu.Unlock()
			if !slices.Equal(dead, []string{"OFFERS", "UPDATE"}) {
				t.Fatalf("dead letters %q, want the two crashing events", dead)
			}
		})
	}
}

// counter is a Stateful behaviour: it counts the offers it saw.
type counter struct {
	scheduler.Base
	j     *journal
	seen  uint64
	crash func(n uint64) bool
}

func (c *counter) ResourceOffers(d scheduler.Driver, offers []*mesosv1.Offer) {
	c.seen += uint64(len(offers))
	if c.crash(c.seen) {
		panic("crash with unsaved state")
	}
	c.j.add("seen %d", c.seen)
}

func (c *counter) MarshalState() ([]byte, error) { return binary.AppendUvarint(nil, c.seen), nil }

func (c *counter) UnmarshalState(b []byte) error {
	v, n := binary.Uvarint(b)
	if n <= 0 {
		return errors.New("bad state")
	}
	c.seen = v
	c.j.add("restored %d", v)
	return nil
}

// TestStatefulBehaviour: a behaviour that opts in to durable state resumes
// from its last handled event after a crash; the crashing event's changes
// are lost with it.
func TestStatefulBehaviour(t *testing.T) {
	master := newFakeMaster(t, func(s *stream) {
		s.Send(subscribed(frameworkID, 15), offers("O1"), offers("O2", "O3"), offers("O4"), offers("O5"))
		s.Hold()
	})
	j := newJournal()
	crashed := false
	newCounter := func() scheduler.Scheduler {
		return &counter{j: j, crash: func(n uint64) bool {
			if n == 4 && !crashed {
				crashed = true // only touched from the behaviour's actor
				return true
			}
			return false
		}}
	}
	store := &scheduler.MemoryStore{}
	startWith(t, master, scheduler.Config{Masters: []string{master.url()}, Framework: frameworkInfo(), New: newCounter}, nil,
		scheduler.WithStateStore(store))
	j.waitFor(t, "seen 4")
	want := []string{"seen 1", "seen 3", "restored 3", "seen 4"}
	if got := j.all(); !slices.Equal(got, want) {
		t.Fatalf("journal %q, want %q", got, want)
	}
}

// TestRestartIntensity: a behaviour that keeps crashing makes its
// supervisor give up, and the driver stops with ErrBehaviourFailed.
func TestRestartIntensity(t *testing.T) {
	master := newFakeMaster(t, func(s *stream) {
		s.Send(subscribed(frameworkID, 15))
		for i := range 5 {
			s.Send(offers("O" + string(rune('0'+i))))
		}
		s.Hold()
	})
	h := start(t, master, &hooks{offers: func(scheduler.Driver, []*mesosv1.Offer) { panic("always") }},
		scheduler.WithRestartIntensity(2, time.Minute))
	err := h.d.Join()
	if !errors.Is(err, scheduler.ErrBehaviourFailed) {
		t.Fatalf("Join() = %v", err)
	}
	if !strings.Contains(err.Error(), "intensity") {
		t.Errorf("Join() = %v, want the supervisor's reason", err)
	}
}
