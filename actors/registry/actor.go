package registry

import (
	"slices"

	"github.com/asynkron/protoactor-go/actor"

	"github.com/mactor/mactor/bridge/owner"
	bridgev1 "github.com/mactor/mactor/messages/bridge/v1"
	"github.com/mactor/mactor/supervisor"
)

// Actor is the registry actor.
type Actor struct {
	core  *owner.Core[*bridgev1.ClusterRecord]
	known map[owner.Key]bool
	// pending holds keys whose registration is being written, so that a
	// second Register of the same key waits for the same write.
	pending map[owner.Key][]func(error)
}

// New returns a registry actor.
func New(cfg owner.Config) *Actor {
	return &Actor{core: owner.NewCore(owner.ClusterKey, Rules(), cfg)}
}

// Producer returns a supervisor producer of registry actors.
func Producer(cfg owner.Config) supervisor.Producer {
	return func(string) actor.Actor { return New(cfg) }
}

// Receive implements actor.Actor.
func (a *Actor) Receive(ctx actor.Context) {
	if a.core.Receive(ctx) {
		if _, ok := ctx.Message().(*actor.Started); ok {
			a.index()
		}
		return
	}
	switch m := ctx.Message().(type) {
	case *Register:
		a.register(ctx, m)
	case *Directory:
		r := a.core.Record()
		m.Reply(slices.Clone(r.GetFrameworks()), slices.Clone(r.GetAgents()))
	}
}

func (a *Actor) index() {
	r := a.core.Record()
	a.known = make(map[owner.Key]bool, len(r.GetFrameworks())+len(r.GetAgents()))
	a.pending = map[owner.Key][]func(error){}
	for _, id := range r.GetFrameworks() {
		a.known[owner.Key{Kind: owner.Framework, ID: id}] = true
	}
	for _, id := range r.GetAgents() {
		a.known[owner.Key{Kind: owner.Agent, ID: id}] = true
	}
}

func (a *Actor) register(ctx actor.Context, m *Register) {
	ev := &bridgev1.OwnerEvent{}
	var fresh, waitFor []owner.Key
	for _, k := range m.Keys {
		switch {
		case a.known[k] || k.Kind == owner.Cluster:
		case a.pending[k] != nil:
			waitFor = append(waitFor, k)
		default:
			a.pending[k] = []func(error){}
			fresh = append(fresh, k)
			if k.Kind == owner.Framework {
				ev.AddFrameworks = append(ev.AddFrameworks, k.ID)
			} else {
				ev.AddAgents = append(ev.AddAgents, k.ID)
			}
		}
	}
	left := len(waitFor)
	if len(fresh) > 0 {
		left++
	}
	if left == 0 {
		m.Reply(nil)
		return
	}
	var failed error
	done := func(err error) {
		if err != nil && failed == nil {
			failed = err
		}
		if left--; left == 0 {
			m.Reply(failed)
		}
	}
	for _, k := range waitFor {
		a.pending[k] = append(a.pending[k], done)
	}
	if len(fresh) == 0 {
		return
	}
	a.core.Handle(ctx, &owner.Internal{Event: ev, Reply: func(err error) {
		for _, k := range fresh {
			if err == nil {
				a.known[k] = true
			}
			for _, w := range a.pending[k] {
				w(err)
			}
			delete(a.pending, k)
		}
		done(err)
	}})
}
