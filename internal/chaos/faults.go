package chaos

import (
	"context"
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"
	"time"

	"go.uber.org/zap"
)

// Bounds of the waits after a fault.
const (
	// recoveryBound is how long the tree may take to return to its spec
	// after a fault inside the engine.
	recoveryBound = 20 * time.Second
	// restartBound is the same after a SIGKILL (the process restarts and
	// recovers every owner first).
	restartBound = 60 * time.Second
	// consistencyBound is how long the tree and the directory may disagree
	// while a framework or agent is being added or removed.
	consistencyBound = 3 * time.Second
	// slowHandlerMS is the delay of a slow-handler fault.
	slowHandlerMS = 300
)

// takeBaseline reads the spec tree (waiting until every node runs) and the
// engine's goroutines and memory at the end of the warm-up.
func (r *run) takeBaseline(ctx context.Context) {
	var last error
	ok := poll(ctx, recoveryBound, 50*time.Millisecond, func() bool {
		t, err := r.st.tree(ctx)
		if err != nil {
			last = err
			return false
		}
		s := shapeOf(t)
		if len(s.notRunning) > 0 {
			last = fmt.Errorf("not running: %s", strings.Join(s.notRunning, ", "))
			return false
		}
		r.spec = s
		return true
	})
	if !ok {
		r.inv.fail(InvChildSet, "at %.3fs (end of warm-up) the tree could not be read or was not all running: %v", r.elapsed().Seconds(), last)
	}
	r.baseGoroutines, r.baseRSS = r.sampleResources(ctx, 3, math.Max)
	r.log.Info("baseline", zap.Float64("goroutines", r.baseGoroutines), zap.Int64("rss", r.baseRSS), zap.Int("tree_nodes", len(r.spec.nodes)))
}

// sampleResources takes n samples of the engine's goroutines and RSS,
// 200 ms apart, and combines them with pick.
func (r *run) sampleResources(ctx context.Context, n int, pick func(a, b float64) float64) (float64, int64) {
	var g, rss float64
	for i := range n {
		gi, err := r.st.gauge(ctx, "go_goroutines")
		if err != nil {
			gi = 0
		}
		ri := float64(r.eng.rssBytes())
		if i == 0 {
			g, rss = gi, ri
		} else {
			g, rss = pick(g, gi), pick(rss, ri)
		}
		if i < n-1 {
			sleep(ctx, 200*time.Millisecond)
		}
	}
	return g, int64(rss)
}

// faultLoop injects the planned faults in order, each after the previous
// one has recovered (a fault is late rather than piled on another).
func (r *run) faultLoop(ctx context.Context) {
	for _, p := range r.plan {
		r.sleepUntil(ctx, p.At())
		if ctx.Err() != nil {
			return
		}
		if r.cfg.DryRun {
			r.log.Info("dry run: would inject", zap.String("kind", string(p.Kind)), zap.Duration("at", p.At()))
			r.record(FaultLog{AtMS: r.elapsed().Milliseconds(), Kind: p.Kind, Error: "dry run: not injected"}, false)
			continue
		}
		if p.Kind == KindSigkill {
			r.sigkill(ctx, p)
		} else {
			r.inject(ctx, p)
		}
		r.checkAlive(ctx, fmt.Sprintf("after %s at %.3fs", p.Kind, p.At().Seconds()))
	}
}

// checkAlive fails the child-set invariant if the engine process exited
// on its own (its supervision tree gave up), and starts it again so that
// the run goes on.
func (r *run) checkAlive(ctx context.Context, when string) {
	if !r.eng.exited() {
		return
	}
	r.inv.fail(InvChildSet, "%s the engine exited on its own: %v", when, r.withLog(ErrEngine))
	r.mu.Lock()
	r.cursor, r.events = 0, nil
	r.mu.Unlock()
	if err := r.eng.start(ctx); err != nil {
		r.log.Error("engine did not restart", zap.Error(err))
	}
}

func (r *run) record(f FaultLog, injected bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.faultLog = append(r.faultLog, f)
	if injected {
		r.faults++
		r.recoveries = append(r.recoveries, f.RecoveryMS)
	}
}

// inject asks the engine for one fault and checks what follows it.
func (r *run) inject(ctx context.Context, p Planned) {
	r.waitRestored(ctx, recoveryBound) // start from the spec
	r.pollTimeline(ctx)
	r.mu.Lock()
	before := r.cursor
	r.mu.Unlock()
	dur := 0
	if p.Kind == KindSlowHandler {
		dur = slowHandlerMS
	}
	at := r.elapsed()
	t0 := time.Now()
	got, err := r.st.inject(ctx, p.Kind, p.Seed, dur)
	f := FaultLog{AtMS: at.Milliseconds(), Kind: p.Kind, Target: got.Target}
	if err != nil {
		f.Error = err.Error()
		r.log.Warn("fault not injected", zap.String("kind", string(p.Kind)), zap.Error(err))
		r.record(f, false)
		return
	}
	f.OK = true
	if crashes(p.Kind) && !r.waitRestart(ctx, got.Target, before) {
		r.inv.fail(InvChildSet, "fault %s on %q at %.3fs: no restart of the target (or of a supervisor above it) within %s", p.Kind, got.Target, at.Seconds(), recoveryBound)
	}
	rec, ok, shape := r.waitRestored(ctx, recoveryBound)
	f.RecoveryMS = float64(time.Since(t0).Microseconds()) / 1000
	if !rec {
		f.RecoveryMS = float64(recoveryBound.Milliseconds())
	}
	r.inv.check(InvChildSet, ok, func() string {
		return fmt.Sprintf("fault %s on %q at %.3fs: the tree was not back to its spec after %s:\n%s", p.Kind, got.Target, at.Seconds(), recoveryBound, shape)
	})
	r.record(f, true)
	if p.Kind == KindEscalate {
		r.checkEscalation(ctx, got.Target, at, before)
	}
	r.checkOrphans(ctx, fmt.Sprintf("after %s at %.3fs", p.Kind, at.Seconds()))
}

// crashes reports whether a fault kind makes an actor exit (and be
// restarted), as opposed to slowing it or cutting its connections.
func crashes(k Kind) bool {
	switch k {
	case KindSlowHandler, KindDropConnections, KindSigkill:
		return false
	}
	return true
}

// waitRestart waits until the timeline shows a restart, after the event
// since, of the target or of a supervisor above it (an escalation
// restarts the supervisor as a whole).
func (r *run) waitRestart(ctx context.Context, target string, since uint64) bool {
	return poll(ctx, recoveryBound, 10*time.Millisecond, func() bool {
		if r.pollTimeline(ctx) != nil {
			return false
		}
		r.mu.Lock()
		defer r.mu.Unlock()
		for _, ev := range r.events {
			if ev.Seq > since && ev.Kind == "restart" && (ev.Actor == target || strings.HasPrefix(target, ev.Actor+"/")) {
				return true
			}
		}
		return false
	})
}

// waitRestored waits until the tree is the spec with every node running.
// It returns whether it got there (and its failure text if not).
func (r *run) waitRestored(ctx context.Context, bound time.Duration) (rec, ok bool, diff string) {
	if r.spec.nodes == nil {
		return false, false, "no spec tree (the warm-up could not read it)"
	}
	var last string
	ok = poll(ctx, bound, 20*time.Millisecond, func() bool {
		t, err := r.st.tree(ctx)
		if err != nil {
			last = "GET /state/tree: " + err.Error()
			return false
		}
		s := shapeOf(t)
		if s.restored(r.spec) {
			return true
		}
		last = s.diff(r.spec)
		return false
	})
	return ok, ok, last
}

// sigkill kills the engine right after an acknowledgement reaches the
// module side (the moment a call acknowledged before it was durable would
// be lost), restarts it on the same data and ports, and checks that every
// acknowledged call is covered by the sessions' durable watermarks.
func (r *run) sigkill(ctx context.Context, p Planned) {
	r.waitRestored(ctx, recoveryBound)
	r.pollTimeline(ctx)
	r.obs.waitAck(ctx, time.Second)
	at := r.elapsed()
	t0 := time.Now()
	r.eng.kill()
	acked := r.obs.maxAcked() // every acknowledgement the module got came before the kill
	f := FaultLog{AtMS: at.Milliseconds(), Kind: KindSigkill, Target: fmt.Sprintf("mactor serve (pid %d)", r.eng.pid())}
	r.mu.Lock()
	r.cursor, r.events, r.restarts = 0, nil, r.restarts+1
	r.mu.Unlock()
	if err := r.eng.start(ctx); err != nil {
		f.Error = err.Error()
		r.record(f, true)
		r.inv.fail(InvChildSet, "SIGKILL at %.3fs: %v", at.Seconds(), r.withLog(err))
		return
	}
	f.OK = true
	for _, id := range sortedKeys(acked) {
		last, err := r.st.session(ctx, id)
		if err != nil {
			r.inv.fail(InvConservation, "SIGKILL at %.3fs: GET /state/session/%s: %v", at.Seconds(), id, err)
			continue
		}
		n := acked[id]
		r.inv.check(InvConservation, last >= n, func() string {
			return fmt.Sprintf("SIGKILL at %.3fs: session %s had %d calls acknowledged; after the restart its durable watermark is %d: calls %d..%d were acknowledged and lost",
				at.Seconds(), id, n, last, last+1, n)
		})
	}
	rec, ok, shape := r.waitRestored(ctx, restartBound)
	f.RecoveryMS = float64(time.Since(t0).Microseconds()) / 1000
	if !rec {
		f.RecoveryMS = float64(restartBound.Milliseconds())
	}
	r.inv.check(InvChildSet, ok, func() string {
		return fmt.Sprintf("SIGKILL at %.3fs: the restarted engine's tree was not its spec after %s:\n%s", at.Seconds(), restartBound, shape)
	})
	r.record(f, true)
	r.checkOrphans(ctx, fmt.Sprintf("after the SIGKILL at %.3fs", at.Seconds()))
}

// checkEscalation checks that an escalate fault made exactly one
// supervisor give up — the target's own (or the target, when it names the
// supervisor) — and nothing above it.
func (r *run) checkEscalation(ctx context.Context, target string, at time.Duration, since uint64) {
	sleep(ctx, 300*time.Millisecond) // the timeline is written as the supervisors act
	if err := r.pollTimeline(ctx); err != nil {
		r.inv.fail(InvEscalation, "escalate at %.3fs: %v", at.Seconds(), err)
		return
	}
	r.mu.Lock()
	var esc []timelineEvent
	for _, ev := range r.events {
		if ev.Seq > since && ev.Kind == "escalation" {
			esc = append(esc, ev)
		}
	}
	r.mu.Unlock()
	ok := len(esc) == 1 && (esc[0].Actor == target || esc[0].Actor == parentPath(target) || strings.HasSuffix(esc[0].Actor, "/"+target))
	r.inv.check(InvEscalation, ok, func() string {
		var h []string
		for _, ev := range esc {
			h = append(h, fmt.Sprintf("  #%d %s escalation by %s: %s", ev.Seq, ev.Time.Format(time.RFC3339Nano), ev.Actor, ev.Detail))
		}
		return fmt.Sprintf("escalate on %q at %.3fs: %d escalations (want exactly 1, by the target's supervisor):\n%s", target, at.Seconds(), len(esc), strings.Join(h, "\n"))
	})
}

// checkOrphans checks that every framework and agent actor of the tree is
// in the directory (they may disagree for a moment while one is added or
// removed).
func (r *run) checkOrphans(ctx context.Context, when string) {
	var last []string
	var lastErr error
	ok := poll(ctx, consistencyBound, 100*time.Millisecond, func() bool {
		t, err := r.st.tree(ctx)
		if err != nil {
			lastErr = err
			return false
		}
		fws, ags, err := r.st.directory(ctx)
		if err != nil {
			lastErr = err
			return false
		}
		lastErr = nil
		last = orphans(t, fws, ags)
		return len(last) == 0
	})
	r.inv.check(InvNoOrphans, ok, func() string {
		if lastErr != nil {
			return fmt.Sprintf("%s: %v", when, lastErr)
		}
		return fmt.Sprintf("%s, for %s:\n%s", when, consistencyBound, lines(last, 10))
	})
}

// pollTimeline reads the timeline events since the cursor.
func (r *run) pollTimeline(ctx context.Context) error {
	r.mu.Lock()
	cur := r.cursor
	r.mu.Unlock()
	evs, next, err := r.st.timeline(ctx, cur)
	if err != nil {
		var se *statusError
		if errors.As(err, &se) && se.code == 404 {
			return errTimeline
		}
		return err
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.cursor != cur {
		return nil // the engine restarted meanwhile
	}
	r.timelineOK = true
	for _, ev := range evs {
		r.counts[ev.Kind]++
		r.events = append(r.events, ev)
	}
	if len(r.events) > 4000 {
		r.events = slices.Clone(r.events[len(r.events)-2000:])
	}
	r.cursor = next
	return nil
}

// poll calls cond every interval until it holds or bound passes.
func poll(ctx context.Context, bound, interval time.Duration, cond func() bool) bool {
	deadline := time.Now().Add(bound)
	for {
		if cond() {
			return true
		}
		if time.Now().After(deadline) || ctx.Err() != nil {
			return false
		}
		sleep(ctx, interval)
	}
}

func sleep(ctx context.Context, d time.Duration) {
	select {
	case <-ctx.Done():
	case <-time.After(d):
	}
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
