package supervisor

import (
	"errors"
	"testing"
	"time"

	"github.com/asynkron/protoactor-go/actor"
)

// TestChildAdm is OTP's child_adm: adding, terminating, restarting and
// deleting children of a static supervisor through the Handle, with OTP's
// error cases.
func TestChildAdm(t *testing.T) {
	sys, w := newSystem(t), newWorld()
	h := startSup(t, sys, Spec{Options: []Option{hour}})
	x := w.spec("x", Permanent)

	steps := []struct {
		name string
		do   func() error
		want error // nil: must succeed
	}{
		{"add", func() error { _, err := h.AddChild(x); return err }, nil},
		{"add again while running", func() error { _, err := h.AddChild(x); return err }, ErrAlreadyStarted},
		{"restart while running", func() error { _, err := h.RestartChild("x"); return err }, ErrRunning},
		{"delete while running", func() error { return h.DeleteChild("x") }, ErrRunning},
		{"start by id on a static supervisor", func() error { _, err := h.StartChild("x"); return err }, ErrNotSimpleOneForOne},
		{"terminate", func() error { return h.TerminateChild("x") }, nil},
		{"terminate again", func() error { return h.TerminateChild("x") }, nil},
		{"add while present", func() error { _, err := h.AddChild(x); return err }, ErrAlreadyPresent},
		{"restart", func() error { _, err := h.RestartChild("x"); return err }, nil},
		{"terminate for delete", func() error { return h.TerminateChild("x") }, nil},
		{"delete", func() error { return h.DeleteChild("x") }, nil},
		{"delete missing", func() error { return h.DeleteChild("x") }, ErrNotFound},
		{"terminate missing", func() error { return h.TerminateChild("x") }, ErrNotFound},
		{"restart missing", func() error { _, err := h.RestartChild("x"); return err }, ErrNotFound},
		{"add invalid", func() error { _, err := h.AddChild(ChildSpec{ID: "no-start"}); return err }, ErrInvalidSpec},
		{"supervisor handle of a worker", func() error {
			if _, err := h.AddChild(w.spec("y", Permanent)); err != nil {
				return err
			}
			_, err := h.Supervisor("y")
			return err
		}, ErrNotSupervisor},
	}
	for _, s := range steps {
		t.Run(s.name, func(t *testing.T) {
			err := s.do()
			if s.want == nil && err != nil {
				t.Fatalf("unexpected error %v", err)
			}
			if s.want != nil {
				mustIs(t, err, s.want)
			}
		})
	}

	t.Run("failed add is not kept", func(t *testing.T) {
		w.failNext("z", 1)
		_, err := h.AddChild(w.spec("z", Permanent))
		mustIs(t, err, ErrStartFailed)
		mustIs(t, err, errInit)
		if _, ok := childInfo(t, h, "z"); ok {
			t.Fatal("z kept after a failed start")
		}
	})
	t.Run("temporary child terminated is removed", func(t *testing.T) {
		if _, err := h.AddChild(w.spec("tmp", Temporary)); err != nil {
			t.Fatal(err)
		}
		if err := h.TerminateChild("tmp"); err != nil {
			t.Fatal(err)
		}
		if _, ok := childInfo(t, h, "tmp"); ok {
			t.Fatal("temporary child kept")
		}
	})
}

// TestHandle covers Handle plumbing: timeouts, calls to a supervisor that
// is gone, nested handles.
func TestHandle(t *testing.T) {
	t.Run("timeout while the supervisor is busy", func(t *testing.T) {
		sys, w := newSystem(t), newWorld()
		gate := make(chan struct{})
		w.mu.Lock()
		w.startGate["slow"] = gate
		w.mu.Unlock()
		h := startSup(t, sys, Spec{})
		added := make(chan error, 1)
		go func() { _, err := h.AddChild(w.spec("slow", Permanent)); added <- err }()
		eventually(t, func() bool {
			_, err := h.WithTimeout(20 * time.Millisecond).CountChildren()
			return errors.Is(err, ErrTimeout)
		}, "a call times out while the supervisor waits for a child's Init")
		close(gate)
		if err := <-added; err != nil {
			t.Fatal(err)
		}
	})
	t.Run("calls after stop", func(t *testing.T) {
		sys := newSystem(t)
		h, err := Start(sys, "gone", Spec{})
		if err != nil {
			t.Fatal(err)
		}
		if err := h.Stop(); err != nil {
			t.Fatal(err)
		}
		_, err = h.WhichChildren()
		mustIs(t, err, ErrNoSupervisor)
		if err := h.Stop(); err != nil {
			t.Fatalf("second Stop: %v", err)
		}
	})
	t.Run("nested handle", func(t *testing.T) {
		sys, w := newSystem(t), newWorld()
		inner := Spec{Strategy: SimpleOneForOne, Children: []ChildSpec{w.spec("tpl", Transient)}}
		h := startSup(t, sys, Spec{Children: []ChildSpec{inner.ChildSpec("frameworks")}})
		fh, err := h.Supervisor("frameworks")
		if err != nil {
			t.Fatal(err)
		}
		if fh.Done() != nil || fh.Err() != nil {
			t.Fatal("nested handles have no Done/Err")
		}
		pid, err := fh.StartChild("fw-1")
		if err != nil {
			t.Fatal(err)
		}
		if _, err := pingChild(sys, pid); err != nil {
			t.Fatal(err)
		}
		same := HandleFor(sys, fh.PID())
		if n, err := same.CountChildren(); err != nil || n.Active != 1 {
			t.Fatalf("counts %+v, %v", n, err)
		}
		// Stop on a nested handle is an exit with reason shutdown: the
		// permanent nested supervisor is restarted empty.
		if err := fh.Stop(); err != nil {
			t.Fatal(err)
		}
		eventually(t, func() bool { ci, _ := childInfo(t, h, "frameworks"); return ci.Restarts == 1 && ci.Status == Running }, "frameworks restarted")
		if n, err := fh.CountChildren(); err != nil || n.Active != 0 {
			t.Fatalf("counts after restart %+v, %v", n, err)
		}
	})
}

// TestBackoff checks that automatic restarts are delayed exponentially.
func TestBackoff(t *testing.T) {
	t.Run("delays", func(t *testing.T) {
		b := backoff{min: 10 * time.Millisecond, max: 70 * time.Millisecond}
		want := []time.Duration{10, 20, 40, 70, 70}
		for i, d := range want {
			if got := b.delay(i); got != d*time.Millisecond {
				t.Fatalf("delay(%d) = %s, want %s", i, got, d*time.Millisecond)
			}
		}
		if (backoff{}).delay(3) != 0 {
			t.Fatal("no backoff must mean no delay")
		}
	})
	t.Run("reset after staying up", func(t *testing.T) {
		b := backoff{min: time.Second, max: 4 * time.Second}
		c := &child{}
		now := time.Unix(0, 0)
		for i, want := range []time.Duration{1, 2, 4, 4} {
			if got := b.next(c, now); got != want*time.Second {
				t.Fatalf("next #%d = %s", i, got)
			}
		}
		c.upSince = now
		if got := b.next(c, now.Add(5*time.Second)); got != time.Second {
			t.Fatalf("after a long run: %s, want the minimum again", got)
		}
	})
	t.Run("restarts wait", func(t *testing.T) {
		sys, w := newSystem(t), newWorld()
		rec := record(t, sys)
		const min = 15 * time.Millisecond
		h := startSup(t, sys, Spec{Children: []ChildSpec{w.spec("c", Permanent)}, Options: []Option{hour, WithBackoff(min, 8*min)}})
		pid := childPID(t, h, "c")
		for i, want := range []time.Duration{min, 2 * min, 4 * min} {
			sys.Root.Send(pid, &crashMsg{})
			start := time.Now()
			eventually(t, func() bool { return countOf[*ChildRestarted](rec, nil) == i+1 }, "restart %d", i+1)
			if took := time.Since(start); took < want {
				t.Fatalf("restart %d after %s, want at least %s", i+1, took, want)
			}
		}
	})
}

// TestTopLevelCrash: if a top-level supervisor's own actor panics (a bug),
// the tree is stopped and Err reports the panic.
func TestTopLevelCrash(t *testing.T) {
	sys := newSystem(t)
	h, err := startTop(sys, "", func(string) actor.Actor {
		return actor.ReceiveFunc(func(ctx actor.Context) {
			if _, ok := ctx.Message().(*crashMsg); ok {
				panic("supervisor bug")
			}
		})
	}, time.Second)
	if err != nil {
		t.Fatal(err)
	}
	sys.Root.Send(h.PID(), &crashMsg{})
	waitClosed(t, h.Done(), "done")
	var pe *PanicError
	if !errors.As(h.Err(), &pe) || pe.Value != "supervisor bug" {
		t.Fatalf("Err %v", h.Err())
	}
}
