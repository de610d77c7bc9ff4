package chaos

import (
	"context"
	"fmt"
	"math/rand/v2"
	"time"

	"go.uber.org/zap"
	"google.golang.org/protobuf/proto"

	"github.com/mactor/mactor/bridge/client"
	bridgev1 "github.com/mactor/mactor/messages/bridge/v1"
	"github.com/mactor/mactor/messages/mesos"
)

// loadFramework is the framework the load session's calls name: it is
// added inactive, so it is never offered anything.
const loadFramework = "chaos-load"

// loadLoop sends LoadRate sequenced calls per second on the load session
// (deactivateFramework of the inactive load framework: each one is
// journaled by its owner and changes nothing else), without waiting for
// their acknowledgements: the client queues and resends them, and the
// observer keeps their history.
func (r *run) loadLoop(ctx context.Context) {
	id := &mesos.FrameworkID{Value: proto.String(loadFramework)}
	add := client.AddFrameworkCall(&bridgev1.Call_AddFramework{FrameworkId: id, Active: false,
		FrameworkInfo: &mesos.FrameworkInfo{User: proto.String("chaos"), Name: proto.String(loadFramework), Id: id, Roles: []string{"chaos-load"}}})
	if _, err := r.load.Go(ctx, add); err != nil {
		return
	}
	const tick = 20 * time.Millisecond
	per := float64(r.cfg.LoadRate) * tick.Seconds()
	t := time.NewTicker(tick)
	defer t.Stop()
	owed := 0.0
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		owed += per
		for ; owed >= 1; owed-- {
			if _, err := r.load.Go(ctx, client.DeactivateFrameworkCall(&bridgev1.FrameworkTarget{FrameworkId: id})); err != nil {
				return
			}
		}
	}
}

// churn makes agents join and leave: every few seconds (seeded), one joins
// or, when there are more than the configured number, one leaves.
func (r *run) churn(ctx context.Context, rng *rand.Rand) {
	for {
		sleep(ctx, time.Duration(3000+rng.IntN(3000))*time.Millisecond)
		if ctx.Err() != nil {
			return
		}
		ids := r.sim.AgentIDs()
		if len(ids) > r.cfg.Agents || (len(ids) > 1 && rng.IntN(3) == 0) {
			id := ids[rng.IntN(len(ids))]
			if err := r.sim.RemoveAgent(ctx, id); err != nil {
				r.log.Warn("agent did not leave", zap.String("agent", id), zap.Error(err))
			}
			continue
		}
		if _, err := r.sim.AddAgent(ctx); err != nil {
			r.log.Warn("agent did not join", zap.Error(err))
		}
	}
}

// poller keeps reading the timeline and the sessions' durable watermarks
// (checking that none goes back or beyond what was sent).
func (r *run) poller(ctx context.Context) {
	t := time.NewTicker(250 * time.Millisecond)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		if r.eng.exited() {
			continue
		}
		_ = r.pollTimeline(ctx)
		r.pollWatermarks(ctx)
	}
}

// pollWatermarks reads each session's durable watermark once.
func (r *run) pollWatermarks(ctx context.Context) {
	for id := range r.obs.maxSent() {
		last, err := r.st.session(ctx, id)
		if err != nil {
			continue // the engine is restarting
		}
		// Read after the watermark: the client may have sent more meanwhile.
		sent := r.obs.maxSent()[id]
		r.mu.Lock()
		prev := r.watermarks[id]
		if last > r.watermarks[id] {
			r.watermarks[id] = last
		}
		r.mu.Unlock()
		at := r.elapsed().Seconds()
		r.inv.check(InvOrder, last >= prev && last <= sent, func() string {
			if last < prev {
				return fmt.Sprintf("at %.3fs session %s's durable watermark went back from %d to %d", at, id, prev, last)
			}
			return fmt.Sprintf("at %.3fs session %s's durable watermark is %d, beyond the last sequence sent (%d)", at, id, last, sent)
		})
	}
}
