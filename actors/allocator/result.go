package allocator

import (
	"slices"
	"strings"

	"google.golang.org/protobuf/proto"

	"github.com/mactor/mactor/internal/resources"
	bridgev1 "github.com/mactor/mactor/messages/bridge/v1"
	"github.com/mactor/mactor/messages/mesos"
)

// Result is what one allocation cycle decided: the offers and inverse
// offers, one entry per framework, sorted by framework id. It has the
// shape of the bridge's OFFERS and INVERSE_OFFERS events (Mesos's
// offerCallback and inverseOfferCallback arguments).
type Result struct {
	Offers        []Offer
	InverseOffers []InverseOffer
}

// Empty reports whether the cycle offered nothing.
func (r Result) Empty() bool { return len(r.Offers) == 0 && len(r.InverseOffers) == 0 }

// Offer is one framework's offers of a cycle: role → agent → resources.
type Offer struct {
	FrameworkID string
	// Roles are sorted by role.
	Roles []RoleOffer
}

// RoleOffer is the part of an Offer in one role.
type RoleOffer struct {
	Role string
	// Agents are sorted by agent id.
	Agents []AgentResources
}

// AgentResources are resources on one agent; they carry the offer's
// allocation role.
type AgentResources struct {
	AgentID   string
	Resources resources.Resources
}

// InverseOffer is one framework's inverse offers of a cycle.
type InverseOffer struct {
	FrameworkID string
	Agents      []AgentUnavailability
}

// AgentUnavailability is one inverse offer: an agent going into
// maintenance.
type AgentUnavailability struct {
	AgentID     string
	Unavailable UnavailableResources
}

// Count returns the number of (framework, role, agent) offers.
func (r Result) Count() int {
	n := 0
	for _, o := range r.Offers {
		for _, ro := range o.Roles {
			n += len(ro.Agents)
		}
	}
	return n
}

// Event converts the offer to the bridge's OFFERS payload.
func (o *Offer) Event() *bridgev1.Event_Offers {
	ev := &bridgev1.Event_Offers{FrameworkId: &mesos.FrameworkID{Value: proto.String(o.FrameworkID)}}
	for _, ro := range o.Roles {
		rr := &bridgev1.RoleResources{Role: ro.Role}
		for _, ar := range ro.Agents {
			rr.Slaves = append(rr.Slaves, &bridgev1.SlaveResources{
				SlaveId:   &mesos.SlaveID{Value: proto.String(ar.AgentID)},
				Resources: ar.Resources.ToProto(),
			})
		}
		ev.Roles = append(ev.Roles, rr)
	}
	return ev
}

// Event converts the inverse offer to the bridge's INVERSE_OFFERS payload.
func (o *InverseOffer) Event() *bridgev1.Event_InverseOffers {
	ev := &bridgev1.Event_InverseOffers{FrameworkId: &mesos.FrameworkID{Value: proto.String(o.FrameworkID)}}
	for _, au := range o.Agents {
		ev.Slaves = append(ev.Slaves, &bridgev1.SlaveUnavailableResources{
			SlaveId: &mesos.SlaveID{Value: proto.String(au.AgentID)},
			UnavailableResources: &bridgev1.UnavailableResources{
				Resources:      au.Unavailable.Resources.ToProto(),
				Unavailability: au.Unavailable.Unavailability,
			},
		})
	}
	return ev
}

// offerBuilder accumulates one framework's offers during a cycle.
type offerBuilder struct {
	roles []RoleOffer
}

func (b *offerBuilder) add(role string, s *agent, res resources.Resources) {
	i := 0
	for i < len(b.roles) && b.roles[i].Role != role {
		i++
	}
	if i == len(b.roles) {
		b.roles = append(b.roles, RoleOffer{Role: role})
	}
	b.roles[i].Agents = append(b.roles[i].Agents, AgentResources{AgentID: s.id, Resources: res})
}

// buildOffers sorts the offers by framework, role and agent, merging what
// one framework got on one agent in one role in both stages.
func buildOffers(m map[*framework]*offerBuilder) []Offer {
	out := make([]Offer, 0, len(m))
	for f, b := range m {
		for i := range b.roles {
			ags := b.roles[i].Agents
			slices.SortStableFunc(ags, func(x, y AgentResources) int { return strings.Compare(x.AgentID, y.AgentID) })
			n := 0
			for _, ar := range ags {
				if n > 0 && ags[n-1].AgentID == ar.AgentID {
					ags[n-1].Resources = ags[n-1].Resources.Plus(ar.Resources)
					continue
				}
				ags[n] = ar
				n++
			}
			b.roles[i].Agents = ags[:n]
		}
		slices.SortFunc(b.roles, func(x, y RoleOffer) int { return strings.Compare(x.Role, y.Role) })
		out = append(out, Offer{FrameworkID: f.id, Roles: b.roles})
	}
	slices.SortFunc(out, func(x, y Offer) int { return strings.Compare(x.FrameworkID, y.FrameworkID) })
	return out
}

func sortInverseOffers(out []InverseOffer) {
	slices.SortFunc(out, func(x, y InverseOffer) int { return strings.Compare(x.FrameworkID, y.FrameworkID) })
}
