package supervisor

import (
	"errors"
	"slices"
	"testing"

	"github.com/asynkron/protoactor-go/actor"
)

// TestSupStart follows OTP supervisor_SUITE's sup_start group.
func TestSupStart(t *testing.T) {
	t.Run("sup_start_normal", func(t *testing.T) {
		sys, w := newSystem(t), newWorld()
		h := startSup(t, sys, Spec{Children: []ChildSpec{w.spec("a", Permanent), w.spec("b", Permanent)}})
		for _, id := range []string{"a", "b"} {
			if _, err := pingChild(sys, childPID(t, h, id)); err != nil {
				t.Fatalf("ping %s: %v", id, err)
			}
		}
		if got := filter(w.lines(), "start:"); !slices.Equal(got, []string{"start:a", "start:b"}) {
			t.Fatalf("start order %v", got)
		}
	})
	t.Run("sup_start_ignore_child", func(t *testing.T) {
		for _, tc := range []struct {
			name string
			rt   RestartType
			kept bool
		}{
			{"permanent", Permanent, true},
			{"transient", Transient, true},
			{"temporary", Temporary, false},
		} {
			t.Run(tc.name, func(t *testing.T) {
				sys, w := newSystem(t), newWorld()
				w.setInitErr("ign", ErrIgnore)
				h := startSup(t, sys, Spec{Children: []ChildSpec{w.spec("a", Permanent), w.spec("ign", tc.rt)}})
				ci, ok := childInfo(t, h, "ign")
				if ok != tc.kept {
					t.Fatalf("ignored child kept=%v, want %v", ok, tc.kept)
				}
				if ok && (ci.Status != Stopped || ci.PID != nil) {
					t.Fatalf("ignored child %+v, want stopped without PID", ci)
				}
				n, err := h.CountChildren()
				if err != nil {
					t.Fatal(err)
				}
				if n.Active != 1 {
					t.Fatalf("active %d, want 1", n.Active)
				}
			})
		}
	})
	t.Run("sup_start_ignore_init", func(t *testing.T) {
		sys, w := newSystem(t), newWorld()
		w.setInitErr("x", ErrIgnore)
		h := startSup(t, sys, Spec{Strategy: OneForOne, Children: []ChildSpec{w.spec("x", Permanent)}})
		// RestartChild of an ignored child is allowed, and ignore again gives (nil, nil).
		pid, err := h.RestartChild("x")
		if err != nil || pid != nil {
			t.Fatalf("RestartChild = %v, %v; want nil, nil", pid, err)
		}
	})
	t.Run("sup_start_error_return", func(t *testing.T) {
		sys, w := newSystem(t), newWorld()
		bad := errors.New("bad init")
		w.setInitErr("c", bad)
		_, err := Start(sys, "s", Spec{Children: []ChildSpec{w.spec("a", Permanent), w.spec("b", Permanent), w.spec("c", Permanent), w.spec("d", Permanent)}})
		mustIs(t, err, ErrStartFailed)
		mustIs(t, err, bad)
		// a and b were started, then stopped in reverse order; d never started.
		got := filter(w.lines(), "start:", "stop:", "initfail:")
		want := []string{"start:a", "start:b", "initfail:c", "stop:b", "stop:a"}
		if !slices.Equal(got, want) {
			t.Fatalf("journal %v, want %v", got, want)
		}
		// The name is free again.
		h, err := Start(sys, "s", Spec{Children: []ChildSpec{w.spec("a", Permanent)}})
		if err != nil {
			t.Fatalf("restart under the same name: %v", err)
		}
		_ = h.Stop()
	})
	t.Run("sup_start_fail_panic", func(t *testing.T) {
		for _, tc := range []struct {
			name  string
			start Producer
		}{
			{"producer panics", func(string) actor.Actor { panic("no") }},
			{"producer returns nil", func(string) actor.Actor { return nil }},
			{"started panics", func(string) actor.Actor {
				return actor.ReceiveFunc(func(ctx actor.Context) {
					if _, ok := ctx.Message().(*actor.Started); ok {
						panic("no")
					}
				})
			}},
			{"exit in started", func(string) actor.Actor {
				return actor.ReceiveFunc(func(ctx actor.Context) {
					if _, ok := ctx.Message().(*actor.Started); ok {
						Exit(ctx, errors.New("nope"))
					}
				})
			}},
		} {
			t.Run(tc.name, func(t *testing.T) {
				sys := newSystem(t)
				_, err := Start(sys, "", Spec{Children: []ChildSpec{{ID: "x", Start: tc.start}}})
				mustIs(t, err, ErrStartFailed)
			})
		}
	})
	t.Run("sup_start_invalid_spec", func(t *testing.T) {
		w := newWorld()
		for _, tc := range []struct {
			name string
			spec Spec
		}{
			{"empty id", Spec{Children: []ChildSpec{{Start: w.producer()}}}},
			{"slash in id", Spec{Children: []ChildSpec{{ID: "a/b", Start: w.producer()}}}},
			{"no start", Spec{Children: []ChildSpec{{ID: "a"}}}},
			{"duplicate", Spec{Children: []ChildSpec{w.spec("a", Permanent), w.spec("a", Permanent)}}},
			{"bad shutdown", Spec{Children: []ChildSpec{{ID: "a", Start: w.producer(), Shutdown: -7}}}},
			{"simple without template", Spec{Strategy: SimpleOneForOne}},
			{"negative intensity", Spec{Options: []Option{WithIntensity(-1, 1)}}},
			{"zero period", Spec{Options: []Option{WithIntensity(1, 0)}}},
			{"bad backoff", Spec{Options: []Option{WithBackoff(2, 1)}}},
		} {
			t.Run(tc.name, func(t *testing.T) {
				sys := newSystem(t)
				_, err := Start(sys, "", tc.spec)
				mustIs(t, err, ErrInvalidSpec)
			})
		}
	})
	t.Run("sup_start_nested_error", func(t *testing.T) {
		sys, w := newSystem(t), newWorld()
		w.setInitErr("deep", errors.New("deep failure"))
		inner := Spec{Children: []ChildSpec{w.spec("ok", Permanent), w.spec("deep", Permanent)}}
		_, err := Start(sys, "", Spec{Children: []ChildSpec{w.spec("first", Permanent), inner.ChildSpec("inner")}})
		mustIs(t, err, ErrStartFailed)
		got := filter(w.lines(), "start:", "stop:", "initfail:")
		want := []string{"start:first", "start:ok", "initfail:deep", "stop:ok", "stop:first"}
		if !slices.Equal(got, want) {
			t.Fatalf("journal %v, want %v", got, want)
		}
	})
}
