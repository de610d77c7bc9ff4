package supervisor

import (
	"slices"
	"testing"
	"time"
)

func terminatedReason(t *testing.T, rec *recorder, id string) error {
	t.Helper()
	var reason error
	eventually(t, func() bool {
		for _, e := range of[*ChildTerminated](rec) {
			if e.ID == id {
				reason = e.Reason
				return true
			}
		}
		return false
	}, "ChildTerminated for %s", id)
	return reason
}

// TestSupStop is OTP's sup_stop group: how each Shutdown is honoured when
// the supervisor stops.
func TestSupStop(t *testing.T) {
	t.Run("sup_stop_infinity", func(t *testing.T) {
		sys, w := newSystem(t), newWorld()
		rec := record(t, sys)
		gate := make(chan struct{})
		w.setStopGate("x", gate)
		x := w.spec("x", Permanent)
		x.Shutdown = Infinity
		h, err := Start(sys, "", Spec{Children: []ChildSpec{x}})
		if err != nil {
			t.Fatal(err)
		}
		stopped := make(chan struct{})
		go func() { _ = h.Stop(); close(stopped) }()
		eventually(t, func() bool { return slices.Contains(w.lines(), "stopping:x") }, "x stopping")
		select {
		case <-stopped:
			t.Fatal("Stop returned while the child was still stopping")
		default:
		}
		close(gate)
		waitClosed(t, stopped, "Stop")
		mustIs(t, terminatedReason(t, rec, "x"), Shutdown)
		if !slices.Contains(w.lines(), "stop:x") {
			t.Fatal("Stopping handler did not finish")
		}
		if h.Err() != nil {
			t.Fatalf("Err after a requested stop: %v", h.Err())
		}
	})
	t.Run("sup_stop_timeout", func(t *testing.T) {
		sys, w := newSystem(t), newWorld()
		rec := record(t, sys)
		gate := make(chan struct{})
		defer close(gate) // lets the killed goroutine leave, for goleak
		w.setStopGate("x", gate)
		x := w.spec("x", Permanent)
		x.Shutdown = Timeout(30 * time.Millisecond)
		h, err := Start(sys, "", Spec{Children: []ChildSpec{w.spec("before", Permanent), x}})
		if err != nil {
			t.Fatal(err)
		}
		pid := childPID(t, h, "x")
		if err := h.Stop(); err != nil {
			t.Fatal(err)
		}
		mustIs(t, terminatedReason(t, rec, "x"), Killed)
		mustIs(t, terminatedReason(t, rec, "before"), Shutdown)
		if _, ok := sys.ProcessRegistry.GetLocal(pid.Id); ok {
			t.Fatal("killed child still registered")
		}
		if got := filter(w.lines(), "stop:"); !slices.Equal(got, []string{"stop:before"}) {
			t.Fatalf("stops %v: x must not have finished", got)
		}
	})
	t.Run("sup_stop_brutal_kill", func(t *testing.T) {
		for _, tc := range []struct {
			name  string
			stuck bool
		}{{"idle", false}, {"stuck in receive", true}} {
			t.Run(tc.name, func(t *testing.T) {
				sys, w := newSystem(t), newWorld()
				rec := record(t, sys)
				x := w.spec("x", Permanent)
				x.Shutdown = BrutalKill
				h, err := Start(sys, "", Spec{Children: []ChildSpec{x}})
				if err != nil {
					t.Fatal(err)
				}
				release := make(chan struct{})
				defer close(release)
				if tc.stuck {
					entered := make(chan struct{})
					sys.Root.Send(childPID(t, h, "x"), &blockMsg{until: release, entered: entered})
					waitClosed(t, entered, "blocked")
				}
				if err := h.Stop(); err != nil {
					t.Fatal(err)
				}
				mustIs(t, terminatedReason(t, rec, "x"), Killed)
				if got := filter(w.lines(), "stopping:", "stop:"); len(got) != 0 {
					t.Fatalf("a brutally killed child ran %v", got)
				}
			})
		}
	})
	t.Run("sup_stop_brutal_kill_name_reuse", func(t *testing.T) {
		// A killed child stuck in its Receive is replaced under the same
		// name; when the old goroutine finally returns it must leave
		// without touching the new process.
		sys, w := newSystem(t), newWorld()
		x := w.spec("x", Permanent)
		x.Shutdown = BrutalKill
		h := startSup(t, sys, Spec{Children: []ChildSpec{x}})
		pid := childPID(t, h, "x")
		release, entered := make(chan struct{}), make(chan struct{})
		sys.Root.Send(pid, &blockMsg{until: release, entered: entered})
		waitClosed(t, entered, "blocked")
		if err := h.TerminateChild("x"); err != nil {
			t.Fatal(err)
		}
		sys.Root.Send(pid, &ping{}) // goes to dead letters, not to the zombie
		if _, err := h.RestartChild("x"); err != nil {
			t.Fatal(err)
		}
		close(release)
		for range 50 {
			p, err := pingChild(sys, pid)
			if err != nil {
				t.Fatalf("new instance unreachable after the old one returned: %v", err)
			}
			if p.gen != 2 {
				t.Fatalf("answered by instance %d, want 2", p.gen)
			}
		}
	})
	t.Run("sup_stop_order", func(t *testing.T) {
		sys, w := newSystem(t), newWorld()
		h, err := Start(sys, "", Spec{Children: three(w)})
		if err != nil {
			t.Fatal(err)
		}
		_ = h.Stop()
		if got := filter(w.lines(), "stop:"); !slices.Equal(got, []string{"stop:c3", "stop:c2", "stop:c1"}) {
			t.Fatalf("stop order %v", got)
		}
	})
	t.Run("sup_stop_nested", func(t *testing.T) {
		// A nested supervisor stops its own children in order before its
		// parent moves on.
		sys, w := newSystem(t), newWorld()
		inner := Spec{Children: []ChildSpec{w.spec("i1", Permanent), w.spec("i2", Permanent)}}
		h, err := Start(sys, "", Spec{Children: []ChildSpec{w.spec("a", Permanent), inner.ChildSpec("inner"), w.spec("z", Permanent)}})
		if err != nil {
			t.Fatal(err)
		}
		_ = h.Stop()
		if got := filter(w.lines(), "stop:"); !slices.Equal(got, []string{"stop:z", "stop:i2", "stop:i1", "stop:a"}) {
			t.Fatalf("stop order %v", got)
		}
	})
}
