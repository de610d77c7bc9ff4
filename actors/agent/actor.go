package agent

import (
	"github.com/asynkron/protoactor-go/actor"

	"github.com/mactor/mactor/bridge/owner"
	bridgev1 "github.com/mactor/mactor/messages/bridge/v1"
	"github.com/mactor/mactor/supervisor"
)

// Producer returns the supervisor producer of agent actors: the child id
// is the SlaveID (escaped with owner.ChildName when needed).
func Producer(cfg owner.Config) supervisor.Producer {
	return func(id string) actor.Actor {
		return owner.NewActor[*bridgev1.AgentRecord](owner.Key{Kind: owner.Agent, ID: owner.UnescapeChildName(id)}, Rules(), cfg)
	}
}

// Spec is the `agents` simple_one_for_one supervisor.
func Spec(cfg owner.Config, opts ...supervisor.Option) supervisor.Spec {
	return supervisor.Spec{
		Strategy: supervisor.SimpleOneForOne,
		Children: []supervisor.ChildSpec{{ID: "agent", Restart: supervisor.Transient, Start: Producer(cfg)}},
		Options:  opts,
	}
}
