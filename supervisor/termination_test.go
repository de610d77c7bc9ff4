package supervisor

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/asynkron/protoactor-go/actor"
)

// exitKind makes a child exit in one of the ways OTP's tests distinguish.
type exitKind struct {
	name string
	msg  any
	// reason the supervisor should see.
	check func(error) bool
}

var (
	normalExits = []exitKind{
		{"stop self", &stopSelf{}, IsNormal},
		{"exit normal", &exitMsg{reason: Normal}, IsNormal},
		{"exit nil", &exitMsg{}, IsNormal},
	}
	shutdownExits = []exitKind{
		{"exit shutdown", &exitMsg{reason: Shutdown}, IsShutdown},
		{"exit shutdown with term", &exitMsg{reason: ShutdownWith("bye")}, func(err error) bool {
			var se *ShutdownError
			return IsShutdown(err) && errors.As(err, &se) && se.Term == "bye"
		}},
	}
	abnormalExits = []exitKind{
		{"panic", &crashMsg{}, func(err error) bool {
			var pe *PanicError
			return errors.As(err, &pe) && pe.Value == "boom" && strings.Contains(pe.Stack(), "(*testChild).Receive")
		}},
		{"exit error", &exitMsg{reason: errors.New("bad")}, func(err error) bool { return err != nil && err.Error() == "bad" }},
	}
)

// terminationCase runs one child of restart type rt through exit kind k
// and checks what OTP prescribes: restarted or not, kept or removed.
func terminationCase(t *testing.T, k exitKind, rt RestartType, wantRestart bool) {
	sys, w := newSystem(t), newWorld()
	rec := record(t, sys)
	h := startSup(t, sys, Spec{Children: []ChildSpec{w.spec("a", Permanent), w.spec("c", rt)}})
	pid := childPID(t, h, "c")
	before, err := pingChild(sys, pid)
	if err != nil {
		t.Fatal(err)
	}
	sys.Root.Send(pid, k.msg)
	eventually(t, func() bool { return countOf[*ChildTerminated](rec, nil) == 1 }, "child terminated event")
	term := of[*ChildTerminated](rec)[0]
	if term.ID != "c" || !k.check(term.Reason) {
		t.Fatalf("terminated %+v: unexpected reason %v", term, term.Reason)
	}
	ci, ok := childInfo(t, h, "c")
	switch {
	case wantRestart:
		if !ok || ci.Status != Running || ci.Restarts != 1 {
			t.Fatalf("child %+v (present %v): want running with 1 restart", ci, ok)
		}
		if !ci.PID.Equal(pid) {
			t.Fatalf("restarted under PID %v, want the same %v", ci.PID, pid)
		}
		after, err := pingChild(sys, pid) // the old PID value still reaches it
		if err != nil {
			t.Fatal(err)
		}
		if after.gen == before.gen {
			t.Fatal("not a new instance")
		}
		rs := of[*ChildRestarted](rec)
		if len(rs) != 1 || rs[0].Restarts != 1 || !k.check(rs[0].Reason) {
			t.Fatalf("restarted events %+v", rs)
		}
		// A crash keeps the process (in place); a normal or shutdown exit
		// ended it, so a new one is spawned under the same name.
		if wantInPlace := IsAbnormal(term.Reason); rs[0].InPlace != wantInPlace {
			t.Fatalf("InPlace %v, want %v", rs[0].InPlace, wantInPlace)
		}
	case rt == Temporary:
		if ok {
			t.Fatalf("temporary child still listed: %+v", ci)
		}
	default:
		if !ok || ci.Status != Stopped || ci.PID != nil {
			t.Fatalf("child %+v (present %v): want kept, stopped", ci, ok)
		}
	}
	if n := countOf[*ChildRestarted](rec, nil); !wantRestart && n != 0 {
		t.Fatalf("%d restarts, want none", n)
	}
	// The sibling is untouched.
	if ci, _ := childInfo(t, h, "a"); ci.Status != Running || ci.Restarts != 0 {
		t.Fatalf("sibling %+v", ci)
	}
}

// TestNormalTermination is OTP's normal_termination group: a normal exit
// restarts only permanent children.
func TestNormalTermination(t *testing.T) {
	for _, tc := range []struct {
		name    string
		rt      RestartType
		restart bool
	}{
		{"permanent_normal", Permanent, true},
		{"transient_normal", Transient, false},
		{"temporary_normal", Temporary, false},
	} {
		for _, k := range normalExits {
			t.Run(tc.name+"/"+k.name, func(t *testing.T) { terminationCase(t, k, tc.rt, tc.restart) })
		}
	}
}

// TestShutdownTermination is OTP's shutdown_termination group: shutdown
// and {shutdown, Term} restart only permanent children.
func TestShutdownTermination(t *testing.T) {
	for _, tc := range []struct {
		name    string
		rt      RestartType
		restart bool
	}{
		{"permanent_shutdown", Permanent, true},
		{"transient_shutdown", Transient, false},
		{"temporary_shutdown", Temporary, false},
	} {
		for _, k := range shutdownExits {
			t.Run(tc.name+"/"+k.name, func(t *testing.T) { terminationCase(t, k, tc.rt, tc.restart) })
		}
	}
}

// TestAbnormalTermination is OTP's abnormal_termination group: an abnormal
// exit restarts permanent and transient children, never temporary ones.
func TestAbnormalTermination(t *testing.T) {
	for _, tc := range []struct {
		name    string
		rt      RestartType
		restart bool
	}{
		{"permanent_abnormal", Permanent, true},
		{"transient_abnormal", Transient, true},
		{"temporary_abnormal", Temporary, false},
	} {
		for _, k := range abnormalExits {
			t.Run(tc.name+"/"+k.name, func(t *testing.T) { terminationCase(t, k, tc.rt, tc.restart) })
		}
	}
	t.Run("temporary_bystander", func(t *testing.T) {
		// OTP: a temporary child killed by a sibling's restart is not
		// restarted but removed.
		for _, st := range []Strategy{OneForAll, RestForOne} {
			t.Run(st.String(), func(t *testing.T) {
				sys, w := newSystem(t), newWorld()
				h := startSup(t, sys, Spec{Strategy: st, Children: []ChildSpec{w.spec("p", Permanent), w.spec("tmp", Temporary)}})
				sys.Root.Send(childPID(t, h, "p"), &crashMsg{})
				eventually(t, func() bool {
					_, present := childInfo(t, h, "tmp")
					ci, _ := childInfo(t, h, "p")
					return !present && ci.Restarts == 1 && ci.Status == Running
				}, "temporary bystander removed, p restarted")
			})
		}
	})
}

// TestInPlaceRestart checks what protoactor's in-place restart gives: the
// same PID and mailbox, messages queued behind the crash kept, only the
// crashing message dropped and reported.
func TestInPlaceRestart(t *testing.T) {
	sys, w := newSystem(t), newWorld()
	rec := record(t, sys)
	deadLetters := make(chan *actor.DeadLetterEvent, 16)
	sub := sys.EventStream.Subscribe(func(e any) {
		if d, ok := e.(*actor.DeadLetterEvent); ok {
			deadLetters <- d
		}
	})
	t.Cleanup(func() { sys.EventStream.Unsubscribe(sub) })
	h := startSup(t, sys, Spec{Children: []ChildSpec{w.spec("c", Permanent)}})
	pid := childPID(t, h, "c")

	// Hold the child in a Receive so that the crash and what follows queue up.
	release, entered := make(chan struct{}), make(chan struct{})
	sys.Root.Send(pid, &blockMsg{until: release, entered: entered})
	waitClosed(t, entered, "child blocked")
	crashed := sys.Root.RequestFuture(pid, &crashMsg{}, 5*time.Second)
	var behind []actor.Future
	for range 3 {
		behind = append(behind, sys.Root.RequestFuture(pid, &countMsg{}, 5*time.Second))
	}
	close(release)

	// The request that crashed the child fails fast, as a dead letter.
	if _, err := crashed.Result(); !errors.Is(err, actor.ErrDeadLetter) {
		t.Fatalf("crashing request: %v, want ErrDeadLetter", err)
	}
	// The ones queued behind it are answered by the new instance.
	for i, f := range behind {
		res, err := f.Result()
		if err != nil {
			t.Fatalf("queued request %d: %v", i, err)
		}
		if n := res.(*countResp).n; n != i+1 {
			t.Fatalf("queued request %d answered %d", i, n)
		}
	}
	select {
	case d := <-deadLetters:
		if _, ok := d.Message.(*crashMsg); !ok || !d.PID.Equal(pid) {
			t.Fatalf("dead letter %+v", d)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("no dead letter for the dropped message")
	}
	eventually(t, func() bool { return countOf[*ChildRestarted](rec, nil) == 1 }, "restart event")
	rs := of[*ChildRestarted](rec)
	if len(rs) != 1 || !rs[0].InPlace || !rs[0].PID.Equal(pid) {
		t.Fatalf("restart events %+v", rs)
	}
	if _, ok := rs[0].Dropped.(*crashMsg); !ok {
		t.Fatalf("dropped %T, want the crashing message", rs[0].Dropped)
	}
	if got := filter(w.lines(), "restarting:", "start:"); len(got) != 3 || got[1] != "restarting:c" {
		t.Fatalf("lifecycle %v: want start, restarting (old instance), start", got)
	}
}
