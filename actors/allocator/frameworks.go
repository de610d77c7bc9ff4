package allocator

import (
	"fmt"

	"github.com/mactor/mactor/internal/resources"
	"github.com/mactor/mactor/messages/mesos"
)

// AddFramework is Mesos's addFramework. used maps agent ids to the
// resources the framework already holds there (each resource carrying its
// allocation role); agents not added yet are skipped, as in Mesos. An
// active framework triggers an event-driven cycle over all agents; an
// inactive one is added deactivated.
func (a *Allocator) AddFramework(id string, info *mesos.FrameworkInfo, used map[string]resources.Resources, active bool, opts FrameworkOptions) error {
	if !a.initialized {
		return ErrNotInitialized
	}
	if _, dup := a.frameworks[id]; dup {
		return fmt.Errorf("%w: framework %q", ErrDuplicate, id)
	}
	if info.GetId() != nil && info.GetId().GetValue() != id {
		return fmt.Errorf("%w: framework id %q differs from FrameworkInfo.id %q", ErrInvalidOption, id, info.GetId().GetValue())
	}
	f, err := a.newFramework(id, info, opts)
	if err != nil {
		return err
	}
	for agentID, res := range used {
		if err := checkAllocated(res); err != nil {
			return fmt.Errorf("used resources on agent %q: %w", agentID, err)
		}
	}
	f.idx = a.newFrameworkIdx(f)
	f.active = active
	a.frameworks[id] = f
	for _, name := range f.roles {
		r := a.trackFrameworkUnderRole(f, name)
		if !f.suppressed[name] {
			r.fwSorter.Activate(f.idx)
		}
	}
	for _, agentID := range sortedKeys(used) {
		s, ok := a.agents[agentID]
		if !ok {
			continue
		}
		// The agent already counts these resources (addSlave was told of
		// them); only the sorters and the role tree learn of them here.
		a.trackAllocated(s, f, used[agentID], nil)
		a.roles.trackAllocated(used[agentID])
	}
	if active {
		a.trigger()
	} else {
		a.deactivate(f)
	}
	a.debugCheck("AddFramework")
	return nil
}

// newFramework validates and builds a framework record.
func (a *Allocator) newFramework(id string, info *mesos.FrameworkInfo, opts FrameworkOptions) (*framework, error) {
	roles := sortedSet(frameworkRoles(info))
	for _, r := range roles {
		if err := resources.ValidateRole(r); err != nil {
			return nil, fmt.Errorf("%w: framework %q: %w", ErrInvalidRole, id, err)
		}
	}
	f := &framework{
		id:             id,
		info:           info,
		roles:          roles,
		suppressed:     make(map[string]bool),
		caps:           frameworkCapsOf(info),
		minAllocatable: minAllocatableOf(info),
	}
	for _, r := range opts.SuppressedRoles {
		if !f.subscribed(r) {
			return nil, fmt.Errorf("%w: framework %q suppresses role %q it is not subscribed to", ErrInvalidRole, id, r)
		}
		f.suppressed[r] = true
	}
	oc, err := compileOfferConstraints(opts.OfferConstraints)
	if err != nil {
		return nil, err
	}
	f.constraints, f.constraintsPB = oc, opts.OfferConstraints
	return f, nil
}

// checkAllocated checks that every resource carries an allocation role.
func checkAllocated(res resources.Resources) error {
	for i := range res {
		if res[i].Allocation == "" {
			return fmt.Errorf("%w: resource %v has no allocation role", ErrInvalidResources, res[i])
		}
	}
	return nil
}

func (a *Allocator) newFrameworkIdx(f *framework) int32 {
	if n := len(a.freeFw); n > 0 {
		idx := a.freeFw[n-1]
		a.freeFw = a.freeFw[:n-1]
		a.fwByIdx[idx] = f
		return idx
	}
	a.fwByIdx = append(a.fwByIdx, f)
	return int32(len(a.fwByIdx) - 1)
}

// RemoveFramework is Mesos's removeFramework: everything offered or
// allocated to the framework becomes available again.
func (a *Allocator) RemoveFramework(id string) error {
	f, err := a.framework(id)
	if err != nil {
		return err
	}
	for _, s := range a.sortedAgents() {
		if res, ok := s.alloc[id]; ok {
			a.release(s, f, res.Clone())
		}
	}
	a.removeFrameworkFilters(f, "", true)
	for _, name := range f.roles {
		a.tryUntrackFrameworkUnderRole(f, name)
	}
	for name := range f.tracked {
		a.tryUntrackFrameworkUnderRole(f, name)
	}
	for _, s := range a.agents {
		if s.maintenance != nil {
			delete(s.maintenance.outstanding, f)
			delete(s.maintenance.statuses, f)
		}
	}
	delete(a.frameworks, id)
	a.fwByIdx[f.idx] = nil
	a.freeFw = append(a.freeFw, f.idx)
	a.debugCheck("RemoveFramework")
	return nil
}

// ActivateFramework is Mesos's activateFramework: the framework's
// unsuppressed roles become active again, and a cycle is triggered.
func (a *Allocator) ActivateFramework(id string) error {
	f, err := a.framework(id)
	if err != nil {
		return err
	}
	f.active = true
	for _, name := range f.roles {
		if !f.suppressed[name] {
			f.tracked[name].fwSorter.Activate(f.idx)
		}
	}
	a.trigger()
	a.debugCheck("ActivateFramework")
	return nil
}

// DeactivateFramework is Mesos's deactivateFramework: the framework gets no
// offers, and its offer and inverse offer filters are cleared. What it
// holds stays accounted to it.
func (a *Allocator) DeactivateFramework(id string) error {
	f, err := a.framework(id)
	if err != nil {
		return err
	}
	a.deactivate(f)
	a.debugCheck("DeactivateFramework")
	return nil
}

func (a *Allocator) deactivate(f *framework) {
	for _, name := range f.roles {
		f.tracked[name].fwSorter.Deactivate(f.idx)
	}
	f.active = false
	a.removeFrameworkFilters(f, "", true)
	f.inverseFilters = nil
}

// UpdateFramework is Mesos's updateFramework: new roles are tracked and
// activated, dropped roles deactivated (and their filters removed), the
// capabilities, minimum allocatable resources and offer constraints
// replaced, and the suppressed roles made to match opts (reviving roles
// clears their filters). It triggers no cycle.
func (a *Allocator) UpdateFramework(id string, info *mesos.FrameworkInfo, opts FrameworkOptions) error {
	f, err := a.framework(id)
	if err != nil {
		return err
	}
	next, err := a.newFramework(id, info, opts)
	if err != nil {
		return err
	}
	oldSuppressed := f.suppressed
	for _, name := range next.roles {
		if f.subscribed(name) {
			continue
		}
		r := f.tracked[name]
		if r == nil {
			r = a.trackFrameworkUnderRole(f, name)
		}
		if f.active {
			r.fwSorter.Activate(f.idx)
		}
	}
	oldRoles := f.roles
	f.roles = next.roles
	for _, name := range oldRoles {
		if next.subscribed(name) {
			continue
		}
		f.tracked[name].fwSorter.Deactivate(f.idx)
		a.tryUntrackFrameworkUnderRole(f, name)
		a.removeFrameworkFilters(f, name, false)
		delete(oldSuppressed, name)
	}
	f.info = next.info
	f.caps = next.caps
	f.minAllocatable = next.minAllocatable
	f.constraints, f.constraintsPB = next.constraints, next.constraintsPB
	f.suppressed = oldSuppressed
	var suppress, revive []string
	for _, name := range f.roles {
		switch {
		case next.suppressed[name] && !oldSuppressed[name]:
			suppress = append(suppress, name)
		case !next.suppressed[name] && oldSuppressed[name]:
			revive = append(revive, name)
		}
	}
	a.suppressRoles(f, suppress)
	if len(revive) > 0 {
		a.reviveRoles(f, revive)
	}
	a.debugCheck("UpdateFramework")
	return nil
}

// SuppressOffers is Mesos's suppressOffers: the framework gets no offers in
// the roles (all its roles when none is given) until it revives them.
func (a *Allocator) SuppressOffers(id string, roles []string) error {
	f, err := a.framework(id)
	if err != nil {
		return err
	}
	roles, err = f.rolesOrAll(roles)
	if err != nil {
		return err
	}
	a.suppressRoles(f, roles)
	a.debugCheck("SuppressOffers")
	return nil
}

// ReviveOffers is Mesos's reviveOffers: the roles (all the framework's
// roles when none is given) are unsuppressed and their offer filters
// cleared, all inverse offer filters are cleared, and a cycle is
// triggered.
func (a *Allocator) ReviveOffers(id string, roles []string) error {
	f, err := a.framework(id)
	if err != nil {
		return err
	}
	roles, err = f.rolesOrAll(roles)
	if err != nil {
		return err
	}
	a.reviveRoles(f, roles)
	a.trigger()
	a.debugCheck("ReviveOffers")
	return nil
}

// rolesOrAll validates roles against the framework's subscriptions; none
// means all of them.
func (f *framework) rolesOrAll(roles []string) ([]string, error) {
	if len(roles) == 0 {
		return f.roles, nil
	}
	for _, r := range roles {
		if !f.subscribed(r) {
			return nil, fmt.Errorf("%w: framework %q is not subscribed to role %q", ErrInvalidRole, f.id, r)
		}
	}
	return sortedSet(roles), nil
}

func (a *Allocator) suppressRoles(f *framework, roles []string) {
	for _, name := range roles {
		f.tracked[name].fwSorter.Deactivate(f.idx)
		f.suppressed[name] = true
	}
}

func (a *Allocator) reviveRoles(f *framework, roles []string) {
	f.inverseFilters = nil
	for _, name := range roles {
		a.removeFrameworkFilters(f, name, false)
		if f.active {
			f.tracked[name].fwSorter.Activate(f.idx)
		}
		delete(f.suppressed, name)
	}
}

// RequestResources is Mesos's requestResources, which the hierarchical
// allocator ignores.
func (a *Allocator) RequestResources(id string, _ []*mesos.Request) error {
	_, err := a.framework(id)
	return err
}
