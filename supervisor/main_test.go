package supervisor

import (
	"errors"
	"fmt"
	"io"
	"log/slog"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/asynkron/protoactor-go/actor"
	"go.uber.org/goleak"
)

// TestMain checks that no goroutine outlives the tests: neither the
// supervisors' nor the children's, nor those of brutally killed children
// once the code they were stuck in returns. The one exception is
// protoactor's dead-letter log throttle, which by design lives for one
// throttle period (1 s by default) after a dead letter; the examples use
// default actor systems.
func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m, goleak.IgnoreAnyFunction("github.com/asynkron/protoactor-go/actor.NewDeadLetter.NewThrottle.func4.1"))
}

// quietLogger discards protoactor's logging without formatting it first
// (protoactor logs every failure at Info).
func quietLogger(*actor.ActorSystem) *slog.Logger {
	return slog.New(slog.NewTextHandler(io.Discard, &slog.HandlerOptions{Level: slog.LevelError + 1}))
}

// newSystem returns an actor system whose protoactor logging is discarded.
// Its dead-letter log throttle (a goroutine per period) runs for 10 ms
// instead of 1 s, so that goleak sees it gone.
func newSystem(t testing.TB) *actor.ActorSystem {
	t.Helper()
	sys := actor.NewActorSystem(
		actor.WithLoggerFactory(quietLogger),
		actor.WithDeadLetterThrottleInterval(10*time.Millisecond),
	)
	t.Cleanup(sys.Shutdown)
	return sys
}

// fataler is the part of testing.TB (and of *rapid.T) the helpers need.
type fataler interface {
	Helper()
	Fatalf(format string, args ...any)
}

// eventually fails the test unless cond holds within 5 s; it polls every
// millisecond.
func eventually(t fataler, cond func() bool, format string, args ...any) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	tick := time.NewTicker(time.Millisecond)
	defer tick.Stop()
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("condition not met within 5s: "+format, args...)
		}
		<-tick.C
	}
}

// waitClosed fails the test unless ch is closed within 5 s.
func waitClosed(t testing.TB, ch <-chan struct{}, what string) {
	t.Helper()
	select {
	case <-ch:
	case <-time.After(5 * time.Second):
		t.Fatalf("%s: not closed within 5s", what)
	}
}

// startSup starts a top-level supervisor and stops it when the test ends.
func startSup(t testing.TB, sys *actor.ActorSystem, spec Spec) *Handle {
	t.Helper()
	h, err := Start(sys, "", spec)
	if err != nil {
		t.Fatalf("Start: %v", err)
	}
	t.Cleanup(func() { _ = h.Stop() })
	return h
}

// ---------------------------------------------------------------------------
// Events

type recorder struct {
	mu     sync.Mutex
	events []any
}

// record collects every supervisor event published on sys.
func record(t testing.TB, sys *actor.ActorSystem) *recorder {
	r := &recorder{}
	sub := sys.EventStream.Subscribe(func(e any) {
		switch e.(type) {
		case *ChildStarted, *ChildRestarted, *ChildTerminated, *ChildStartFailed, *IntensityExceeded, *SupervisorStopped:
			r.mu.Lock()
			r.events = append(r.events, e)
			r.mu.Unlock()
		}
	})
	t.Cleanup(func() { sys.EventStream.Unsubscribe(sub) })
	return r
}

func (r *recorder) all() []any {
	r.mu.Lock()
	defer r.mu.Unlock()
	return slices.Clone(r.events)
}

// of returns the recorded events of type T.
func of[T any](r *recorder) []T {
	var out []T
	for _, e := range r.all() {
		if x, ok := e.(T); ok {
			out = append(out, x)
		}
	}
	return out
}

func countOf[T any](r *recorder, pred func(T) bool) int {
	n := 0
	for _, e := range of[T](r) {
		if pred == nil || pred(e) {
			n++
		}
	}
	return n
}

// ---------------------------------------------------------------------------
// A test child

type (
	ping struct{}
	pong struct {
		id  string
		gen int64
	}
	crashMsg struct{}
	exitMsg  struct{ reason error }
	stopSelf struct{}
	blockMsg struct {
		until   <-chan struct{}
		entered chan<- struct{}
	}
	countMsg  struct{}
	countResp struct{ n int }
)

// world is shared by the children of one test: a journal of lifecycle
// events, and knobs to make starts fail or stops hang.
type world struct {
	mu        sync.Mutex
	journal   []string
	gen       int64
	initErr   map[string]error         // Init returns this
	failInits map[string]int           // Init fails this many more times (-1: always)
	stopGate  map[string]chan struct{} // Stopping waits for this
	startGate map[string]chan struct{} // Init waits for this
}

var errInit = errors.New("init failed on purpose")

// failNext makes the next n starts of id fail (n < 0: all of them).
func (w *world) failNext(id string, n int) {
	w.mu.Lock()
	w.failInits[id] = n
	w.mu.Unlock()
}

func newWorld() *world {
	return &world{initErr: map[string]error{}, failInits: map[string]int{}, stopGate: map[string]chan struct{}{}, startGate: map[string]chan struct{}{}}
}

func (w *world) note(format string, args ...any) {
	w.mu.Lock()
	w.journal = append(w.journal, fmt.Sprintf(format, args...))
	w.mu.Unlock()
}

func (w *world) lines() []string {
	w.mu.Lock()
	defer w.mu.Unlock()
	return slices.Clone(w.journal)
}

func (w *world) setInitErr(id string, err error) {
	w.mu.Lock()
	w.initErr[id] = err
	w.mu.Unlock()
}

func (w *world) setStopGate(id string, ch chan struct{}) {
	w.mu.Lock()
	w.stopGate[id] = ch
	w.mu.Unlock()
}

// spec returns a worker child spec backed by w.
func (w *world) spec(id string, rt RestartType) ChildSpec {
	return ChildSpec{ID: id, Restart: rt, Start: w.producer()}
}

func (w *world) producer() Producer {
	return func(id string) actor.Actor {
		w.mu.Lock()
		w.gen++
		g := w.gen
		w.mu.Unlock()
		return &testChild{id: id, w: w, gen: g}
	}
}

type testChild struct {
	id  string
	w   *world
	gen int64
	n   int
}

func (c *testChild) Init(ctx actor.Context) error {
	c.w.mu.Lock()
	err, gate := c.w.initErr[c.id], c.w.startGate[c.id]
	if n := c.w.failInits[c.id]; n != 0 {
		err = errInit
		if n > 0 {
			c.w.failInits[c.id] = n - 1
		}
	}
	c.w.mu.Unlock()
	if gate != nil {
		<-gate
	}
	if err != nil {
		c.w.note("initfail:%s", c.id)
		return err
	}
	return nil
}

func (c *testChild) Receive(ctx actor.Context) {
	switch m := ctx.Message().(type) {
	case *actor.Started:
		c.w.note("start:%s", c.id)
	case *actor.Stopping:
		c.w.note("stopping:%s", c.id)
		c.w.mu.Lock()
		gate := c.w.stopGate[c.id]
		c.w.mu.Unlock()
		if gate != nil {
			<-gate
		}
		c.w.note("stop:%s", c.id)
	case *actor.Restarting:
		c.w.note("restarting:%s", c.id)
	case *ping:
		ctx.Respond(&pong{id: c.id, gen: c.gen})
	case *countMsg:
		c.n++
		ctx.Respond(&countResp{n: c.n})
	case *crashMsg:
		panic("boom")
	case *exitMsg:
		Exit(ctx, m.reason)
	case *stopSelf:
		ctx.Stop(ctx.Self())
	case *blockMsg:
		if m.entered != nil {
			close(m.entered)
		}
		<-m.until
	}
}

// pingChild asks the child at pid for a pong.
func pingChild(sys *actor.ActorSystem, pid *actor.PID) (*pong, error) {
	res, err := sys.Root.RequestFuture(pid, &ping{}, 2*time.Second).Result()
	if err != nil {
		return nil, err
	}
	p, ok := res.(*pong)
	if !ok {
		return nil, fmt.Errorf("unexpected %T", res)
	}
	return p, nil
}

// childPID returns the PID of child id (nil if it has none).
func childPID(t fataler, h *Handle, id string) *actor.PID {
	t.Helper()
	cs, err := h.WhichChildren()
	if err != nil {
		t.Fatalf("WhichChildren: %v", err)
	}
	for _, c := range cs {
		if c.ID == id {
			return c.PID
		}
	}
	return nil
}

func childInfo(t testing.TB, h *Handle, id string) (ChildInfo, bool) {
	t.Helper()
	cs, err := h.WhichChildren()
	if err != nil {
		t.Fatalf("WhichChildren: %v", err)
	}
	for _, c := range cs {
		if c.ID == id {
			return c, true
		}
	}
	return ChildInfo{}, false
}

func mustIs(t testing.TB, err, target error) {
	t.Helper()
	if !errors.Is(err, target) {
		t.Fatalf("error %v: want errors.Is %v", err, target)
	}
}

// filter keeps the journal lines with one of the given prefixes.
func filter(lines []string, prefixes ...string) []string {
	var out []string
	for _, l := range lines {
		for _, p := range prefixes {
			if len(l) >= len(p) && l[:len(p)] == p {
				out = append(out, l)
				break
			}
		}
	}
	return out
}
