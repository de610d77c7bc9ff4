package module

import (
	"context"

	"go.uber.org/zap"
	"google.golang.org/protobuf/proto"

	"github.com/mactor/mactor/bridge/client"
	bridgev1 "github.com/mactor/mactor/messages/bridge/v1"
	mesosv1 "github.com/mactor/mactor/messages/mesos/v1"
	"github.com/mactor/mactor/sim/master"
)

// OfferSink receives the allocator's decisions: the simulated master.
type OfferSink interface {
	Offer(fw string, alloc master.Allocation) error
}

// Offers keeps the session's SUBSCRIBE stream open until ctx ends and hands
// every OFFERS event to sink, as Mesos's offerCallback: this is the only
// way offers reach the simulated frameworks.
func (b *Bridge) Offers(ctx context.Context, masterID string, sink OfferSink) error {
	return b.c.Subscribe(ctx, client.SubscribeOptions{MasterID: masterID, Module: "mactor-sim"}, func(ev *bridgev1.Event) {
		if ev.GetType() != bridgev1.Event_OFFERS {
			return
		}
		o := ev.GetOffers()
		alloc, err := Allocation(o)
		if err != nil {
			b.log.Warn("OFFERS event", zap.Error(err))
			return
		}
		if err := sink.Offer(o.GetFrameworkId().GetValue(), alloc); err != nil {
			b.log.Info("offers not delivered", zap.String("framework", o.GetFrameworkId().GetValue()), zap.Error(err))
		}
	})
}

// Allocation converts an OFFERS event to the master's role → agent →
// resources form.
func Allocation(o *bridgev1.Event_Offers) (master.Allocation, error) {
	alloc := master.Allocation{}
	for _, rr := range o.GetRoles() {
		agents := alloc[rr.GetRole()]
		if agents == nil {
			agents = map[string][]*mesosv1.Resource{}
			alloc[rr.GetRole()] = agents
		}
		for _, sr := range rr.GetSlaves() {
			rs, err := convertAll(sr.GetResources(), func() *mesosv1.Resource { return &mesosv1.Resource{} })
			if err != nil {
				return nil, err
			}
			id := sr.GetSlaveId().GetValue()
			agents[id] = append(agents[id], rs...)
		}
	}
	return alloc, nil
}

func cloneStatus(st *mesosv1.TaskStatus) *mesosv1.TaskStatus {
	return proto.Clone(st).(*mesosv1.TaskStatus)
}
