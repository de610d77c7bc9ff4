package framework

import (
	"github.com/asynkron/protoactor-go/actor"

	"github.com/mactor/mactor/bridge/owner"
	bridgev1 "github.com/mactor/mactor/messages/bridge/v1"
	"github.com/mactor/mactor/supervisor"
)

// Producer returns the supervisor producer of framework actors: the child
// id is the FrameworkID (escaped with owner.ChildName when needed; the
// producer unescapes it).
func Producer(cfg owner.Config) supervisor.Producer {
	return func(id string) actor.Actor {
		return owner.NewActor[*bridgev1.FrameworkRecord](owner.Key{Kind: owner.Framework, ID: owner.UnescapeChildName(id)}, Rules(), cfg)
	}
}

// Spec is the `frameworks` simple_one_for_one supervisor.
func Spec(cfg owner.Config, opts ...supervisor.Option) supervisor.Spec {
	return supervisor.Spec{
		Strategy: supervisor.SimpleOneForOne,
		Children: []supervisor.ChildSpec{{ID: "framework", Restart: supervisor.Transient, Start: Producer(cfg)}},
		Options:  opts,
	}
}

// RecordOffers returns the Internal message that makes a framework actor
// journal offers (per agent; each resource's role in its allocation_info)
// as outstanding; reply gets nil once they are durable.
func RecordOffers(offers []*bridgev1.AgentOffer, reply func(error)) *owner.Internal {
	return &owner.Internal{Event: &bridgev1.OwnerEvent{Offers: offers}, Reply: reply}
}
