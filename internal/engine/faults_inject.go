package engine

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"path"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/asynkron/protoactor-go/actor"

	"github.com/mactor/mactor/actors/allocator"
	"github.com/mactor/mactor/bridge"
	"github.com/mactor/mactor/bridge/owner"
	"github.com/mactor/mactor/supervisor"
)

// Supervisors and workers of the tree that faults hit, by actor path.
const (
	pathFrameworks = "root/allocation/frameworks"
	pathAgents     = "root/allocation/agents"
	pathHooks      = "root/hooks"
	pathSessions   = "root/bridge/sessions"
	pathAllocation = "root/allocation"
	pathRoot       = "root"
	pathBridge     = "root/bridge"
)

// faultTarget is one actor a fault can hit.
type faultTarget struct {
	path  string             // actor path (its PID's id), as the API names it
	pid   *actor.PID         //
	group string             // the supervisor's path (escalate: the supervisor itself)
	id    string             // child id under its supervisor
	sup   *supervisor.Handle // its supervisor
}

// handle returns a Handle for the supervisor at p.
func (e *Engine) handle(p string) *supervisor.Handle {
	return supervisor.HandleFor(e.system, actor.NewPID(e.system.Address(), p)).WithTimeout(5 * time.Second)
}

// running lists the running children of the supervisor at p (workers
// only, or supervisors only), or only child id if id is not empty.
func (e *Engine) running(p string, kind supervisor.ChildType, id string) []faultTarget {
	sup := e.handle(p)
	cs, err := sup.WhichChildren()
	if err != nil {
		return nil
	}
	var out []faultTarget
	for _, c := range cs {
		if c.Status != supervisor.Running || c.PID == nil || c.Type != kind || (id != "" && c.ID != id) {
			continue
		}
		out = append(out, faultTarget{path: c.PID.Id, pid: c.PID, group: p, id: c.ID, sup: sup})
	}
	return out
}

// faultTargets lists the current targets of kind, sorted by path.
//
// brutal-kill spares the bridge's sessions (nothing would answer the calls
// a killed session holds until the bridge's request timeout), the registry
// (a rest_for_one restart of every owner; panic-framework and escalate
// cover owners) and the listener (its server would outlive it;
// drop-connections covers connections). escalate escalates only from the
// dynamic supervisors, whose parents (allocation, bridge) absorb it: one
// level, never up to the root.
func (e *Engine) faultTargets(_ context.Context, kind string) ([]faultTarget, error) {
	var ts []faultTarget
	workers := func(ps ...string) {
		for _, p := range ps {
			ts = append(ts, e.running(p, supervisor.Worker, "")...)
		}
	}
	switch kind {
	case FaultPanicFramework:
		workers(pathFrameworks)
	case FaultPanicAgent:
		workers(pathAgents)
	case FaultPanicHook:
		workers(pathHooks)
	case FaultPanicAllocator:
		ts = e.running(pathAllocation, supervisor.Worker, allocatorChild)
	case FaultPanicSession:
		workers(pathSessions)
	case FaultBrutalKill:
		workers(pathFrameworks, pathAgents, pathHooks)
		ts = append(ts, e.running(pathAllocation, supervisor.Worker, allocatorChild)...)
		ts = append(ts, e.running(pathRoot, supervisor.Worker, "store")...)
	case FaultSlowHandler:
		workers(pathFrameworks, pathAgents, pathHooks, pathSessions)
		ts = append(ts, e.running(pathAllocation, supervisor.Worker, allocatorChild)...)
		ts = append(ts, e.running(pathRoot, supervisor.Worker, "store")...)
	case FaultDropConns:
		ts = e.running(pathBridge, supervisor.Worker, "listener")
	case FaultEscalate:
		for _, p := range []string{pathFrameworks, pathAgents, pathSessions} {
			if len(e.running(p, supervisor.Worker, "")) == 0 {
				continue // nothing to crash
			}
			parent, id := path.Split(p)
			ts = append(ts, e.running(strings.TrimSuffix(parent, "/"), supervisor.Supervisor, id)...)
		}
	default:
		return nil, fmt.Errorf("%w: unknown kind %q", ErrFaultRequest, kind)
	}
	slices.SortFunc(ts, func(a, b faultTarget) int { return strings.Compare(a.path, b.path) })
	return ts, nil
}

// pickFaultTarget finds req.Target among the kind's targets, or picks one
// with req.Seed.
func (e *Engine) pickFaultTarget(ctx context.Context, req FaultRequest) (faultTarget, error) {
	ts, err := e.faultTargets(ctx, req.Kind)
	if err != nil {
		return faultTarget{}, err
	}
	if len(ts) == 0 {
		return faultTarget{}, fmt.Errorf("%w: no actor of kind %s is running", ErrNoFaultTarget, req.Kind)
	}
	if req.Target == "" {
		return ts[seeded(req.Seed, 0).IntN(len(ts))], nil
	}
	for _, t := range ts {
		if t.path == req.Target {
			return t, nil
		}
	}
	return faultTarget{}, fmt.Errorf("%w: %q is not a running target of %s (GET /debug/faults lists them)", ErrNoFaultTarget, req.Target, req.Kind)
}

// seeded is the random source of a fault request; stream tells apart the
// choices made with one seed.
func seeded(seed int64, stream uint64) *rand.Rand {
	return rand.New(rand.NewPCG(uint64(seed), 0x6d6163746f72+stream))
}

// crashMessage is the message that makes the child of the supervisor at
// group panic inside its own Receive, with the actor's own crash handling
// (owners move the epoch on and fail their calls in flight; sessions fail
// the calls they hold).
func crashMessage(group, id, reason string) any {
	switch {
	case group == pathFrameworks || group == pathAgents:
		return &owner.Crash{Reason: reason}
	case group == pathSessions:
		return &bridge.CrashSession{Reason: reason}
	case group == pathAllocation && id == allocatorChild:
		return &allocator.Crash{Reason: reason}
	}
	return &supervisor.InjectPanic{Reason: reason}
}

// inject triggers the fault on t and says what it did.
func (f *faultInjector) inject(ctx context.Context, req FaultRequest, t faultTarget, delay time.Duration) (string, error) {
	e := f.e
	reason := "fault injected: " + req.Kind
	switch req.Kind {
	case FaultPanicFramework, FaultPanicAgent, FaultPanicHook, FaultPanicAllocator, FaultPanicSession:
		msg := crashMessage(t.group, t.id, reason)
		e.system.Root.Send(t.pid, msg)
		return fmt.Sprintf("sent %T", msg), nil
	case FaultSlowHandler:
		e.system.Root.Send(t.pid, &supervisor.InjectDelay{Duration: delay})
		return fmt.Sprintf("blocks for %s in its Receive", delay), nil
	case FaultBrutalKill:
		return f.kill(t)
	case FaultDropConns:
		conns, streams := e.bridge.DropConnections()
		return fmt.Sprintf("closed %d connections, ended %d SUBSCRIBE streams", conns, streams), nil
	case FaultEscalate:
		return f.escalate(ctx, req, t)
	}
	return "", fmt.Errorf("%w: unknown kind %q", ErrFaultRequest, req.Kind)
}

// kill brutally kills t through its supervisor. An owner's mailbox may
// hold calls that are lost with it while later calls reach its new
// process; so that none of those is applied out of order, the epoch moves
// on when the supervisor reports the kill, before it starts the new
// process (killWatch), as it does when an owner crashes.
func (f *faultInjector) kill(t faultTarget) (string, error) {
	owners := t.group == pathFrameworks || t.group == pathAgents
	if owners {
		f.killing.expect(t.path)
	}
	if err := t.sup.KillChild(t.id); err != nil {
		f.killing.forget(t.path)
		if errors.Is(err, supervisor.ErrNotFound) || errors.Is(err, supervisor.ErrRestarting) {
			return "", fmt.Errorf("%w: %w", ErrNoFaultTarget, err) // gone or restarting since it was listed
		}
		return "", err
	}
	if owners {
		return "killed by its supervisor; the epoch moved on", nil
	}
	return "killed by its supervisor", nil
}

// killWatch moves the epoch on when an owner that the injector killed is
// reported terminated (synchronously, from its supervisor, before the
// restart).
type killWatch struct {
	mu      sync.Mutex
	pending map[string]bool
}

func (k *killWatch) watch(e *Engine) {
	e.system.EventStream.Subscribe(func(ev any) {
		t, ok := ev.(*supervisor.ChildTerminated)
		if !ok || t.PID == nil || !errors.Is(t.Reason, supervisor.Killed) {
			return
		}
		k.mu.Lock()
		hit := k.pending[t.PID.Id]
		delete(k.pending, t.PID.Id)
		k.mu.Unlock()
		if hit {
			e.epoch.Bump()
		}
	})
}

func (k *killWatch) expect(p string) {
	k.mu.Lock()
	defer k.mu.Unlock()
	if k.pending == nil {
		k.pending = map[string]bool{}
	}
	k.pending[p] = true
}

func (k *killWatch) forget(p string) {
	k.mu.Lock()
	defer k.mu.Unlock()
	delete(k.pending, p)
}
