package bridge

import (
	"context"
	"errors"
	"fmt"
	"sync"

	"github.com/asynkron/protoactor-go/actor"
	"github.com/asynkron/protoactor-go/eventstream"
	"go.uber.org/zap"

	"github.com/mactor/mactor/actors/registry"
	"github.com/mactor/mactor/bridge/owner"
	"github.com/mactor/mactor/supervisor"
)

// Router finds the actor that owns a call. The first call for a new
// framework or agent enters it in the registry's directory (durably) and
// starts its actor under the `frameworks` or `agents` supervisor; later
// calls find the PID in a cache. When one of those supervisors restarts
// (its children are then gone), the cache of its kind is dropped and every
// owner in the directory is started again, so that their records are
// announced to the allocator again.
type Router struct {
	system   *actor.ActorSystem
	log      *zap.Logger
	registry *actor.PID
	alloc    *actor.PID
	sups     map[owner.Kind]*supervisor.Handle

	mu   sync.RWMutex
	pids map[owner.Key]*actor.PID
	sub  *eventstream.Subscription
	// life ends at Close: restarts of owners still running give up.
	life context.Context
	end  context.CancelFunc
}

// NewRouter returns a router over the running `allocation` supervisor,
// whose children are the registry ("allocator"), "frameworks" and
// "agents".
func NewRouter(system *actor.ActorSystem, allocation *supervisor.Handle, log *zap.Logger) (*Router, error) {
	if log == nil {
		log = zap.NewNop()
	}
	children, err := allocation.WhichChildren()
	if err != nil {
		return nil, fmt.Errorf("%w: allocation: %w", ErrUnavailable, err)
	}
	r := &Router{system: system, log: log, alloc: allocation.PID(), sups: map[owner.Kind]*supervisor.Handle{}, pids: map[owner.Key]*actor.PID{}}
	for _, c := range children {
		switch c.ID {
		case "allocator":
			r.registry = c.PID
		case "frameworks":
			r.sups[owner.Framework] = supervisor.HandleFor(system, c.PID)
		case "agents":
			r.sups[owner.Agent] = supervisor.HandleFor(system, c.PID)
		}
	}
	if r.registry == nil || r.sups[owner.Framework] == nil || r.sups[owner.Agent] == nil {
		return nil, fmt.Errorf("%w: allocation lacks allocator, frameworks or agents", ErrUnavailable)
	}
	r.life, r.end = context.WithCancel(context.Background())
	r.sub = system.EventStream.Subscribe(r.onEvent)
	return r, nil
}

// Close stops watching the supervisors, and restarting owners.
func (r *Router) Close() {
	if r.sub != nil {
		r.system.EventStream.Unsubscribe(r.sub)
	}
	r.end()
}

// Registry returns the registry's PID.
func (r *Router) Registry() *actor.PID { return r.registry }

// Resolve returns the PID of every key's owner, registering and starting
// the owners it has not seen yet.
func (r *Router) Resolve(ctx context.Context, keys []owner.Key) (map[owner.Key]*actor.PID, error) {
	out := make(map[owner.Key]*actor.PID, len(keys))
	var missing []owner.Key
	r.mu.RLock()
	for _, k := range keys {
		if k.Kind == owner.Cluster {
			out[k] = r.registry
		} else if pid := r.pids[k]; pid != nil {
			out[k] = pid
		} else if _, dup := out[k]; !dup {
			out[k] = nil
			missing = append(missing, k)
		}
	}
	r.mu.RUnlock()
	if len(missing) == 0 {
		return out, nil
	}
	if err := r.register(ctx, missing); err != nil {
		return nil, err
	}
	for _, k := range missing {
		pid, err := r.start(k)
		if err != nil {
			return nil, err
		}
		out[k] = pid
	}
	return out, nil
}

// register enters keys in the directory and waits until that is durable.
func (r *Router) register(ctx context.Context, keys []owner.Key) error {
	done := make(chan error, 1)
	r.system.Root.Send(r.registry, &registry.Register{Keys: keys, Reply: func(err error) { done <- err }})
	select {
	case err := <-done:
		if err != nil {
			return fmt.Errorf("%w: registry: %w", ErrUnavailable, err)
		}
		return nil
	case <-ctx.Done():
		return fmt.Errorf("%w: registry: %w", ErrTimeout, ctx.Err())
	}
}

func (r *Router) start(k owner.Key) (*actor.PID, error) {
	pid, err := r.sups[k.Kind].StartChild(owner.ChildName(k.ID))
	if err != nil && !errors.Is(err, supervisor.ErrAlreadyStarted) {
		return nil, fmt.Errorf("%w: start %s: %w", ErrUnavailable, k, err)
	}
	r.mu.Lock()
	r.pids[k] = pid
	r.mu.Unlock()
	return pid, nil
}

// Directory returns the ids of every framework and agent with a record.
func (r *Router) Directory(ctx context.Context) (frameworks, agents []string, err error) {
	type dir struct{ f, a []string }
	done := make(chan dir, 1)
	r.system.Root.Send(r.registry, &registry.Directory{Reply: func(f, a []string) { done <- dir{f, a} }})
	select {
	case d := <-done:
		return d.f, d.a, nil
	case <-ctx.Done():
		return nil, nil, fmt.Errorf("%w: registry: %w", ErrTimeout, ctx.Err())
	}
}

// StartAll starts the actor of every owner in the directory (of the given
// kinds; all when none are given), as the engine does at boot.
func (r *Router) StartAll(ctx context.Context, kinds ...owner.Kind) error {
	fws, ags, err := r.Directory(ctx)
	if err != nil {
		return err
	}
	want := func(k owner.Kind) bool {
		if len(kinds) == 0 {
			return true
		}
		for _, x := range kinds {
			if x == k {
				return true
			}
		}
		return false
	}
	var keys []owner.Key
	if want(owner.Framework) {
		for _, id := range fws {
			keys = append(keys, owner.Key{Kind: owner.Framework, ID: id})
		}
	}
	if want(owner.Agent) {
		for _, id := range ags {
			keys = append(keys, owner.Key{Kind: owner.Agent, ID: id})
		}
	}
	for _, k := range keys {
		if err := ctx.Err(); err != nil {
			return err
		}
		if _, err := r.start(k); err != nil {
			return err
		}
	}
	return nil
}

// Known returns the cached PID of an owner (nil if not started).
func (r *Router) Known(k owner.Key) *actor.PID {
	if k.Kind == owner.Cluster {
		return r.registry
	}
	r.mu.RLock()
	defer r.mu.RUnlock()
	return r.pids[k]
}

func (r *Router) onEvent(e any) {
	switch ev := e.(type) {
	case *supervisor.ChildStarted:
		r.ownersStarted(ev.Supervisor, ev.ID)
	case *supervisor.ChildRestarted:
		// An automatic restart (rest_for_one, or an escalation) spawns the
		// supervisor anew, without children, just as a start does.
		r.ownersStarted(ev.Supervisor, ev.ID)
	case *supervisor.ChildTerminated:
		for kind, h := range r.sups {
			if ev.Supervisor.Equal(h.PID()) {
				r.mu.Lock()
				delete(r.pids, owner.Key{Kind: kind, ID: owner.UnescapeChildName(ev.ID)})
				r.mu.Unlock()
			}
		}
	}
}

// ownersStarted restarts every owner of a kind once its supervisor
// (child id of sup) has been (re)started empty.
func (r *Router) ownersStarted(sup *actor.PID, id string) {
	if !sup.Equal(r.alloc) {
		return
	}
	kind := map[string]owner.Kind{"frameworks": owner.Framework, "agents": owner.Agent}[id]
	if kind == 0 {
		return
	}
	r.forget(kind)
	go func() {
		ctx, cancel := context.WithTimeout(r.life, DefaultOwnerTimeout)
		defer cancel()
		if err := r.StartAll(ctx, kind); err != nil && r.life.Err() == nil {
			r.log.Warn("restarting owners after their supervisor restarted", zap.Stringer("kind", kind), zap.Error(err))
		}
	}()
}

func (r *Router) forget(kind owner.Kind) {
	r.mu.Lock()
	defer r.mu.Unlock()
	for k := range r.pids {
		if k.Kind == kind {
			delete(r.pids, k)
		}
	}
}
