package allocator

import (
	"fmt"

	"github.com/mactor/mactor/internal/resources"
	"github.com/mactor/mactor/messages/mesos"
)

// singleRole returns the one allocation role of res.
func singleRole(res resources.Resources) (string, error) {
	roles := res.AllocationRoles()
	if len(roles) != 1 || roles[0] == "" {
		return "", fmt.Errorf("%w: resources %v must be allocated to exactly one role, not %q", ErrInvalidResources, res, roles)
	}
	return roles[0], nil
}

// UpdateAllocation is Mesos's updateAllocation: offered resources of the
// framework on the agent (all in one role) are converted (RESERVE,
// UNRESERVE, CREATE, DESTROY, ... as conversions); the agent's total
// follows the conversions with their allocation roles stripped.
func (a *Allocator) UpdateAllocation(frameworkID, agentID string, offered resources.Resources, conversions []resources.Conversion) error {
	f, err := a.framework(frameworkID)
	if err != nil {
		return err
	}
	s, err := a.agent(agentID)
	if err != nil {
		return err
	}
	name, err := singleRole(offered)
	if err != nil {
		return err
	}
	if f.tracked[name] == nil {
		return fmt.Errorf("%w: framework %q is not tracked under role %q", ErrInvalidRole, frameworkID, name)
	}
	if !s.alloc[frameworkID].Contains(offered) {
		return fmt.Errorf("%w: framework %q does not hold %v on agent %q", ErrInvalidResources, frameworkID, offered, agentID)
	}
	updated, err := offered.ApplyAll(conversions)
	if err != nil {
		return fmt.Errorf("%w: %w", ErrInvalidResources, err)
	}
	var stripped []resources.Conversion
	for _, c := range conversions {
		// A conversion that consumes nothing adds a copy of a shared
		// resource to the allocation; the agent's total does not change.
		if c.Consumed.Empty() {
			continue
		}
		stripped = append(stripped, resources.Conversion{Consumed: c.Consumed.Unallocate(), Converted: c.Converted.Unallocate()})
	}
	total, err := s.total.ApplyAll(stripped)
	if err != nil {
		return fmt.Errorf("%w: agent total: %w", ErrInvalidResources, err)
	}

	oldQ, newQ := offered.ScalarQuantities(), updated.ScalarQuantities()
	s.increaseAvailable(f.id, offered)
	s.decreaseAvailable(f.id, updated)
	a.roles.untrackOfferedOrAllocated(name, offered)
	a.roles.trackOfferedOrAllocated(name, updated)
	r := f.tracked[name]
	r.fwSorter.Update(f.idx, oldQ, newQ)
	a.roleSorter.Update(r.id, oldQ, newQ)
	a.offeredQ = a.offeredQ.Minus(oldQ).Plus(newQ)
	if hasRole(offered, name) && !hasRole(s.alloc[f.id], name) {
		if f.holding[name]--; f.holding[name] <= 0 {
			delete(f.holding, name)
		}
	}
	a.updateTotal(s, total)
	a.debugCheck("UpdateAllocation")
	return nil
}

// UpdateAvailable is Mesos's updateAvailable: operations (RESERVE,
// UNRESERVE, CREATE, DESTROY, GROW_VOLUME, SHRINK_VOLUME) are applied to
// the agent's available resources and total. It fails, changing nothing,
// when the available resources no longer contain what the operations
// consume (an offer may have taken them).
func (a *Allocator) UpdateAvailable(agentID string, ops []*mesos.Offer_Operation) error {
	s, err := a.agent(agentID)
	if err != nil {
		return err
	}
	if _, err := s.available.ApplyOperations(ops); err != nil {
		return fmt.Errorf("%w: agent %q: %w", ErrInvalidResources, agentID, err)
	}
	total, err := s.total.ApplyOperations(ops)
	if err != nil {
		return fmt.Errorf("%w: agent %q total: %w", ErrInvalidResources, agentID, err)
	}
	a.updateTotal(s, total)
	a.debugCheck("UpdateAvailable")
	return nil
}

// TransitionOfferedToAllocated is Mesos's transitionOfferedToAllocated: the
// resources (offered on the agent) are now used by tasks.
func (a *Allocator) TransitionOfferedToAllocated(agentID string, res resources.Resources) error {
	s, err := a.agent(agentID)
	if err != nil {
		return err
	}
	if err := checkAllocated(res); err != nil {
		return err
	}
	s.allocated.AddAll(res)
	a.roles.trackAllocated(res)
	a.debugCheck("TransitionOfferedToAllocated")
	return nil
}

// RecoverResources is Mesos's recoverResources: resources offered or
// allocated to the framework on the agent (all in one role) become
// available again. isAllocated says they were allocated (used by tasks)
// rather than only offered. With filters, the framework refuses such
// resources on the agent in that role for refuse_seconds (5 s by default,
// at most 365 days, at least the allocation interval; 0 means no filter).
// Unknown frameworks and agents are ignored, as in Mesos.
func (a *Allocator) RecoverResources(frameworkID, agentID string, res resources.Resources, filters *mesos.Filters, isAllocated bool) error {
	if !a.initialized {
		return ErrNotInitialized
	}
	if res.Empty() {
		return nil
	}
	if err := checkAllocated(res); err != nil {
		return err
	}
	s := a.agents[agentID]
	f := a.frameworks[frameworkID]
	if isAllocated && s != nil && !s.allocated.Contains(res) {
		return fmt.Errorf("%w: agent %q has not allocated %v", ErrInvalidResources, agentID, res)
	}
	var name string
	if f != nil && s != nil {
		var err error
		if name, err = singleRole(res); err != nil {
			return err
		}
		if !s.allocTotal.Contains(res) || !s.alloc[frameworkID].Contains(res) {
			return fmt.Errorf("%w: framework %q does not hold %v on agent %q", ErrInvalidResources, frameworkID, res, agentID)
		}
	}

	if isAllocated && s != nil {
		s.allocated.SubtractAll(res)
		a.roles.untrackAllocated(res)
	}
	if f == nil || s == nil {
		a.debugCheck("RecoverResources")
		return nil
	}
	unallocated := res.Unallocate()
	a.releaseUnallocated(s, f, res, unallocated)
	if timeout, ok := refuseTimeout(filters); ok {
		a.addOfferFilter(f, name, s, unallocated, timeout)
	}
	a.debugCheck("RecoverResources")
	return nil
}
