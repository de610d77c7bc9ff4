package supervisor

import (
	"errors"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/asynkron/protoactor-go/actor"
)

var hour = WithIntensity(100, time.Hour) // plenty of restarts, none expiring

func three(w *world) []ChildSpec {
	return []ChildSpec{w.spec("c1", Permanent), w.spec("c2", Permanent), w.spec("c3", Permanent)}
}

func restartsOf(t *testing.T, h *Handle) map[string]int {
	t.Helper()
	cs, err := h.WhichChildren()
	if err != nil {
		t.Fatal(err)
	}
	m := map[string]int{}
	for _, c := range cs {
		m[c.ID] = c.Restarts
		if c.Status != Running {
			m[c.ID] = -1
		}
	}
	return m
}

func equalMap(a, b map[string]int) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if bv, ok := b[k]; !ok || bv != v {
			return false
		}
	}
	return true
}

// waitRestarts waits until every child is running with the given restart
// counts.
func waitRestarts(t *testing.T, h *Handle, want map[string]int) {
	t.Helper()
	var got map[string]int
	eventually(t, func() bool { got = restartsOf(t, h); return equalMap(got, want) }, "restart counts %v, want %v", func() any { return got }(), want)
}

// escalationCase: the first child crashes, every restart of it fails, so
// the supervisor retries until its intensity runs out, then terminates
// everything and (being top-level) ends with ErrMaxRestartIntensity.
func escalationCase(t *testing.T, st Strategy) {
	sys, w := newSystem(t), newWorld()
	rec := record(t, sys)
	h, err := Start(sys, "", Spec{Strategy: st, Children: three(w), Options: []Option{WithIntensity(4, time.Hour)}})
	if err != nil {
		t.Fatal(err)
	}
	w.failNext("c1", -1)
	sys.Root.Send(childPID(t, h, "c1"), &crashMsg{})
	waitClosed(t, h.Done(), "supervisor done")
	mustIs(t, h.Err(), ErrMaxRestartIntensity)
	mustIs(t, h.Err(), Shutdown)
	if n := countOf[*IntensityExceeded](rec, nil); n != 1 {
		t.Fatalf("%d IntensityExceeded events", n)
	}
	// 1 restart decided after the crash + 3 retries stay within 4; the 4th
	// retry is the 5th restart and exceeds it.
	if n := countOf[*ChildStartFailed](rec, nil); n != 4 {
		t.Fatalf("%d failed restarts, want 4", n)
	}
	// Everything is terminated, in reverse order, and nothing is left.
	for _, id := range []string{"c2", "c3"} {
		if !slices.Contains(w.lines(), "stop:"+id) {
			t.Fatalf("%s not stopped: %v", id, w.lines())
		}
	}
	stops := filter(w.lines(), "stop:")
	if st == OneForOne && !slices.Equal(stops, []string{"stop:c3", "stop:c2"}) {
		t.Fatalf("stop order %v", stops)
	}
	if _, err := h.WhichChildren(); !errors.Is(err, ErrNoSupervisor) {
		t.Fatalf("call after the end: %v", err)
	}
}

// TestRestartOneForOne is OTP's restart_one_for_one group.
func TestRestartOneForOne(t *testing.T) {
	t.Run("one_for_one", func(t *testing.T) {
		sys, w := newSystem(t), newWorld()
		h := startSup(t, sys, Spec{Children: []ChildSpec{w.spec("c1", Permanent), w.spec("c2", Permanent)}, Options: []Option{WithIntensity(2, time.Hour)}})
		sys.Root.Send(childPID(t, h, "c1"), &crashMsg{})
		waitRestarts(t, h, map[string]int{"c1": 1, "c2": 0})
		n, _ := h.CountChildren()
		if n != (Counts{Specs: 2, Active: 2, Workers: 2}) {
			t.Fatalf("counts %+v", n)
		}
		// Restart frequency: the 3rd restart within the period is one too many.
		sys.Root.Send(childPID(t, h, "c2"), &crashMsg{})
		waitRestarts(t, h, map[string]int{"c1": 1, "c2": 1})
		sys.Root.Send(childPID(t, h, "c1"), &crashMsg{})
		waitClosed(t, h.Done(), "supervisor done")
		mustIs(t, h.Err(), ErrMaxRestartIntensity)
	})
	t.Run("one_for_one_escalation", func(t *testing.T) { escalationCase(t, OneForOne) })
	t.Run("one_for_one_other_child_fails_restart", func(t *testing.T) {
		// c1's restart fails twice, then works; c2 is never touched.
		sys, w := newSystem(t), newWorld()
		rec := record(t, sys)
		h := startSup(t, sys, Spec{Children: []ChildSpec{w.spec("c1", Permanent), w.spec("c2", Permanent)}, Options: []Option{hour}})
		c2 := childPID(t, h, "c2")
		w.failNext("c1", 2)
		sys.Root.Send(childPID(t, h, "c1"), &crashMsg{})
		waitRestarts(t, h, map[string]int{"c1": 1, "c2": 0})
		if n := countOf[*ChildStartFailed](rec, nil); n != 2 {
			t.Fatalf("%d failed restarts, want 2", n)
		}
		if got := childPID(t, h, "c2"); !got.Equal(c2) || slices.Contains(w.lines(), "stop:c2") {
			t.Fatal("c2 was disturbed")
		}
	})
	t.Run("multiple_restarts_period", func(t *testing.T) {
		// Restarts older than the period no longer count (fake clock).
		sys, w := newSystem(t), newWorld()
		clock := newFakeClock()
		h := startSup(t, sys, Spec{Children: []ChildSpec{w.spec("c1", Permanent)}, Options: []Option{WithIntensity(1, 10*time.Second), withClock(clock.now)}})
		for i := 1; i <= 3; i++ {
			sys.Root.Send(childPID(t, h, "c1"), &crashMsg{})
			waitRestarts(t, h, map[string]int{"c1": i})
			clock.advance(11 * time.Second)
		}
		sys.Root.Send(childPID(t, h, "c1"), &crashMsg{})
		waitRestarts(t, h, map[string]int{"c1": 4})
		sys.Root.Send(childPID(t, h, "c1"), &crashMsg{}) // 2 within 10 s
		waitClosed(t, h.Done(), "supervisor done")
	})
	t.Run("nested_escalation", func(t *testing.T) {
		// A nested supervisor that gives up escalates exactly one level:
		// its parent restarts it (permanent) or lets it go (transient).
		for _, tc := range []struct {
			name      string
			rt        RestartType
			restarted bool
		}{
			{"permanent", Permanent, true},
			{"transient", Transient, false},
			{"temporary", Temporary, false},
		} {
			t.Run(tc.name, func(t *testing.T) {
				sys, w := newSystem(t), newWorld()
				rec := record(t, sys)
				inner := Spec{Children: []ChildSpec{w.spec("leaf", Permanent)}, Options: []Option{WithIntensity(0, time.Hour)}}
				is := inner.ChildSpec("inner")
				is.Restart = tc.rt
				top := startSup(t, sys, Spec{Children: []ChildSpec{w.spec("sibling", Permanent), is}, Options: []Option{hour}})
				ih, err := top.Supervisor("inner")
				if err != nil {
					t.Fatal(err)
				}
				innerPID := ih.PID()
				sys.Root.Send(childPID(t, ih, "leaf"), &crashMsg{})
				eventually(t, func() bool {
					return countOf[*ChildTerminated](rec, func(e *ChildTerminated) bool { return e.ID == "inner" }) == 1
				}, "inner terminated")
				ci, present := childInfo(t, top, "inner")
				switch {
				case tc.restarted:
					eventually(t, func() bool { ci, _ = childInfo(t, top, "inner"); return ci.Status == Running && ci.Restarts == 1 }, "inner restarted")
					if !ci.PID.Equal(innerPID) {
						t.Fatalf("inner came back as %v, want %v", ci.PID, innerPID)
					}
					// The old handle still works and the leaf is fresh.
					if _, err := pingChild(sys, childPID(t, ih, "leaf")); err != nil {
						t.Fatal(err)
					}
				case tc.rt == Transient:
					if !present || ci.Status != Stopped {
						t.Fatalf("inner %+v", ci)
					}
				default:
					if present {
						t.Fatalf("temporary inner still listed: %+v", ci)
					}
				}
				term := of[*ChildTerminated](rec)
				for _, e := range term {
					if e.ID == "inner" && !(IsShutdown(e.Reason) && errors.Is(e.Reason, ErrMaxRestartIntensity)) {
						t.Fatalf("inner's exit reason %v", e.Reason)
					}
				}
				// Exactly one level: the top supervisor is fine, its other child untouched.
				if n := countOf[*IntensityExceeded](rec, nil); n != 1 {
					t.Fatalf("%d IntensityExceeded events, want 1 (inner only)", n)
				}
				if ci, _ := childInfo(t, top, "sibling"); ci.Status != Running || ci.Restarts != 0 {
					t.Fatalf("sibling %+v", ci)
				}
				select {
				case <-top.Done():
					t.Fatal("top supervisor ended")
				default:
				}
			})
		}
	})
	t.Run("nested_escalation_exhausts_parent", func(t *testing.T) {
		// The parent's own intensity runs out too: it gives up in turn.
		sys, w := newSystem(t), newWorld()
		inner := Spec{Children: []ChildSpec{w.spec("leaf", Permanent)}, Options: []Option{WithIntensity(0, time.Hour)}}
		top, err := Start(sys, "", Spec{Children: []ChildSpec{inner.ChildSpec("inner")}, Options: []Option{WithIntensity(0, time.Hour)}})
		if err != nil {
			t.Fatal(err)
		}
		ih, err := top.Supervisor("inner")
		if err != nil {
			t.Fatal(err)
		}
		sys.Root.Send(childPID(t, ih, "leaf"), &crashMsg{})
		waitClosed(t, top.Done(), "top done")
		mustIs(t, top.Err(), ErrMaxRestartIntensity)
	})
}

// TestRestartOneForAll is OTP's restart_one_for_all group.
func TestRestartOneForAll(t *testing.T) {
	t.Run("one_for_all", func(t *testing.T) {
		sys, w := newSystem(t), newWorld()
		h := startSup(t, sys, Spec{Strategy: OneForAll, Children: three(w), Options: []Option{hour}})
		sys.Root.Send(childPID(t, h, "c2"), &crashMsg{})
		waitRestarts(t, h, map[string]int{"c1": 1, "c2": 1, "c3": 1})
		// Others stopped in reverse order, then all started in order; the
		// crashed one restarted in place at its turn.
		got := filter(w.lines()[3:], "stop:", "start:", "restarting:")
		want := []string{"stop:c3", "stop:c1", "start:c1", "restarting:c2", "start:c2", "start:c3"}
		if !slices.Equal(got, want) {
			t.Fatalf("sequence %v, want %v", got, want)
		}
	})
	t.Run("one_for_all_escalation", func(t *testing.T) { escalationCase(t, OneForAll) })
	t.Run("one_for_all_other_child_fails_restart", func(t *testing.T) {
		// c1 crashes; c1 restarts, c2 fails to: on the next try c1 (just
		// restarted) is terminated again and everything restarted.
		sys, w := newSystem(t), newWorld()
		h := startSup(t, sys, Spec{Strategy: OneForAll, Children: []ChildSpec{w.spec("c1", Permanent), w.spec("c2", Permanent)}, Options: []Option{hour}})
		w.failNext("c2", 1)
		sys.Root.Send(childPID(t, h, "c1"), &crashMsg{})
		waitRestarts(t, h, map[string]int{"c1": 2, "c2": 1})
		got := filter(w.lines()[2:], "stop:", "start:", "restarting:", "initfail:")
		want := []string{"stop:c2", "restarting:c1", "start:c1", "initfail:c2", "stop:c1", "start:c1", "start:c2"}
		if !slices.Equal(got, want) {
			t.Fatalf("sequence %v, want %v", got, want)
		}
	})
}

// TestRestartRestForOne is OTP's restart_rest_for_one group.
func TestRestartRestForOne(t *testing.T) {
	t.Run("rest_for_one", func(t *testing.T) {
		sys, w := newSystem(t), newWorld()
		h := startSup(t, sys, Spec{Strategy: RestForOne, Children: three(w), Options: []Option{hour}})
		sys.Root.Send(childPID(t, h, "c2"), &crashMsg{})
		waitRestarts(t, h, map[string]int{"c1": 0, "c2": 1, "c3": 1})
		got := filter(w.lines()[3:], "stop:", "start:", "restarting:")
		want := []string{"stop:c3", "restarting:c2", "start:c2", "start:c3"}
		if !slices.Equal(got, want) {
			t.Fatalf("sequence %v, want %v", got, want)
		}
	})
	t.Run("rest_for_one_escalation", func(t *testing.T) { escalationCase(t, RestForOne) })
	t.Run("rest_for_one_other_child_fails_restart", func(t *testing.T) {
		// c1 crashes; c1 restarts, c2 fails to: the next try restarts c2
		// only, c1 is left alone.
		sys, w := newSystem(t), newWorld()
		h := startSup(t, sys, Spec{Strategy: RestForOne, Children: []ChildSpec{w.spec("c1", Permanent), w.spec("c2", Permanent)}, Options: []Option{hour}})
		w.failNext("c2", 1)
		sys.Root.Send(childPID(t, h, "c1"), &crashMsg{})
		waitRestarts(t, h, map[string]int{"c1": 1, "c2": 1})
		got := filter(w.lines()[2:], "stop:", "start:", "restarting:", "initfail:")
		want := []string{"stop:c2", "restarting:c1", "start:c1", "initfail:c2", "start:c2"}
		if !slices.Equal(got, want) {
			t.Fatalf("sequence %v, want %v", got, want)
		}
	})
}

// TestRestartSimpleOneForOne is OTP's restart_simple_one_for_one group.
func TestRestartSimpleOneForOne(t *testing.T) {
	template := func(w *world, rt RestartType) Spec {
		return Spec{Strategy: SimpleOneForOne, Children: []ChildSpec{w.spec("worker", rt)}, Options: []Option{hour}}
	}
	t.Run("simple_one_for_one", func(t *testing.T) {
		sys, w := newSystem(t), newWorld()
		h := startSup(t, sys, template(w, Permanent))
		if cs, _ := h.WhichChildren(); len(cs) != 0 {
			t.Fatalf("children at start: %v", cs)
		}
		pids := map[string]*actor.PID{}
		for _, id := range []string{"fw-1", "fw-2", "fw-3"} {
			pid, err := h.StartChild(id)
			if err != nil {
				t.Fatal(err)
			}
			if p, err := pingChild(sys, pid); err != nil || p.id != id {
				t.Fatalf("ping %s: %v %v", id, p, err)
			}
			pids[id] = pid
		}
		if _, err := h.StartChild("fw-2"); !errors.Is(err, ErrAlreadyStarted) {
			t.Fatalf("duplicate StartChild: %v", err)
		}
		for _, err := range []error{
			func() error { _, err := h.RestartChild("fw-1"); return err }(),
			h.DeleteChild("fw-1"),
			func() error { _, err := h.AddChild(w.spec("x", Permanent)); return err }(),
		} {
			mustIs(t, err, ErrSimpleOneForOne)
		}
		sys.Root.Send(pids["fw-2"], &crashMsg{})
		waitRestarts(t, h, map[string]int{"fw-1": 0, "fw-2": 1, "fw-3": 0})
		n, _ := h.CountChildren()
		if n != (Counts{Specs: 1, Active: 3, Workers: 3}) {
			t.Fatalf("counts %+v", n)
		}
		if err := h.TerminateChild("fw-1"); err != nil {
			t.Fatal(err)
		}
		if err := h.TerminateChild("fw-1"); !errors.Is(err, ErrNotFound) {
			t.Fatalf("second TerminateChild: %v", err)
		}
		waitRestarts(t, h, map[string]int{"fw-2": 1, "fw-3": 0})
	})
	t.Run("simple_one_for_one_transient_normal", func(t *testing.T) {
		sys, w := newSystem(t), newWorld()
		h := startSup(t, sys, template(w, Transient))
		pid, err := h.StartChild("a")
		if err != nil {
			t.Fatal(err)
		}
		sys.Root.Send(pid, &stopSelf{})
		waitRestarts(t, h, map[string]int{})
	})
	t.Run("simple_one_for_one_escalation", func(t *testing.T) {
		sys, w := newSystem(t), newWorld()
		spec := template(w, Permanent)
		spec.Options = []Option{WithIntensity(1, time.Hour)}
		h, err := Start(sys, "", spec)
		if err != nil {
			t.Fatal(err)
		}
		a, _ := h.StartChild("a")
		b, _ := h.StartChild("b")
		sys.Root.Send(a, &crashMsg{})
		waitRestarts(t, h, map[string]int{"a": 1, "b": 0})
		sys.Root.Send(b, &crashMsg{})
		waitClosed(t, h.Done(), "supervisor done")
		mustIs(t, h.Err(), ErrMaxRestartIntensity)
	})
	t.Run("simple_one_for_one_other_child_fails_restart", func(t *testing.T) {
		sys, w := newSystem(t), newWorld()
		h := startSup(t, sys, template(w, Permanent))
		a, _ := h.StartChild("a")
		b, _ := h.StartChild("b")
		w.failNext("a", 2)
		sys.Root.Send(a, &crashMsg{})
		waitRestarts(t, h, map[string]int{"a": 1, "b": 0})
		if got, _ := pingChild(sys, b); got == nil || got.gen != 2 {
			t.Fatalf("b disturbed: %+v", got)
		}
	})
	t.Run("simple_one_for_one_shutdown_parallel", func(t *testing.T) {
		// All instances are asked to stop at once: each one's Stopping
		// waits for a gate that opens only once all of them have entered.
		sys, w := newSystem(t), newWorld()
		gate := make(chan struct{})
		ids := []string{"a", "b", "c", "d"}
		for _, id := range ids {
			w.setStopGate(id, gate)
		}
		h, err := Start(sys, "", template(w, Permanent))
		if err != nil {
			t.Fatal(err)
		}
		for _, id := range ids {
			if _, err := h.StartChild(id); err != nil {
				t.Fatal(err)
			}
		}
		stopped := make(chan struct{})
		go func() { _ = h.Stop(); close(stopped) }()
		eventually(t, func() bool { return len(filter(w.lines(), "stopping:")) == len(ids) }, "all entered Stopping")
		close(gate)
		waitClosed(t, stopped, "Stop")
	})
}

type fakeClock struct {
	mu sync.Mutex
	t  time.Time
}

func newFakeClock() *fakeClock { return &fakeClock{t: time.Unix(1_700_000_000, 0)} }

func (c *fakeClock) now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *fakeClock) advance(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

// TestRestartIgnore: a child whose restart returns ErrIgnore stays down
// (static supervisor: kept as Stopped; simple_one_for_one: removed, as
// OTP's simple_one_for_one_restart_ignore).
func TestRestartIgnore(t *testing.T) {
	for _, tc := range []struct {
		name     string
		strategy Strategy
		exit     any
		kept     bool
	}{
		{"static after crash (in place)", OneForOne, &crashMsg{}, true},
		{"static after normal exit (respawn)", OneForOne, &stopSelf{}, true},
		{"simple after crash", SimpleOneForOne, &crashMsg{}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			sys, w := newSystem(t), newWorld()
			rec := record(t, sys)
			h := startSup(t, sys, Spec{Strategy: tc.strategy, Children: []ChildSpec{w.spec("c", Permanent)}, Options: []Option{hour}})
			if tc.strategy == SimpleOneForOne {
				if _, err := h.StartChild("c"); err != nil {
					t.Fatal(err)
				}
			}
			pid := childPID(t, h, "c")
			w.setInitErr("c", ErrIgnore)
			sys.Root.Send(pid, tc.exit)
			eventually(t, func() bool { return countOf[*ChildTerminated](rec, nil) == 1 }, "exit seen")
			ci, ok := childInfo(t, h, "c")
			if ok != tc.kept || (ok && (ci.Status != Stopped || ci.PID != nil)) {
				t.Fatalf("child %+v present=%v, want kept=%v and stopped", ci, ok, tc.kept)
			}
			eventually(t, func() bool { _, ok := sys.ProcessRegistry.GetLocal(pid.Id); return !ok }, "process gone")
		})
	}
}
