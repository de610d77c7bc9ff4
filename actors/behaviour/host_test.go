package behaviour_test

import (
	"errors"
	"log/slog"
	"sync/atomic"
	"testing"
	"time"

	"github.com/asynkron/protoactor-go/actor"

	"github.com/mactor/mactor/actors/behaviour"
	"github.com/mactor/mactor/supervisor"
)

// newSystem returns an actor system that does not log, shut down when the
// test ends.
func newSystem(t *testing.T) *actor.ActorSystem {
	sys := actor.NewActorSystem(
		actor.WithLoggerFactory(func(*actor.ActorSystem) *slog.Logger { return slog.New(slog.DiscardHandler) }),
		actor.WithDeadLetterThrottleInterval(10*time.Millisecond),
	)
	t.Cleanup(sys.Shutdown)
	return sys
}

// Messages to the test behaviour.
type (
	crash   struct{}
	block   struct{ release chan struct{} }
	observe struct{ got chan int } // answers with the instance number
)

// instance is the test behaviour's actor; n numbers the instances.
type instance struct{ n int }

func (a *instance) Receive(ctx actor.Context) {
	switch m := ctx.Message().(type) {
	case crash:
		panic("crash")
	case block:
		<-m.release
	case observe:
		m.got <- a.n
	case *behaviour.DrainMarker:
		m.Ack()
	}
}

// startHost hosts instances; it counts them in made.
func startHost(t *testing.T, made *atomic.Int32, maxRestarts int, gaveUp func(error)) *behaviour.Host {
	t.Helper()
	h, err := behaviour.StartHost(behaviour.HostConfig{
		System:          newSystem(t),
		Name:            "test",
		New:             func() actor.Actor { return &instance{n: int(made.Add(1))} },
		MaxRestarts:     maxRestarts,
		RestartPeriod:   10 * time.Second,
		ShutdownTimeout: time.Second,
		GaveUp:          gaveUp,
	})
	if err != nil {
		t.Fatal(err)
	}
	return h
}

func instanceOf(t *testing.T, h *behaviour.Host) int {
	t.Helper()
	got := make(chan int, 1)
	h.Send(observe{got})
	select {
	case n := <-got:
		return n
	case <-time.After(5 * time.Second):
		t.Fatal("the behaviour does not answer")
		return 0
	}
}

// TestHostRestartsInPlace: a crash replaces the instance behind the same
// PID, and the messages sent after the crashing one reach the new one.
func TestHostRestartsInPlace(t *testing.T) {
	var made atomic.Int32
	h := startHost(t, &made, 10, func(err error) { t.Errorf("gave up: %v", err) })
	defer h.Stop()
	pid := h.PID()
	if n := instanceOf(t, h); n != 1 {
		t.Fatalf("first instance is %d", n)
	}
	h.Send(crash{})
	if n := instanceOf(t, h); n != 2 {
		t.Fatalf("after a crash: instance %d, want 2", n)
	}
	if !h.PID().Equal(pid) {
		t.Fatalf("PID changed: %v -> %v", pid, h.PID())
	}
}

// TestHostDrainWaits: Drain returns only once what was sent before has
// been handled, or at the timeout.
func TestHostDrainWaits(t *testing.T) {
	var made atomic.Int32
	h := startHost(t, &made, 10, nil)
	defer h.Stop()
	release := make(chan struct{})
	h.Send(block{release})
	drained := make(chan struct{})
	go func() {
		h.Drain(5 * time.Second)
		close(drained)
	}()
	select {
	case <-drained:
		t.Fatal("Drain returned while the behaviour was busy")
	case <-time.After(50 * time.Millisecond):
	}
	close(release)
	select {
	case <-drained:
	case <-time.After(5 * time.Second):
		t.Fatal("Drain did not return once the behaviour was done")
	}

	release = make(chan struct{})
	h.Send(block{release})
	start := time.Now()
	h.Drain(30 * time.Millisecond)
	if d := time.Since(start); d < 30*time.Millisecond || d > 2*time.Second {
		t.Fatalf("Drain with a busy behaviour returned after %s, want its timeout", d)
	}
	close(release)
}

// TestHostGivesUp: past the restart intensity the supervisor gives up,
// GaveUp hears why, and Drain no longer waits.
func TestHostGivesUp(t *testing.T) {
	var made atomic.Int32
	reason := make(chan error, 1)
	h := startHost(t, &made, 1, func(err error) { reason <- err })
	defer h.Stop()
	h.Send(crash{})
	h.Send(crash{})
	select {
	case err := <-reason:
		if !errors.Is(err, supervisor.ErrMaxRestartIntensity) {
			t.Fatalf("GaveUp(%v), want ErrMaxRestartIntensity", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("GaveUp not called")
	}
	start := time.Now()
	h.Drain(5 * time.Second)
	if d := time.Since(start); d > 2*time.Second {
		t.Fatalf("Drain after the supervisor gave up took %s", d)
	}
}

// TestHostStopIsNotGivingUp: Stop does not call GaveUp.
func TestHostStopIsNotGivingUp(t *testing.T) {
	var made atomic.Int32
	var called atomic.Bool
	h := startHost(t, &made, 10, func(error) { called.Store(true) })
	h.Stop()
	time.Sleep(20 * time.Millisecond)
	if called.Load() {
		t.Fatal("GaveUp called after Stop")
	}
}
