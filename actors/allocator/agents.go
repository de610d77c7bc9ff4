package allocator

import (
	"fmt"
	"slices"
	"strings"

	"google.golang.org/protobuf/proto"

	"github.com/mactor/mactor/internal/resources"
	"github.com/mactor/mactor/messages/mesos"
)

// AddSlave is Mesos's addSlave. used maps framework ids to what they hold
// on the agent (with allocation roles); frameworks not added yet are
// counted by the agent but reach the sorters only when they are added, as
// in Mesos. The agent is activated and an event-driven cycle scheduled for
// it. During a Recover pause, adding the awaited number of agents resumes
// allocation. The allocator keeps info (and the other protobuf arguments
// of every call) without copying: do not modify them afterwards.
func (a *Allocator) AddSlave(id string, info *mesos.SlaveInfo, caps AgentCapabilities, unavailability *mesos.Unavailability, total resources.Resources, used map[string]resources.Resources) error {
	if !a.initialized {
		return ErrNotInitialized
	}
	if _, dup := a.agents[id]; dup {
		return fmt.Errorf("%w: agent %q", ErrDuplicate, id)
	}
	if info.GetId() != nil && info.GetId().GetValue() != id {
		return fmt.Errorf("%w: agent id %q differs from SlaveInfo.id %q", ErrInvalidOption, id, info.GetId().GetValue())
	}
	if err := checkUnallocated(total); err != nil {
		return err
	}
	allocTotal := make(resources.Resources, 0, len(total))
	for fw, res := range used {
		if err := checkAllocated(res); err != nil {
			return fmt.Errorf("used resources of framework %q: %w", fw, err)
		}
	}
	if len(used) == 1 {
		for _, res := range used {
			allocTotal.AddAll(res)
		}
	} else {
		for _, fw := range sortedKeys(used) {
			allocTotal.AddAll(used[fw])
		}
	}
	s := &agent{
		id:         id,
		info:       info,
		caps:       caps,
		activated:  true,
		alloc:      make(map[string]resources.Resources, len(used)),
		allocTotal: allocTotal,
		allocated:  allocTotal.Clone(),
	}
	for fw, res := range used {
		s.alloc[fw] = res.Clone()
	}
	s.setTotal(total.Clone())
	if unavailability != nil {
		s.maintenance = newMaintenance(proto.Clone(unavailability).(*mesos.Unavailability))
	}
	a.agents[id] = s
	a.agentOrderDirty = true
	a.roles.trackReservations(s.total)
	a.total.add(s.totalQ)
	a.trackUsed(s, used)
	if a.paused && a.expectedAgents >= 0 && len(a.agents) >= a.expectedAgents {
		a.Resume()
	}
	a.trigger(s)
	a.debugCheck("AddSlave")
	return nil
}

// checkUnallocated checks that an agent total carries no allocation role.
func checkUnallocated(res resources.Resources) error {
	for i := range res {
		if res[i].Allocation != "" {
			return fmt.Errorf("%w: agent total %v carries an allocation role", ErrInvalidResources, res[i])
		}
	}
	return nil
}

// RemoveSlave is Mesos's removeSlave: the agent's resources leave the
// sorters and the totals, and its filters are dropped.
func (a *Allocator) RemoveSlave(id string) error {
	s, err := a.agent(id)
	if err != nil {
		return err
	}
	a.roles.untrackAllocated(s.allocated)
	for _, fw := range sortedKeys(s.alloc) {
		if f, ok := a.frameworks[fw]; ok {
			res := s.alloc[fw]
			a.untrackAllocated(s, f, res, nil)
		}
	}
	a.roles.untrackReservations(s.total)
	a.total.sub(s.totalQ)
	delete(a.agents, id)
	delete(a.candidates, s)
	a.agentOrderDirty = true
	a.removeAgentFilters(s)
	a.debugCheck("RemoveSlave")
	return nil
}

// UpdateSlave is Mesos's updateSlave: a new SlaveInfo (changed attributes
// drop the agent's filters), and optionally a new total and capabilities
// (nil means unchanged). Any change schedules a cycle for the agent.
func (a *Allocator) UpdateSlave(id string, info *mesos.SlaveInfo, total *resources.Resources, caps *AgentCapabilities) error {
	s, err := a.agent(id)
	if err != nil {
		return err
	}
	if info.GetId() != nil && info.GetId().GetValue() != id {
		return fmt.Errorf("%w: agent id %q differs from SlaveInfo.id %q", ErrInvalidOption, id, info.GetId().GetValue())
	}
	if total != nil {
		if err := checkUnallocated(*total); err != nil {
			return err
		}
	}
	updated := false
	if !attributesEqual(info.GetAttributes(), s.info.GetAttributes()) {
		updated = true
		a.removeAgentFilters(s)
	}
	if !proto.Equal(info, s.info) {
		updated = true
		s.info = info
	}
	if caps != nil && *caps != s.caps {
		s.caps = *caps
		updated = true
	}
	if total != nil && a.updateTotal(s, total.Clone()) {
		updated = true
	}
	if updated {
		a.trigger(s)
	}
	a.debugCheck("UpdateSlave")
	return nil
}

// attributesEqual compares agent attributes as Mesos's Attributes ==: the
// same set regardless of order.
func attributesEqual(x, y []*mesos.Attribute) bool {
	if len(x) != len(y) {
		return false
	}
	key := func(as []*mesos.Attribute) []string {
		out := make([]string, len(as))
		for i, at := range as {
			b, _ := proto.MarshalOptions{Deterministic: true}.Marshal(at)
			out[i] = string(b)
		}
		slices.Sort(out)
		return out
	}
	return slices.Equal(key(x), key(y))
}

// updateTotal replaces an agent's total (Mesos's updateSlaveTotal) and
// reports whether it changed.
func (a *Allocator) updateTotal(s *agent, total resources.Resources) bool {
	if s.total.Equal(total) {
		return false
	}
	old := s.total
	oldQ := s.totalQ
	s.setTotal(total)
	a.roles.untrackReservations(old)
	a.roles.trackReservations(total)
	a.total.sub(oldQ)
	a.total.add(s.totalQ)
	return true
}

// AddResourceProvider is Mesos's addResourceProvider: the agent's total
// grows by total, and what known frameworks hold of it is accounted.
func (a *Allocator) AddResourceProvider(agentID string, total resources.Resources, used map[string]resources.Resources) error {
	s, err := a.agent(agentID)
	if err != nil {
		return err
	}
	if err := checkUnallocated(total); err != nil {
		return err
	}
	for fw, res := range used {
		if err := checkAllocated(res); err != nil {
			return fmt.Errorf("used resources of framework %q: %w", fw, err)
		}
	}
	a.updateTotal(s, s.total.Plus(total))
	for _, fw := range sortedKeys(used) {
		f, ok := a.frameworks[fw]
		if !ok {
			continue
		}
		a.offerTo(s, f, used[fw])
	}
	a.debugCheck("AddResourceProvider")
	return nil
}

// ActivateSlave is Mesos's activateSlave: the agent is offered again.
func (a *Allocator) ActivateSlave(id string) error {
	s, err := a.agent(id)
	if err != nil {
		return err
	}
	s.activated = true
	a.debugCheck("ActivateSlave")
	return nil
}

// DeactivateSlave is Mesos's deactivateSlave: the agent is not offered
// until reactivated.
func (a *Allocator) DeactivateSlave(id string) error {
	s, err := a.agent(id)
	if err != nil {
		return err
	}
	s.activated = false
	a.debugCheck("DeactivateSlave")
	return nil
}

// UpdateWhitelist is Mesos's updateWhitelist: only agents whose hostname
// is listed are offered. A nil whitelist offers every agent; an empty,
// non-nil one offers none.
func (a *Allocator) UpdateWhitelist(hostnames []string) error {
	if !a.initialized {
		return ErrNotInitialized
	}
	if hostnames == nil {
		a.whitelist = nil
		return nil
	}
	a.whitelist = make(map[string]bool, len(hostnames))
	for _, h := range hostnames {
		a.whitelist[h] = true
	}
	return nil
}

func (a *Allocator) isWhitelisted(s *agent) bool {
	return a.whitelist == nil || a.whitelist[s.info.GetHostname()]
}

// sortedAgents returns the agents sorted by id.
func (a *Allocator) sortedAgents() []*agent {
	if a.agentOrderDirty || len(a.agentOrder) != len(a.agents) {
		a.agentOrder = a.agentOrder[:0]
		for _, s := range a.agents {
			a.agentOrder = append(a.agentOrder, s)
		}
		slices.SortFunc(a.agentOrder, func(x, y *agent) int { return strings.Compare(x.id, y.id) })
		a.agentOrderDirty = false
	}
	return a.agentOrder
}
