package supervisor

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"sync"
	"testing"
	"time"

	"github.com/asynkron/protoactor-go/actor"
)

// TestChaos hammers a small tree from several goroutines at once: dynamic
// children started and terminated, children crashing, exiting and being
// brutally killed, while calls go on. Nothing may deadlock (no call may
// time out), every running child must answer, and Stop must bring the
// whole tree down without leaking goroutines.
func TestChaos(t *testing.T) {
	sys, w := newSystem(t), newWorld()
	rec := record(t, sys)
	dynTemplate := w.spec("dyn", Transient)
	dynTemplate.Shutdown = BrutalKill
	dyn := Spec{Strategy: SimpleOneForOne, Children: []ChildSpec{dynTemplate}, Options: []Option{WithIntensity(1_000_000, time.Second)}}
	slow := w.spec("r3", Permanent)
	slow.Shutdown = Timeout(time.Millisecond)
	rfo := Spec{Strategy: RestForOne, Children: []ChildSpec{w.spec("r1", Permanent), w.spec("r2", Transient), slow}, Options: []Option{WithIntensity(1_000_000, time.Second)}}
	h, err := Start(sys, "chaos", Spec{
		Children: []ChildSpec{dyn.ChildSpec("dyn"), rfo.ChildSpec("rfo"), w.spec("solo", Temporary)},
		Options:  []Option{WithIntensity(1_000_000, time.Second)},
	})
	if err != nil {
		t.Fatal(err)
	}
	dh, err := h.Supervisor("dyn")
	if err != nil {
		t.Fatal(err)
	}
	rh, err := h.Supervisor("rfo")
	if err != nil {
		t.Fatal(err)
	}

	var wg sync.WaitGroup
	errs := make(chan error, 100)
	for g := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			r := rand.New(rand.NewPCG(uint64(g), 42))
			for range 150 {
				var err error
				switch r.IntN(7) {
				case 0:
					_, err = dh.StartChild(fmt.Sprintf("d%d", r.IntN(8)))
				case 1:
					err = dh.TerminateChild(fmt.Sprintf("d%d", r.IntN(8)))
				case 2, 3:
					target := dh
					if r.IntN(2) == 0 {
						target = rh
					}
					var cs []ChildInfo
					cs, err = target.WhichChildren()
					if err == nil && len(cs) > 0 {
						c := cs[r.IntN(len(cs))]
						if c.PID != nil {
							msgs := []any{&crashMsg{}, &stopSelf{}, &exitMsg{reason: Shutdown}, &exitMsg{reason: errors.New("x")}, &ping{}}
							sys.Root.Send(c.PID, msgs[r.IntN(len(msgs))])
						}
					}
				case 4:
					_, err = h.CountChildren()
				case 5:
					_, err = rh.RestartChild("r2")
				case 6:
					err = rh.TerminateChild(fmt.Sprintf("r%d", 1+r.IntN(3)))
					if err == nil {
						_, err = rh.RestartChild(fmt.Sprintf("r%d", 1+r.IntN(3)))
					}
				}
				if err != nil && (errors.Is(err, ErrTimeout) || errors.Is(err, ErrNoSupervisor)) {
					errs <- err
					return
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Errorf("call failed: %v", err)
	}
	// Once things settle, every running child answers.
	for _, sh := range []*Handle{dh, rh} {
		var cs []ChildInfo
		eventually(t, func() bool {
			cs, err = sh.WhichChildren()
			if err != nil {
				return false
			}
			for _, c := range cs {
				if c.Status == Restarting {
					return false
				}
			}
			return true
		}, "children settle")
		for _, c := range cs {
			if c.Status != Running {
				continue
			}
			if _, err := pingChild(sys, c.PID); err != nil && !errors.Is(err, actor.ErrDeadLetter) {
				t.Errorf("child %s: %v", c.ID, err)
			}
		}
	}
	stopped := make(chan struct{})
	go func() { _ = h.Stop(); close(stopped) }()
	waitClosed(t, stopped, "Stop")
	if err := h.Err(); err != nil {
		t.Fatalf("Err %v", err)
	}
	t.Logf("%d starts, %d restarts (%d in place), %d terminations",
		countOf[*ChildStarted](rec, nil), countOf[*ChildRestarted](rec, nil),
		countOf[*ChildRestarted](rec, func(e *ChildRestarted) bool { return e.InPlace }), countOf[*ChildTerminated](rec, nil))
}
