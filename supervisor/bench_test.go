package supervisor

import (
	"math"
	"slices"
	"testing"
	"time"

	"github.com/asynkron/protoactor-go/actor"
)

// BenchmarkRestart measures restart latency: from sending a message that
// makes a supervised child panic to the restarted child answering a
// request that was queued behind the crash. p50 and p99 are reported.
func BenchmarkRestart(b *testing.B) {
	sys, w := newSystem(b), newWorld()
	h, err := Start(sys, "", Spec{
		Children: []ChildSpec{w.spec("c", Permanent)},
		Options:  []Option{WithIntensity(math.MaxInt32, time.Second)},
	})
	if err != nil {
		b.Fatal(err)
	}
	defer func() { _ = h.Stop() }()
	pid := childPID(b, h, "c")
	lat := make([]time.Duration, 0, b.N)
	b.ResetTimer()
	for range b.N {
		t0 := time.Now()
		sys.Root.Send(pid, &crashMsg{})
		if _, err := sys.Root.RequestFuture(pid, &ping{}, 5*time.Second).Result(); err != nil {
			b.Fatal(err)
		}
		lat = append(lat, time.Since(t0))
	}
	b.StopTimer()
	reportPercentiles(b, lat)
}

func reportPercentiles(b *testing.B, lat []time.Duration) {
	if len(lat) == 0 {
		return
	}
	slices.Sort(lat)
	at := func(p float64) float64 { return float64(lat[int(p*float64(len(lat)-1))].Nanoseconds()) }
	b.ReportMetric(at(0.50), "p50-ns")
	b.ReportMetric(at(0.99), "p99-ns")
}

// Ping-pong between two actors, one message in flight.
type (
	ball      struct{}
	startPing struct {
		ponger *actor.PID
		n      int
		done   chan struct{}
	}
	pinger struct {
		ponger *actor.PID
		left   int
		done   chan struct{}
	}
	ponger struct{}
)

var theBall = &ball{}

func (p *pinger) Receive(ctx actor.Context) {
	switch m := ctx.Message().(type) {
	case *startPing:
		p.ponger, p.left, p.done = m.ponger, m.n, m.done
		ctx.Request(p.ponger, theBall)
	case *ball:
		if p.left--; p.left == 0 {
			close(p.done)
			return
		}
		ctx.Request(p.ponger, theBall)
	}
}

func (ponger) Receive(ctx actor.Context) {
	if _, ok := ctx.Message().(*ball); ok {
		ctx.Respond(theBall)
	}
}

// BenchmarkPingPong compares a round trip between two bare protoactor
// actors with one between two supervised children (each wrapped by the
// supervisor's host). ns/op is one round trip (two messages).
func BenchmarkPingPong(b *testing.B) {
	run := func(b *testing.B, pingPID, pongPID *actor.PID, sys *actor.ActorSystem) {
		b.ReportAllocs()
		b.ResetTimer()
		done := make(chan struct{})
		sys.Root.Send(pingPID, &startPing{ponger: pongPID, n: b.N, done: done})
		<-done
	}
	b.Run("bare", func(b *testing.B) {
		sys := newSystem(b)
		pi := sys.Root.Spawn(actor.PropsFromProducer(func() actor.Actor { return &pinger{} }))
		po := sys.Root.Spawn(actor.PropsFromProducer(func() actor.Actor { return ponger{} }))
		run(b, pi, po, sys)
		b.StopTimer()
		_ = sys.Root.StopFuture(pi).Wait()
		_ = sys.Root.StopFuture(po).Wait()
	})
	b.Run("supervised", func(b *testing.B) {
		sys := newSystem(b)
		h, err := Start(sys, "", Spec{Children: []ChildSpec{
			{ID: "ping", Start: func(string) actor.Actor { return &pinger{} }},
			{ID: "pong", Start: func(string) actor.Actor { return ponger{} }},
		}})
		if err != nil {
			b.Fatal(err)
		}
		run(b, childPID(b, h, "ping"), childPID(b, h, "pong"), sys)
		b.StopTimer()
		_ = h.Stop()
	})
}

// stubContext is just enough of an actor.Context to call Receive directly.
type stubContext struct {
	actor.Context
	msg any
}

func (c *stubContext) Message() any { return c.msg }

// BenchmarkHostReceive isolates what the host adds to each ordinary
// message, without protoactor's scheduling: Receive of a bare actor versus
// the same actor inside a host.
func BenchmarkHostReceive(b *testing.B) {
	var ctx actor.Context = &stubContext{msg: theBall}
	var inner actor.Actor = &counter{}
	b.Run("bare", func(b *testing.B) {
		for range b.N {
			inner.Receive(ctx)
		}
	})
	b.Run("hosted", func(b *testing.B) {
		h := &host{inner: inner, link: newLink("x", nil), live: true}
		for range b.N {
			h.Receive(ctx)
		}
	})
}

type counter struct{ n int }

func (c *counter) Receive(ctx actor.Context) {
	if _, ok := ctx.Message().(*ball); ok {
		c.n++
	}
}
