package master

import (
	"fmt"
	"net/netip"
	"sort"

	"go.uber.org/zap"
	"google.golang.org/protobuf/proto"

	mesosv1 "github.com/mactor/mactor/messages/mesos/v1"
	schedulerv1 "github.com/mactor/mactor/messages/mesos/v1/scheduler"
)

// Allocation is the allocator's decision for one framework, as Mesos's
// offerCallback receives it: role → agent id → resources.
type Allocation map[string]map[string][]*mesosv1.Resource

// Offer turns an allocation for framework fw into Mesos offers, one per
// role and agent, and sends them in one OFFERS event. Resources for a
// framework that is not connected, or on an unknown agent, go back to the
// allocator at once.
func (m *Master) Offer(fw string, alloc Allocation) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	f := m.frameworks[fw]
	if f == nil || f.removed {
		m.recoverAllocation(fw, alloc)
		return fmt.Errorf("%w: %s", ErrUnknownFramework, fw)
	}
	if f.stream == nil {
		m.recoverAllocation(fw, alloc)
		return nil
	}
	var offers []*mesosv1.Offer
	for _, role := range sortedKeys(alloc) {
		for _, agentID := range sortedKeys(alloc[role]) {
			res := alloc[role][agentID]
			agent := m.agents[agentID]
			if agent == nil || len(res) == 0 {
				m.recoverAllocation(fw, Allocation{role: {agentID: res}})
				continue
			}
			m.nextOffer++
			o := &mesosv1.Offer{
				Id:             &mesosv1.OfferID{Value: proto.String(fmt.Sprintf("%s-O%d", m.cfg.ID, m.nextOffer))},
				FrameworkId:    f.info.GetId(),
				AgentId:        agent.GetId(),
				Hostname:       agent.Hostname,
				Url:            agentURL(agent),
				Attributes:     agent.GetAttributes(),
				AllocationInfo: &mesosv1.Resource_AllocationInfo{Role: proto.String(role)},
			}
			for _, r := range res {
				r = proto.Clone(r).(*mesosv1.Resource)
				r.AllocationInfo = &mesosv1.Resource_AllocationInfo{Role: proto.String(role)}
				o.Resources = append(o.Resources, r)
			}
			m.offers[o.GetId().GetValue()] = o
			offers = append(offers, o)
		}
	}
	if len(offers) > 0 {
		f.stream.send(&schedulerv1.Event{Type: schedulerv1.Event_OFFERS.Enum(), Offers: &schedulerv1.Event_Offers{Offers: offers}})
	}
	return nil
}

// Rescind withdraws every outstanding offer of agent (it went away) and
// tells the frameworks.
func (m *Master) Rescind(agent string) {
	m.mu.Lock()
	defer m.mu.Unlock()
	for id, o := range m.offers {
		if o.GetAgentId().GetValue() != agent {
			continue
		}
		delete(m.offers, id)
		if f := m.frameworks[o.GetFrameworkId().GetValue()]; f != nil && f.stream != nil {
			f.stream.send(&schedulerv1.Event{Type: schedulerv1.Event_RESCIND.Enum(), Rescind: &schedulerv1.Event_Rescind{OfferId: o.GetId()}})
		}
	}
}

// recoverOffersLocked returns a framework's outstanding offers to the
// allocator (it disconnected or went away).
func (m *Master) recoverOffersLocked(fw string) {
	for id, o := range m.offers {
		if o.GetFrameworkId().GetValue() != fw {
			continue
		}
		delete(m.offers, id)
		m.recover(o.GetFrameworkId(), o.GetAgentId(), o.GetResources(), nil, false)
	}
}

func (m *Master) recoverAllocation(fw string, alloc Allocation) {
	for _, agents := range alloc {
		for agent, res := range agents {
			m.recover(&mesosv1.FrameworkID{Value: proto.String(fw)}, &mesosv1.AgentID{Value: proto.String(agent)}, res, nil, false)
		}
	}
}

// recover gives resources back to the allocator: offered ones (allocated
// false: declined, unused, rescinded) or ones tasks and executors used
// (allocated true).
func (m *Master) recover(fw *mesosv1.FrameworkID, agent *mesosv1.AgentID, res []*mesosv1.Resource, filters *mesosv1.Filters, allocated bool) {
	if len(res) == 0 {
		return
	}
	if err := m.cfg.Module.RecoverResources(m.ctx(), fw, agent, res, filters, allocated); err != nil {
		m.log.Warn("recoverResources", zap.String("framework", fw.GetValue()), zap.Error(err))
	}
}

// agentURL is the agent's URL as Mesos puts it in offers (clients such as
// npm mesos-framework read the agent's IP from it).
func agentURL(a *mesosv1.AgentInfo) *mesosv1.URL {
	ip := "127.0.0.1"
	if addr, err := netip.ParseAddr(a.GetHostname()); err == nil {
		ip = addr.String()
	}
	return &mesosv1.URL{
		Scheme:  proto.String("http"),
		Address: &mesosv1.Address{Hostname: a.Hostname, Ip: proto.String(ip), Port: proto.Int32(a.GetPort())},
		Path:    proto.String("/slave(1)"),
	}
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
