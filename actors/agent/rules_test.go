package agent_test

import (
	"testing"
	"time"

	"github.com/mactor/mactor/actors/agent"
	"github.com/mactor/mactor/bridge/bridgetest"
	"github.com/mactor/mactor/bridge/owner"
	bridgev1 "github.com/mactor/mactor/messages/bridge/v1"
	mesos "github.com/mactor/mactor/messages/mesos"
)

var at = time.Unix(1000, 0)

func sample(t bridgev1.Call_Type) *bridgev1.Call { return bridgetest.Sample(t, 1) }

func fold(calls ...*bridgev1.Call) (*bridgev1.AgentRecord, *bridgev1.Response) {
	r := agent.Rules()
	rec := r.New(owner.Key{Kind: owner.Agent, ID: "agent-1"})
	var last *bridgev1.Response
	for _, c := range calls {
		last = r.Apply(rec, c, at)
	}
	return rec, last
}

func scalar(r []*mesos.Resource, name string) float64 {
	var sum float64
	for _, x := range r {
		if x.GetName() == name {
			sum += x.GetScalar().GetValue()
		}
	}
	return sum
}

func reserve(cpu float64) *bridgev1.Call {
	c := sample(bridgev1.Call_UPDATE_AVAILABLE)
	res := bridgetest.Scalar("cpus", cpu)
	res.Reservations = []*mesos.Resource_ReservationInfo{{Type: mesos.Resource_ReservationInfo_DYNAMIC.Enum(), Role: ptr("analytics"), Principal: ptr("p")}}
	c.GetUpdateAvailable().Operations = []*mesos.Offer_Operation{{Type: mesos.Offer_Operation_RESERVE.Enum(), Reserve: &mesos.Offer_Operation_Reserve{Resources: []*mesos.Resource{res}}}}
	return c
}

func TestAgentRules(t *testing.T) {
	revocable := bridgetest.Scalar("cpus", 2)
	revocable.Revocable = &mesos.Resource_RevocableInfo{}
	oversub := sample(bridgev1.Call_UPDATE_SLAVE)
	oversub.GetUpdateSlave().Total, oversub.GetUpdateSlave().SlaveInfo = nil, nil
	oversub.GetUpdateSlave().Oversubscribed = &bridgev1.ResourceList{Resources: []*mesos.Resource{revocable}}
	clear := sample(bridgev1.Call_UPDATE_UNAVAILABILITY)
	clear.GetUpdateUnavailability().Unavailability = nil
	cases := []struct {
		name  string
		calls []*bridgev1.Call
		check func(*bridgev1.AgentRecord, *bridgev1.Response) bool
	}{
		{"add", []*bridgev1.Call{sample(bridgev1.Call_ADD_SLAVE)}, func(r *bridgev1.AgentRecord, _ *bridgev1.Response) bool {
			return r.GetAdded() && r.GetActive() && scalar(r.GetTotal(), "cpus") == 4 && len(r.GetUsed()) == 1
		}},
		{"remove", []*bridgev1.Call{sample(bridgev1.Call_ADD_SLAVE), sample(bridgev1.Call_REMOVE_SLAVE)}, func(r *bridgev1.AgentRecord, _ *bridgev1.Response) bool {
			return r.GetRemoved() && !r.GetActive() && len(r.GetUsed()) == 0
		}},
		{"update total", []*bridgev1.Call{sample(bridgev1.Call_ADD_SLAVE), sample(bridgev1.Call_UPDATE_SLAVE)}, func(r *bridgev1.AgentRecord, _ *bridgev1.Response) bool {
			return scalar(r.GetTotal(), "cpus") == 8
		}},
		{"0.23 oversubscription", []*bridgev1.Call{sample(bridgev1.Call_ADD_SLAVE), oversub, oversub}, func(r *bridgev1.AgentRecord, _ *bridgev1.Response) bool {
			return scalar(r.GetTotal(), "cpus") == 6 && r.GetSlaveInfo() != nil
		}},
		{"resource provider", []*bridgev1.Call{sample(bridgev1.Call_ADD_SLAVE), sample(bridgev1.Call_ADD_RESOURCE_PROVIDER)}, func(r *bridgev1.AgentRecord, _ *bridgev1.Response) bool {
			return scalar(r.GetTotal(), "disk") == 100
		}},
		{"deactivate", []*bridgev1.Call{sample(bridgev1.Call_ADD_SLAVE), sample(bridgev1.Call_DEACTIVATE_SLAVE)}, func(r *bridgev1.AgentRecord, _ *bridgev1.Response) bool { return !r.GetActive() }},
		{"reserve what is available", []*bridgev1.Call{sample(bridgev1.Call_ADD_SLAVE), reserve(2)}, func(r *bridgev1.AgentRecord, res *bridgev1.Response) bool {
			return res.GetUpdateAvailable().GetError() == "" && len(r.GetTotal()) == 3
		}},
		{"reserve more than available", []*bridgev1.Call{sample(bridgev1.Call_ADD_SLAVE), reserve(3.5)}, func(r *bridgev1.AgentRecord, res *bridgev1.Response) bool {
			// 4 cpus, 1 in use by fw-1.
			return res.GetUpdateAvailable().GetError() != "" && len(r.GetTotal()) == 2
		}},
		{"inverse offer answer", []*bridgev1.Call{sample(bridgev1.Call_UPDATE_INVERSE_OFFER)}, func(r *bridgev1.AgentRecord, _ *bridgev1.Response) bool {
			return len(r.GetInverseOffers()) == 1 && r.GetInverseOffers()[0].GetStatus() != nil
		}},
		{"new schedule resets answers", []*bridgev1.Call{sample(bridgev1.Call_UPDATE_INVERSE_OFFER), sample(bridgev1.Call_UPDATE_UNAVAILABILITY)}, func(r *bridgev1.AgentRecord, _ *bridgev1.Response) bool {
			return len(r.GetInverseOffers()) == 0 && r.GetUnavailability() != nil
		}},
		{"schedule cleared", []*bridgev1.Call{sample(bridgev1.Call_UPDATE_UNAVAILABILITY), clear}, func(r *bridgev1.AgentRecord, _ *bridgev1.Response) bool {
			return r.GetUnavailability() == nil
		}},
		{"offered to allocated sums", []*bridgev1.Call{sample(bridgev1.Call_TRANSITION_OFFERED_TO_ALLOCATED), sample(bridgev1.Call_TRANSITION_OFFERED_TO_ALLOCATED)}, func(r *bridgev1.AgentRecord, _ *bridgev1.Response) bool {
			return scalar(r.GetOfferedToAllocated(), "cpus") == 2
		}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if r, res := fold(tc.calls...); !tc.check(r, res) {
				t.Fatalf("record %v, result %v", r, res)
			}
		})
	}
}

func ptr[T any](v T) *T { return &v }
