package scheduler_test

import (
	"errors"
	"slices"
	"testing"

	"github.com/mactor/mactor/actors/scheduler"
	mesosv1 "github.com/mactor/mactor/messages/mesos/v1"
	schedulerv1 "github.com/mactor/mactor/messages/mesos/v1/scheduler"
)

// TestStop covers the ways a driver ends.
func TestStop(t *testing.T) {
	tests := []struct {
		name         string
		stop         func(d scheduler.Driver) error
		wantJoin     error
		wantTeardown bool
	}{
		{"Stop without failover tears down", func(d scheduler.Driver) error { return d.Stop(false) }, nil, true},
		{"Teardown", func(d scheduler.Driver) error { return d.Teardown() }, nil, true},
		{"Stop with failover keeps the framework", func(d scheduler.Driver) error { return d.Stop(true) }, nil, false},
		{"Abort", func(d scheduler.Driver) error { return d.Abort() }, scheduler.ErrAborted, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			master := newFakeMaster(t, nil)
			h := start(t, master, nil)
			h.j.waitFor(t, "registered")
			if err := h.d.ReviveOffers(); err != nil {
				t.Fatal(err)
			}
			if err := tt.stop(h.d); err != nil {
				t.Fatal(err)
			}
			if err := h.d.Join(); !errors.Is(err, tt.wantJoin) {
				t.Fatalf("Join() = %v, want %v", err, tt.wantJoin)
			}
			if got := len(master.callsOf(schedulerv1.Call_TEARDOWN)) == 1; got != tt.wantTeardown {
				t.Fatalf("TEARDOWN sent: %v", got)
			}
			if tt.wantTeardown || tt.wantJoin == nil {
				// Calls queued before Stop went out first.
				if calls := master.Calls(); calls[0].call.GetType() != schedulerv1.Call_REVIVE {
					t.Fatalf("first call %v", calls[0].call.GetType())
				}
			}
			if err := h.d.ReviveOffers(); !errors.Is(err, scheduler.ErrStopped) {
				t.Fatalf("call after stop = %v", err)
			}
			if err := h.d.Stop(true); !errors.Is(err, scheduler.ErrStopped) {
				t.Fatalf("second Stop = %v", err)
			}
			if h.j.count("disconnected") != 0 {
				t.Fatalf("Disconnected on a requested stop: %q", h.j.all())
			}
		})
	}
}

// TestStopFromCallback: a behaviour may stop its own driver.
func TestStopFromCallback(t *testing.T) {
	master := newFakeMaster(t, func(s *stream) {
		s.Send(subscribed(frameworkID, 15), taskUpdate("t1", mesosv1.TaskState_TASK_FINISHED, "u1"))
		s.Hold()
	})
	h := start(t, master, &hooks{update: func(d scheduler.Driver, st *mesosv1.TaskStatus) {
		if err := d.Stop(false); err != nil {
			t.Errorf("Stop from callback: %v", err)
		}
	}})
	if err := h.d.Join(); err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, c := range master.Calls() {
		got = append(got, c.call.GetType().String())
	}
	// The update being handled is acknowledged before the teardown.
	if want := []string{"ACKNOWLEDGE", "TEARDOWN"}; !slices.Equal(got, want) {
		t.Fatalf("calls %q, want %q", got, want)
	}
}

// TestStopWhileDisconnected: without a subscription there is no one to
// tear down, and Stop says so.
func TestStopWhileDisconnected(t *testing.T) {
	master := newFakeMaster(t, func(s *stream) { s.Hold() }) // never SUBSCRIBED
	h := start(t, master, nil)
	if err := h.d.Stop(false); !errors.Is(err, scheduler.ErrNotSubscribed) {
		t.Fatalf("Stop(false) = %v", err)
	}
	if err := h.d.Join(); err != nil {
		t.Fatal(err)
	}
}

func TestStartValidation(t *testing.T) {
	sys := newActorSystem()
	defer sys.Shutdown()
	ok := func() scheduler.Scheduler { return scheduler.Base{} }
	tests := []struct {
		name string
		cfg  scheduler.Config
	}{
		{"no behaviour", scheduler.Config{Framework: frameworkInfo()}},
		{"no framework", scheduler.Config{New: ok}},
		{"no user", scheduler.Config{New: ok, Framework: &mesosv1.FrameworkInfo{Name: ptr("x")}}},
		{"bad scheme", scheduler.Config{New: ok, Framework: frameworkInfo(), Masters: []string{"zk://m:2181/mesos"}}},
		{"bad url", scheduler.Config{New: ok, Framework: frameworkInfo(), Masters: []string{"http://%zz"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := scheduler.Start(sys, tt.cfg); !errors.Is(err, scheduler.ErrInvalidConfig) {
				t.Fatalf("Start = %v", err)
			}
		})
	}
}
