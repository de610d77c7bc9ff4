package supervisor

import (
	"testing"
	"time"
)

// loopOptions: restarts that keep failing, slowed down by a small backoff
// so that the loop lasts while the test talks to the supervisor.
var loopOptions = []Option{WithIntensity(1000, time.Hour), WithBackoff(2*time.Millisecond, 5*time.Millisecond)}

func waitFailures(t *testing.T, rec *recorder, id string, n int) {
	t.Helper()
	eventually(t, func() bool {
		return countOf[*ChildStartFailed](rec, func(e *ChildStartFailed) bool { return e.ID == id }) >= n
	}, "%d failed restarts of %s", n, id)
}

// TestHangingRestartLoop is OTP's hanging_restart_loop cases (OTP-9549):
// while a child's restarts keep failing, the supervisor still answers,
// the child can be terminated, restarted by hand, and the supervisor
// stopped.
func TestHangingRestartLoop(t *testing.T) {
	t.Run("hanging_restart_loop", func(t *testing.T) {
		sys, w := newSystem(t), newWorld()
		rec := record(t, sys)
		h, err := Start(sys, "", Spec{Options: loopOptions})
		if err != nil {
			t.Fatal(err)
		}
		c1 := w.spec("c1", Permanent)
		c1.Shutdown = BrutalKill
		if _, err := h.AddChild(c1); err != nil {
			t.Fatal(err)
		}
		w.failNext("c1", -1)
		sys.Root.Send(childPID(t, h, "c1"), &crashMsg{})
		waitFailures(t, rec, "c1", 2)

		_, err = h.AddChild(c1)
		mustIs(t, err, ErrAlreadyPresent)
		_, err = h.RestartChild("c1")
		mustIs(t, err, ErrRestarting)
		mustIs(t, h.DeleteChild("c1"), ErrRestarting)
		if ci, _ := childInfo(t, h, "c1"); ci.Status != Restarting {
			t.Fatalf("c1 %+v, want restarting", ci)
		}
		if n, _ := h.CountChildren(); n != (Counts{Specs: 1, Active: 0, Workers: 1}) {
			t.Fatalf("counts %+v", n)
		}

		if err := h.TerminateChild("c1"); err != nil {
			t.Fatal(err)
		}
		if ci, _ := childInfo(t, h, "c1"); ci.Status != Stopped || ci.PID != nil {
			t.Fatalf("c1 %+v, want stopped", ci)
		}
		w.failNext("c1", 0)
		pid, err := h.RestartChild("c1")
		if err != nil {
			t.Fatal(err)
		}
		w.failNext("c1", -1)
		sys.Root.Send(pid, &crashMsg{})
		waitFailures(t, rec, "c1", 4)
		// Stopping does not hang in the restart loop.
		if err := h.Stop(); err != nil {
			t.Fatal(err)
		}
	})
	t.Run("hanging_restart_loop_rest_for_one", func(t *testing.T) {
		sys, w := newSystem(t), newWorld()
		rec := record(t, sys)
		h, err := Start(sys, "", Spec{Strategy: RestForOne, Children: three(w), Options: loopOptions})
		if err != nil {
			t.Fatal(err)
		}
		w.failNext("c2", -1)
		sys.Root.Send(childPID(t, h, "c2"), &crashMsg{})
		waitFailures(t, rec, "c2", 2)
		_, err = h.RestartChild("c2")
		mustIs(t, err, ErrRestarting)
		mustIs(t, h.DeleteChild("c2"), ErrRestarting)
		want := map[string]Status{"c1": Running, "c2": Restarting, "c3": Stopped}
		for id, st := range want {
			if ci, _ := childInfo(t, h, id); ci.Status != st {
				t.Fatalf("%s %+v, want %v", id, ci, st)
			}
		}
		if n, _ := h.CountChildren(); n != (Counts{Specs: 3, Active: 1, Workers: 3}) {
			t.Fatalf("counts %+v", n)
		}
		if err := h.TerminateChild("c2"); err != nil {
			t.Fatal(err)
		}
		w.failNext("c2", 0)
		if _, err := h.RestartChild("c2"); err != nil {
			t.Fatal(err)
		}
		// Only c2 came back; c3 stays down until restarted by hand.
		if ci, _ := childInfo(t, h, "c3"); ci.Status != Stopped {
			t.Fatalf("c3 %+v", ci)
		}
		w.failNext("c2", -1)
		sys.Root.Send(childPID(t, h, "c2"), &crashMsg{})
		waitFailures(t, rec, "c2", 4)
		if err := h.Stop(); err != nil {
			t.Fatal(err)
		}
	})
	t.Run("hanging_restart_loop_simple", func(t *testing.T) {
		sys, w := newSystem(t), newWorld()
		rec := record(t, sys)
		h, err := Start(sys, "", Spec{Strategy: SimpleOneForOne, Children: []ChildSpec{w.spec("tpl", Permanent)}, Options: loopOptions})
		if err != nil {
			t.Fatal(err)
		}
		pid, err := h.StartChild("a")
		if err != nil {
			t.Fatal(err)
		}
		w.failNext("a", -1)
		sys.Root.Send(pid, &crashMsg{})
		waitFailures(t, rec, "a", 2)
		_, err = h.RestartChild("a")
		mustIs(t, err, ErrSimpleOneForOne)
		mustIs(t, h.DeleteChild("a"), ErrSimpleOneForOne)
		if n, _ := h.CountChildren(); n != (Counts{Specs: 1, Active: 0, Workers: 1}) {
			t.Fatalf("counts %+v", n)
		}
		if err := h.TerminateChild("a"); err != nil {
			t.Fatal(err)
		}
		if cs, _ := h.WhichChildren(); len(cs) != 0 {
			t.Fatalf("children %+v", cs)
		}
		w.failNext("a", 0)
		pid, err = h.StartChild("a")
		if err != nil {
			t.Fatal(err)
		}
		w.failNext("a", -1)
		sys.Root.Send(pid, &crashMsg{})
		waitFailures(t, rec, "a", 4)
		if err := h.Stop(); err != nil {
			t.Fatal(err)
		}
	})
}
