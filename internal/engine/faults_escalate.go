package engine

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/mactor/mactor/supervisor"
)

// Bounds of an escalation: how many crashes it may take, and how long to
// wait for each restart and for the parent's restart of the supervisor.
const (
	maxEscalationCrashes = 10000
	escalationStepWait   = 10 * time.Second
)

// escalate crashes one running child of the supervisor t, one crash after
// the other's restart, until the supervisor exceeds its restart intensity
// and gives up; it returns once t's parent has restarted t (one level up).
// Every crash goes through the child's own crash message, so each is a
// real crash and restart, counted against the supervisor's intensity.
func (f *faultInjector) escalate(ctx context.Context, req FaultRequest, t faultTarget) (string, error) {
	e := f.e
	group := t.path
	children := e.running(group, supervisor.Worker, "")
	if len(children) == 0 {
		return "", fmt.Errorf("%w: %s has no running child to crash", ErrNoFaultTarget, group)
	}
	victim := children[seeded(req.Seed, 1).IntN(len(children))]
	sup, parent := t.pid, t.sup.PID()

	restarted := make(chan struct{}, 1)
	exceeded := make(chan struct{}, 1)
	parentRestarted := make(chan struct{}, 1)
	signal := func(ch chan struct{}) {
		select {
		case ch <- struct{}{}:
		default:
		}
	}
	sub := e.system.EventStream.Subscribe(func(ev any) {
		switch m := ev.(type) {
		case *supervisor.ChildRestarted:
			switch {
			case m.Supervisor.Equal(sup) && m.ID == victim.id:
				signal(restarted)
			case m.Supervisor.Equal(parent) && m.ID == t.id:
				signal(parentRestarted)
			}
		case *supervisor.IntensityExceeded:
			if m.Supervisor.Equal(sup) {
				signal(exceeded)
			}
		}
	})
	defer e.system.EventStream.Unsubscribe(sub)

	wait := func(what string, chs ...chan struct{}) (int, error) {
		timer := time.NewTimer(escalationStepWait)
		defer timer.Stop()
		select {
		case <-chs[0]:
			return 0, nil
		case <-pick(chs, 1):
			return 1, nil
		case <-ctx.Done():
			return -1, fmt.Errorf("waiting for %s: %w", what, ctx.Err())
		case <-timer.C:
			return -1, fmt.Errorf("waiting for %s: nothing within %s", what, escalationStepWait)
		}
	}
	crashes := 0
	for {
		if crashes == maxEscalationCrashes {
			return "", fmt.Errorf("%s did not exceed its restart intensity after %d crashes of %s", group, crashes, victim.id)
		}
		e.system.Root.Send(victim.pid, crashMessage(group, victim.id, fmt.Sprintf("fault injected: escalate (crash %d)", crashes+1)))
		crashes++
		i, err := wait("the restart of "+victim.path, exceeded, restarted)
		if err != nil {
			return "", err
		}
		if i == 0 {
			break
		}
	}
	if _, err := wait("the restart of "+group+" by its parent", parentRestarted); err != nil {
		return "", err
	}
	parentPath := strings.TrimSuffix(group, "/"+t.id)
	return fmt.Sprintf("%d crashes of %s: %s exceeded its restart intensity and %s restarted it", crashes, victim.path, group, parentPath), nil
}

// pick returns chs[i], or nil (a channel that never fires) if there is
// none.
func pick(chs []chan struct{}, i int) chan struct{} {
	if i < len(chs) {
		return chs[i]
	}
	return nil
}
