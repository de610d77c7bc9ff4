package supervisor

import (
	"errors"
	"fmt"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/asynkron/protoactor-go/actor"
	"pgregory.net/rapid"
)

// A small pure model of OTP's restart accounting (supervisor.erl
// restart/2, do_restart/3, restart/3 per strategy), with an infinite
// period: every restart counts against MaxR.
type modelChild struct {
	id       string
	rt       RestartType
	running  bool
	restarts int
}

type model struct {
	strategy Strategy
	maxR     int
	restarts int
	children []*modelChild
	dead     bool
	// Totals the real supervisor must agree with.
	restartEvents int
}

type exitOp int

const (
	opCrash exitOp = iota
	opNormal
	opShutdown
)

func (o exitOp) String() string { return [...]string{"crash", "normal", "shutdown"}[o] }

func (m *model) index(id string) int {
	return slices.IndexFunc(m.children, func(c *modelChild) bool { return c.id == id })
}

func (m *model) remove(c *modelChild) {
	m.children = slices.DeleteFunc(m.children, func(x *modelChild) bool { return x == c })
}

// exit applies "child c exits with op" and what the supervisor does next.
func (m *model) exit(c *modelChild, op exitOp) {
	c.running = false
	abnormal := op == opCrash
	if !(c.rt == Permanent || (c.rt == Transient && abnormal)) {
		if c.rt == Temporary || m.strategy == SimpleOneForOne {
			m.remove(c)
		}
		return
	}
	m.restarts++
	if m.restarts > m.maxR {
		m.dead = true
		return
	}
	var group []*modelChild
	switch m.strategy {
	case OneForAll:
		group = slices.Clone(m.children)
	case RestForOne:
		group = slices.Clone(m.children[m.index(c.id):])
	default:
		group = []*modelChild{c}
	}
	for i := len(group) - 1; i >= 0; i-- {
		g := group[i]
		if g != c && g.running {
			g.running = false
			if g.rt == Temporary {
				m.remove(g)
			}
		}
	}
	for _, g := range group {
		if m.index(g.id) < 0 || g.running {
			continue
		}
		g.running = true
		g.restarts++
		m.restartEvents++
	}
}

func (m *model) String() string {
	s := fmt.Sprintf("%v maxR=%d restarts=%d dead=%v [", m.strategy, m.maxR, m.restarts, m.dead)
	for _, c := range m.children {
		s += fmt.Sprintf(" %s/%v/run=%v/r=%d", c.id, c.rt, c.running, c.restarts)
	}
	return s + " ]"
}

// TestPropertyRestartAccounting drives random exits through a real
// supervisor and checks that restarts, removals and escalation match the
// model after every step.
func TestPropertyRestartAccounting(t *testing.T) {
	rapid.Check(t, func(rt *rapid.T) {
		strategy := rapid.SampledFrom([]Strategy{OneForOne, OneForAll, RestForOne, SimpleOneForOne}).Draw(rt, "strategy")
		maxR := rapid.IntRange(0, 4).Draw(rt, "maxR")
		n := rapid.IntRange(1, 4).Draw(rt, "children")
		types := []RestartType{Permanent, Transient, Temporary}

		m := &model{strategy: strategy, maxR: maxR}
		w := newWorld()
		var specs []ChildSpec
		if strategy == SimpleOneForOne {
			tpl := rapid.SampledFrom(types).Draw(rt, "template restart")
			specs = []ChildSpec{w.spec("tpl", tpl)}
			for i := range n {
				m.children = append(m.children, &modelChild{id: fmt.Sprintf("d%d", i), rt: tpl, running: true})
			}
		} else {
			for i := range n {
				c := &modelChild{id: fmt.Sprintf("c%d", i), rt: rapid.SampledFrom(types).Draw(rt, "restart"), running: true}
				m.children = append(m.children, c)
				specs = append(specs, w.spec(c.id, c.rt))
			}
		}

		sys := actor.NewActorSystem(
			actor.WithLoggerFactory(quietLogger),
			actor.WithDeadLetterThrottleInterval(10*time.Millisecond),
		)
		defer sys.Shutdown()
		var mu sync.Mutex
		terminated := map[string]int{}
		var restartEvents, exceeded int
		sub := sys.EventStream.Subscribe(func(e any) {
			mu.Lock()
			defer mu.Unlock()
			switch e := e.(type) {
			case *ChildTerminated:
				terminated[e.ID]++
			case *ChildRestarted:
				restartEvents++
			case *IntensityExceeded:
				exceeded++
			}
		})
		defer sys.EventStream.Unsubscribe(sub)

		h, err := Start(sys, "", Spec{Strategy: strategy, Children: specs, Options: []Option{WithIntensity(maxR, time.Hour)}})
		if err != nil {
			rt.Fatalf("Start: %v", err)
		}
		defer func() { _ = h.Stop() }()
		if strategy == SimpleOneForOne {
			for _, c := range m.children {
				if _, err := h.StartChild(c.id); err != nil {
					rt.Fatalf("StartChild: %v", err)
				}
			}
		}

		steps := rapid.IntRange(1, 10).Draw(rt, "steps")
		for step := 0; step < steps && !m.dead; step++ {
			var running []*modelChild
			for _, c := range m.children {
				if c.running {
					running = append(running, c)
				}
			}
			if len(running) == 0 {
				break
			}
			target := rapid.SampledFrom(running).Draw(rt, "target")
			op := rapid.SampledFrom([]exitOp{opCrash, opNormal, opShutdown}).Draw(rt, "op")
			var msg any
			switch op {
			case opCrash:
				msg = rapid.SampledFrom([]any{&crashMsg{}, &exitMsg{reason: errors.New("bad")}}).Draw(rt, "crash kind")
			case opNormal:
				msg = rapid.SampledFrom([]any{&stopSelf{}, &exitMsg{reason: Normal}}).Draw(rt, "normal kind")
			case opShutdown:
				msg = rapid.SampledFrom([]any{&exitMsg{reason: Shutdown}, &exitMsg{reason: ShutdownWith(step)}}).Draw(rt, "shutdown kind")
			}
			mu.Lock()
			before := terminated[target.id]
			mu.Unlock()
			pid := childPID(rt, h, target.id)
			sys.Root.Send(pid, msg)
			m.exit(target, op)

			if m.dead {
				select {
				case <-h.Done():
				case <-time.After(5 * time.Second):
					rt.Fatalf("model gave up, supervisor did not: %v", m)
				}
				if !errors.Is(h.Err(), ErrMaxRestartIntensity) {
					rt.Fatalf("Err %v", h.Err())
				}
				break
			}
			// The supervisor publishes the target's ChildTerminated when it
			// starts handling the exit; a call made after that is answered
			// once the handling is over.
			eventually(rt, func() bool { mu.Lock(); defer mu.Unlock(); return terminated[target.id] > before }, "exit of %s seen", target.id)
			cs, err := h.WhichChildren()
			if err != nil {
				rt.Fatalf("WhichChildren: %v (model %v)", err, m)
			}
			var got, want []string
			for _, c := range cs {
				got = append(got, fmt.Sprintf("%s:%v:%d", c.ID, c.Status == Running, c.Restarts))
			}
			for _, c := range m.children {
				want = append(want, fmt.Sprintf("%s:%v:%d", c.id, c.running, c.restarts))
			}
			if !slices.Equal(got, want) {
				rt.Fatalf("after %v of %s:\n got %v\nwant %v (%v)", op, target.id, got, want, m)
			}
		}
		mu.Lock()
		defer mu.Unlock()
		if restartEvents != m.restartEvents {
			rt.Fatalf("%d ChildRestarted events, model %d", restartEvents, m.restartEvents)
		}
		if (exceeded == 1) != m.dead || exceeded > 1 {
			rt.Fatalf("%d IntensityExceeded events, model dead=%v", exceeded, m.dead)
		}
	})
}

// TestPropertyIntensityWindow checks the sliding window against a direct
// count: a restart is allowed iff at most MaxR restarts (itself included)
// fall within the last period.
func TestPropertyIntensityWindow(t *testing.T) {
	rapid.Check(t, func(rt *rapid.T) {
		maxR := rapid.IntRange(0, 5).Draw(rt, "maxR")
		period := time.Duration(rapid.IntRange(1, 100).Draw(rt, "period")) * time.Second
		in := intensity{max: maxR, period: period}
		now := time.Unix(0, 0)
		var all []time.Time
		for range rapid.IntRange(1, 30).Draw(rt, "restarts") {
			now = now.Add(time.Duration(rapid.IntRange(0, 40).Draw(rt, "gap")) * time.Second)
			all = append(all, now)
			within := 0
			for _, r := range all {
				if now.Sub(r) < period {
					within++
				}
			}
			got, want := in.add(now), within <= maxR
			if got != want {
				rt.Fatalf("at %v: allowed=%v, want %v (%d within %s)", now, got, want, within, period)
			}
			if !got {
				break // the supervisor gives up here
			}
			if in.count() > maxR {
				rt.Fatalf("kept %d timestamps", len(in.restarts))
			}
		}
	})
}
