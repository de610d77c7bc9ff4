package supervisor

import (
	"errors"
	"slices"
	"testing"
	"time"
)

// TestInject: the fault-injection messages and KillChild go through the
// supervisor's ordinary exit handling.
func TestInject(t *testing.T) {
	t.Run("panic_restarts_in_place", func(t *testing.T) {
		sys, w := newSystem(t), newWorld()
		rec := record(t, sys)
		h := startSup(t, sys, Spec{Children: []ChildSpec{w.spec("c1", Permanent), w.spec("c2", Permanent)}, Options: []Option{hour}})
		pid := childPID(t, h, "c1")
		sys.Root.Send(pid, &InjectPanic{Reason: "test"})
		waitRestarts(t, h, map[string]int{"c1": 1, "c2": 0})
		rs := of[*ChildRestarted](rec)
		if len(rs) != 1 || !rs[0].InPlace || !rs[0].PID.Equal(pid) {
			t.Fatalf("restarts %+v", rs)
		}
		var pe *PanicError
		if !errors.As(rs[0].Reason, &pe) {
			t.Fatalf("reason %v, want a *PanicError", rs[0].Reason)
		}
	})
	t.Run("delay_holds_the_mailbox", func(t *testing.T) {
		sys, w := newSystem(t), newWorld()
		h := startSup(t, sys, Spec{Children: []ChildSpec{w.spec("c1", Permanent)}, Options: []Option{hour}})
		pid := childPID(t, h, "c1")
		sys.Root.Send(pid, &InjectDelay{Duration: 200 * time.Millisecond})
		// Requests queue behind the delay and are all answered after it,
		// in order, by the same instance: nothing crashed.
		sys.Root.Send(pid, &countMsg{})
		res, err := sys.Root.RequestFuture(pid, &countMsg{}, 5*time.Second).Result()
		if err != nil {
			t.Fatal(err)
		}
		if n := res.(*countResp).n; n != 2 {
			t.Fatalf("count %d, want 2", n)
		}
		waitRestarts(t, h, map[string]int{"c1": 0})
	})
	t.Run("kill_child_restarts_a_new_process", func(t *testing.T) {
		sys, w := newSystem(t), newWorld()
		rec := record(t, sys)
		h := startSup(t, sys, Spec{Children: []ChildSpec{w.spec("c1", Permanent), w.spec("c2", Transient), w.spec("c3", Temporary)}, Options: []Option{hour}})
		for _, id := range []string{"c1", "c2"} {
			if err := h.KillChild(id); err != nil {
				t.Fatal(err)
			}
		}
		waitRestarts(t, h, map[string]int{"c1": 1, "c2": 1, "c3": 0})
		// Temporary: killed and gone, as OTP.
		if err := h.KillChild("c3"); err != nil {
			t.Fatal(err)
		}
		waitRestarts(t, h, map[string]int{"c1": 1, "c2": 1})
		for _, r := range of[*ChildRestarted](rec) {
			if r.InPlace || !errors.Is(r.Reason, Killed) {
				t.Fatalf("restart %+v: want a new process after Killed", r)
			}
		}
		if slices.Contains(w.lines(), "stopping:c1") {
			t.Fatal("a killed child ran its Stopping handler")
		}
		if _, err := pingChild(sys, childPID(t, h, "c1")); err != nil {
			t.Fatal(err)
		}
	})
	t.Run("kill_child_errors", func(t *testing.T) {
		sys, w := newSystem(t), newWorld()
		h := startSup(t, sys, Spec{Children: []ChildSpec{w.spec("c1", Permanent)}, Options: []Option{hour}})
		mustIs(t, h.KillChild("nope"), ErrNotFound)
	})
	t.Run("kill_child_escalates_past_intensity", func(t *testing.T) {
		sys, w := newSystem(t), newWorld()
		h := startSup(t, sys, Spec{Children: []ChildSpec{w.spec("c1", Permanent)}, Options: []Option{WithIntensity(1, time.Hour)}})
		if err := h.KillChild("c1"); err != nil {
			t.Fatal(err)
		}
		waitRestarts(t, h, map[string]int{"c1": 1})
		if err := h.KillChild("c1"); err != nil {
			t.Fatal(err)
		}
		waitClosed(t, h.Done(), "supervisor done")
		mustIs(t, h.Err(), ErrMaxRestartIntensity)
	})
}
