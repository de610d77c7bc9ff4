package scheduler_test

import (
	"errors"
	"testing"
	"time"

	"google.golang.org/protobuf/proto"

	"github.com/mactor/mactor/actors/scheduler"
	"github.com/mactor/mactor/internal/mesoshttp"
	mesosv1 "github.com/mactor/mactor/messages/mesos/v1"
	schedulerv1 "github.com/mactor/mactor/messages/mesos/v1/scheduler"
)

// TestResubscribe: when a subscription ends (the master closes the stream,
// or its heartbeats stop), the driver tells the behaviour, subscribes
// again as the same framework, and later calls carry the new stream ID.
func TestResubscribe(t *testing.T) {
	tests := []struct {
		name  string
		first func(s *stream) // the first subscription's script
		opts  []scheduler.Option
	}{
		{
			name: "master closes the stream",
			first: func(s *stream) {
				s.Send(subscribed(frameworkID, 15), heartbeat())
			},
		},
		{
			name: "heartbeats stop",
			first: func(s *stream) {
				s.Send(subscribed(frameworkID, 0.02), heartbeat())
				s.Hold() // silent: no heartbeat any more
			},
		},
		{
			name: "heartbeats stop after a few",
			first: func(s *stream) {
				s.Send(subscribed(frameworkID, 0.02))
				for range 3 {
					time.Sleep(10 * time.Millisecond) // the master's heartbeat pace
					s.Send(heartbeat())
				}
				s.Hold()
			},
			opts: []scheduler.Option{scheduler.WithMissedHeartbeats(2)},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			master := newFakeMaster(t, func(s *stream) {
				if s.N == 1 {
					tt.first(s)
					return
				}
				s.Send(subscribed(frameworkID, 15))
				s.Hold()
			})
			h := start(t, master, nil, tt.opts...)
			h.j.waitFor(t, "reregistered "+frameworkID)
			want := []string{"init", "registered " + frameworkID, "disconnected", "reregistered " + frameworkID}
			if got := h.j.all(); len(got) != len(want) || got[2] != want[2] {
				t.Fatalf("callbacks %q, want %q", got, want)
			}

			subs := master.Subscribes()
			if len(subs) != 2 {
				t.Fatalf("%d SUBSCRIBE calls", len(subs))
			}
			again := subs[1].call
			if again.GetFrameworkId().GetValue() != frameworkID ||
				again.GetSubscribe().GetFrameworkInfo().GetId().GetValue() != frameworkID {
				t.Fatalf("resubscription without the framework ID: %v", again)
			}
			if subs[1].header.Get(mesoshttp.HeaderStreamID) != "" {
				t.Fatal("SUBSCRIBE carried a Mesos-Stream-Id")
			}
			if err := h.d.ReviveOffers("hello_world_role"); err != nil {
				t.Fatal(err)
			}
			master.waitFor("REVIVE", func() bool { return len(master.callsOf(schedulerv1.Call_REVIVE)) == 1 })
			if got := master.callsOf(schedulerv1.Call_REVIVE)[0].header.Get(mesoshttp.HeaderStreamID); got != streamID(2) {
				t.Fatalf("REVIVE carried stream %q, want the new %q", got, streamID(2))
			}
		})
	}
}

// TestFailoverFromEarlierInstance: a framework started with the ID of an
// earlier instance subscribes with it and is Registered (not Reregistered).
func TestFailoverFromEarlierInstance(t *testing.T) {
	master := newFakeMaster(t, nil)
	info := frameworkInfo()
	info.Id = &mesosv1.FrameworkID{Value: proto.String(frameworkID)}
	h := startWith(t, master, scheduler.Config{Masters: []string{master.url()}, Framework: info}, nil)
	h.j.waitFor(t, "registered "+frameworkID)
	sub := master.Subscribes()[0].call
	if sub.GetFrameworkId().GetValue() != frameworkID || sub.GetSubscribe().GetFrameworkInfo().GetId().GetValue() != frameworkID {
		t.Fatalf("SUBSCRIBE %v", sub)
	}
	if id := h.d.FrameworkID(); id.GetValue() != frameworkID {
		t.Fatalf("FrameworkID() = %v", id)
	}
}

// TestNotSubscribed: calls fail fast while there is no subscription.
func TestNotSubscribed(t *testing.T) {
	gate := make(chan struct{})
	master := newFakeMaster(t, func(s *stream) {
		select {
		case <-gate:
		case <-s.Quit:
			return
		}
		s.Send(subscribed(frameworkID, 15))
		s.Hold()
	})
	h := start(t, master, nil)
	if err := h.d.ReviveOffers(); !errors.Is(err, scheduler.ErrNotSubscribed) {
		t.Fatalf("ReviveOffers before SUBSCRIBED = %v", err)
	}
	if id := h.d.FrameworkID(); id != nil {
		t.Fatalf("FrameworkID() before SUBSCRIBED = %v", id)
	}
	close(gate)
	h.j.waitFor(t, "registered")
	if err := h.d.ReviveOffers(); err != nil {
		t.Fatal(err)
	}
}

// TestErrorEvent: an ERROR event reaches the behaviour, then the driver
// stops with ErrErrorEvent and does not resubscribe.
func TestErrorEvent(t *testing.T) {
	master := newFakeMaster(t, func(s *stream) {
		s.Send(subscribed(frameworkID, 15), errorEvent("Framework failed over"))
		s.Hold()
	})
	h := start(t, master, nil)
	err := h.d.Join()
	if !errors.Is(err, scheduler.ErrErrorEvent) || err.Error() != "scheduler: ERROR event from master: Framework failed over" {
		t.Fatalf("Join() = %v", err)
	}
	if h.j.count("error Framework failed over") != 1 {
		t.Fatalf("Error callback not called once: %q", h.j.all())
	}
	if h.j.count("disconnected") != 0 {
		t.Fatalf("Disconnected after ERROR: %q", h.j.all())
	}
	if n := len(master.Subscribes()); n != 1 {
		t.Fatalf("resubscribed after ERROR (%d SUBSCRIBE calls)", n)
	}
}
