package chaos

import (
	"context"
	"fmt"
	"math"
	"slices"
	"strings"
	"time"

	"go.uber.org/zap"
)

// Tolerances of the baseline invariant: after the quiet period the
// engine's goroutines may exceed the warm-up level by half plus
// goroutineSlack, and its resident memory may be twice the warm-up level
// plus rssSlack (a restarted engine has read its journals back; the Go
// heap grows in steps).
const (
	goroutineSlack = 25
	rssSlack       = 32 << 20
	// drainBound is how long the module side's queued calls may take to be
	// answered once the workload stops.
	drainBound = 30 * time.Second
	// drainStall ends the drain early when no call has been answered for
	// that long.
	drainStall = 5 * time.Second
)

// checkBaseline samples the engine's goroutines and memory at the end of
// the quiet period (the lowest of several samples) and compares them with
// the warm-up's.
func (r *run) checkBaseline(ctx context.Context, end time.Duration) {
	n := max(int(time.Until(r.start.Add(end))/(200*time.Millisecond)), 3)
	g, rss := r.sampleResources(ctx, n, math.Min)
	gMax := r.baseGoroutines*1.5 + goroutineSlack
	rssMax := 2*r.baseRSS + rssSlack
	ok := r.baseGoroutines > 0 && g <= gMax && (r.baseRSS == 0 || rss <= rssMax)
	r.inv.check(InvBaseline, ok, func() string {
		if r.baseGoroutines == 0 {
			return "the engine's /metrics had no go_goroutines at the end of the warm-up"
		}
		return fmt.Sprintf("after warm-up: %.0f goroutines, RSS %.1f MiB; after the quiet period: %.0f goroutines (at most %.0f), RSS %.1f MiB (at most %.1f MiB)",
			r.baseGoroutines, mib(r.baseRSS), g, gMax, mib(rss), mib(rssMax))
	})
}

func mib(b int64) float64 { return float64(b) / (1 << 20) }

// drain waits, once the workload has stopped, until every call the module
// side sent is answered (acknowledged or rejected).
// It returns the totals at the moment every call was answered (or at the
// end of drainBound, with the calls still unanswered).
func (r *run) drain(ctx context.Context) settledCalls {
	var s settledCalls
	answered, since := int64(-1), time.Now()
	poll(ctx, drainBound, 50*time.Millisecond, func() bool {
		s.sent, s.acked, s.rejected, s.unanswered = r.obs.settled()
		if len(s.unanswered) == 0 {
			return true
		}
		// A client that gave up on its calls (e.g. out of sync after a
		// loss) answers no more: stop waiting once nothing moves.
		if a := s.acked + s.rejected; a != answered {
			answered, since = a, time.Now()
		}
		return time.Since(since) > drainStall
	})
	return s
}

// settledCalls are the module side's calls at one moment.
type settledCalls struct {
	sent, acked, rejected int64
	unanswered            map[string][]uint64
}

// final checks conservation, the offers, order and the hooks over the
// whole run, and the tree once more.
func (r *run) final(ctx context.Context, calls settledCalls) {
	at := r.elapsed().Seconds()
	r.checkAlive(ctx, "at the end")
	// Every call answered.
	un := calls.unanswered
	r.inv.check(InvConservation, len(un) == 0, func() string {
		var h []string
		for _, id := range sortedKeys(un) {
			h = append(h, fmt.Sprintf("session %s: %d calls sent and never acknowledged nor rejected (first %d, last %d), %s after the workload stopped",
				id, len(un[id]), un[id][0], un[id][len(un[id])-1], drainBound))
		}
		return strings.Join(h, "\n")
	})
	// Every acknowledged call durable.
	var lost int64
	for id, acked := range r.obs.maxAcked() {
		last, err := r.st.session(ctx, id)
		if err != nil {
			r.inv.fail(InvConservation, "at the end: GET /state/session/%s: %v", id, err)
			continue
		}
		n := r.obs.lostAbove(id, last)
		lost += n
		r.inv.check(InvConservation, n == 0, func() string {
			return fmt.Sprintf("at the end session %s's durable watermark is %d, but calls up to %d were acknowledged: %d acknowledged calls lost", id, last, acked, n)
		})
	}
	// Every framework and agent announced (and not removed) known.
	fws, ags := r.obs.announced()
	dirF, dirA, err := r.st.directory(ctx)
	if err != nil {
		r.inv.fail(InvConservation, "at the end: GET /state: %v", err)
	} else {
		var missing []string
		for _, fw := range sortedKeys(fws) {
			if !slices.Contains(dirF, fw) {
				missing = append(missing, "framework "+fw+" (session "+fws[fw]+")")
			}
		}
		for _, a := range sortedKeys(ags) {
			if !slices.Contains(dirA, a) {
				missing = append(missing, "agent "+a+" (session "+ags[a]+")")
			}
		}
		if lost == 0 {
			lost += int64(len(missing))
		}
		r.inv.check(InvConservation, len(missing) == 0, func() string {
			return fmt.Sprintf("at %.3fs, announced by the module side and acknowledged, but not in GET /state:\n%s", at, lines(missing, 10))
		})
	}
	r.mu.Lock()
	r.lost = lost
	r.sent, r.acked, r.rejected = calls.sent, calls.acked, calls.rejected
	r.mu.Unlock()

	// Offers.
	r.log.Info("offers checked", zap.Int("offers", r.ledger.Offers()), zap.Stringer("role_peak", r.ledger.Peak(frameworkRole)))
	fails := r.ledger.Failures()
	r.inv.checkMany(InvOffers, r.ledger.Offers(), len(fails) == 0 && r.ledger.Offers() > 0, func() string {
		if len(fails) == 0 {
			return "no offer reached the module side: nothing was checked"
		}
		return lines(fails, 10)
	})
	// Order, as the answers showed it.
	of := r.obs.orderFailures()
	r.inv.check(InvOrder, len(of) == 0, func() string { return lines(of, 10) })
	// Hooks.
	h := r.obs.hookStats()
	r.inv.checkMany(InvHooks, h.calls, h.late == 0 && h.calls > 0, func() string {
		if h.calls == 0 {
			return "no hook call was made: nothing was checked"
		}
		return h.firstLate + "\n" + h.String()
	})
	// The tree and the directory once more.
	_, ok, shape := r.waitRestored(ctx, recoveryBound)
	r.inv.check(InvChildSet, ok, func() string { return fmt.Sprintf("at the end (%.3fs) the tree was not its spec:\n%s", at, shape) })
	r.checkOrphans(ctx, "at the end")
	// The escalation invariant needs the timeline, and an escalate fault.
	r.mu.Lock()
	tl := r.timelineOK
	r.mu.Unlock()
	if !tl {
		r.inv.fail(InvEscalation, "%v: restarts, escalations and dead letters could not be read", errTimeline)
	}
}
