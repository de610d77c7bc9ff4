package allocator

import (
	"slices"

	"github.com/mactor/mactor/internal/resources"
)

// trackFrameworkUnderRole is Mesos's trackFrameworkUnderRole: the first
// framework of a role makes the role a client of the role sorter and gives
// it a framework sorter.
func (a *Allocator) trackFrameworkUnderRole(f *framework, name string) *role {
	r := a.roles.getOrCreate(name)
	if len(r.frameworks) == 0 {
		r.id = a.newRoleIdx(r)
		a.roleSorter.Add(Client{ID: r.id, Path: name})
		a.roleSorter.Activate(r.id)
		r.fwSorter = a.policy.NewFrameworkSorter(name, a.sorterOptions(name))
	}
	r.frameworks[f] = struct{}{}
	if f.tracked == nil {
		f.tracked = make(map[string]*role)
	}
	f.tracked[name] = r
	r.fwSorter.Add(Client{ID: f.idx, Path: f.id})
	return r
}

// tryUntrackFrameworkUnderRole is Mesos's tryUntrackFrameworkUnderRole: a
// framework that still holds resources in the role stays tracked.
func (a *Allocator) tryUntrackFrameworkUnderRole(f *framework, name string) bool {
	r := f.tracked[name]
	if r == nil {
		return true
	}
	if a.holdsInRole(f, name) {
		return false
	}
	r.fwSorter.Remove(f.idx)
	delete(r.frameworks, f)
	delete(f.tracked, name)
	if len(r.frameworks) == 0 {
		a.roleSorter.Remove(r.id)
		a.freeRoleIdx(r)
		r.fwSorter = nil
		delete(a.rngs, name)
	}
	a.roles.tryRemove(name)
	return true
}

// holdsInRole reports whether f has resources offered or allocated in role
// on any agent.
func (a *Allocator) holdsInRole(f *framework, name string) bool {
	return f.holding[name] > 0
}

// hasRole reports whether some resource of res is allocated to name.
func hasRole(res resources.Resources, name string) bool {
	for i := range res {
		if res[i].Allocation == name {
			return true
		}
	}
	return false
}

func (a *Allocator) newRoleIdx(r *role) int32 {
	if n := len(a.freeRole); n > 0 {
		idx := a.freeRole[n-1]
		a.freeRole = a.freeRole[:n-1]
		a.roleByIdx[idx] = r
		return idx
	}
	a.roleByIdx = append(a.roleByIdx, r)
	return int32(len(a.roleByIdx) - 1)
}

func (a *Allocator) freeRoleIdx(r *role) {
	a.roleByIdx[r.id] = nil
	a.freeRole = append(a.freeRole, r.id)
	r.id = -1
}

// sorterQuantities is what an offer or allocation of res (to one role)
// adds to f's allocation for the sorters: its scalar quantities, counting a
// shared resource only if f does not already hold a copy on the agent.
func sorterQuantities(held, res resources.Resources) resources.Quantities {
	q := resources.Quantities(nil)
	for i := range res {
		x := &res[i]
		if x.Type != resources.ScalarType {
			continue
		}
		if x.IsShared() && held.Count(*x) > 0 {
			continue
		}
		q = q.Plus(resources.Quantities{{Name: x.Name, Value: x.Scalar}})
	}
	return q
}

// trackAllocated records res (carrying allocation roles) as offered or
// allocated to f on s in the sorters and the role tree; the agent's own
// bookkeeping is the caller's (Mesos's trackAllocatedResources plus
// RoleTree::trackOfferedOrAllocated).
func (a *Allocator) trackAllocated(s *agent, f *framework, res resources.Resources, held resources.Resources) {
	for _, name := range res.AllocationRoles() {
		part := res.AllocatedTo(name)
		r := f.tracked[name]
		if r == nil {
			r = a.trackFrameworkUnderRole(f, name)
			if f.active && f.subscribed(name) && !f.suppressed[name] {
				r.fwSorter.Activate(f.idx)
			}
		}
		if !hasRole(held, name) {
			if f.holding == nil {
				f.holding = make(map[string]int)
			}
			f.holding[name]++
		}
		q := sorterQuantities(held.AllocatedTo(name), part)
		a.roles.trackOfferedOrAllocated(name, part)
		a.roleSorter.Allocated(r.id, q)
		r.fwSorter.Allocated(f.idx, q)
		a.offeredQ.Add(q)
	}
}

// untrackAllocated undoes trackAllocated for res; held is what f holds on
// s after the release.
func (a *Allocator) untrackAllocated(s *agent, f *framework, res resources.Resources, held resources.Resources) {
	for _, name := range res.AllocationRoles() {
		part := res.AllocatedTo(name)
		r := f.tracked[name]
		if r == nil {
			continue
		}
		if !hasRole(held, name) {
			if f.holding[name]--; f.holding[name] <= 0 {
				delete(f.holding, name)
			}
		}
		q := sorterQuantities(held.AllocatedTo(name), part)
		a.roles.untrackOfferedOrAllocated(name, part)
		a.roleSorter.Unallocated(r.id, q)
		r.fwSorter.Unallocated(f.idx, q)
		a.offeredQ.Sub(q)
		if !f.subscribed(name) {
			a.tryUntrackFrameworkUnderRole(f, name)
		}
	}
}

// trackUsed accounts, in the sorters and the role tree, the resources
// known frameworks already use on a new agent (the agent counts them).
func (a *Allocator) trackUsed(s *agent, used map[string]resources.Resources) {
	if len(used) == 1 {
		for fw, res := range used {
			if f, ok := a.frameworks[fw]; ok {
				a.trackUsedBy(s, f, res)
			}
		}
		return
	}
	for _, fw := range sortedKeys(used) {
		if f, ok := a.frameworks[fw]; ok {
			a.trackUsedBy(s, f, used[fw])
		}
	}
}

func (a *Allocator) trackUsedBy(s *agent, f *framework, res resources.Resources) {
	name := singleAllocation(res)
	if name == "" {
		a.trackAllocated(s, f, res, nil)
		a.roles.trackAllocated(res)
		return
	}
	r := f.tracked[name]
	if r == nil {
		r = a.trackFrameworkUnderRole(f, name)
		if f.active && f.subscribed(name) && !f.suppressed[name] {
			r.fwSorter.Activate(f.idx)
		}
	}
	var q resources.Quantities
	if len(res.Shared()) > 0 {
		q = sorterQuantities(nil, res)
	} else {
		q = res.ScalarQuantities()
	}
	if f.holding == nil {
		f.holding = make(map[string]int)
	}
	f.holding[name]++
	a.roles.trackOfferedOrAllocated(name, res)
	a.roleSorter.Allocated(r.id, q)
	r.fwSorter.Allocated(f.idx, q)
	a.offeredQ.Add(q)
	a.roles.trackAllocatedRole(name, res)
}

// singleAllocation returns the allocation role of res if all its resources
// share one, "" otherwise.
func singleAllocation(res resources.Resources) string {
	if len(res) == 0 {
		return ""
	}
	name := res[0].Allocation
	for i := range res {
		if res[i].Allocation != name {
			return ""
		}
	}
	return name
}

// offerToRole is offerTo for resources allocated to role r only, the
// allocation cycle's fast path; unallocated is res without its allocation
// role.
func (a *Allocator) offerToRole(s *agent, f *framework, r *role, res, unallocated resources.Resources) {
	held := s.alloc[f.id]
	var q resources.Quantities
	if len(res.Shared()) > 0 {
		q = sorterQuantities(held.AllocatedTo(r.name), res)
	} else {
		q = res.ScalarQuantities()
	}
	if !hasRole(held, r.name) {
		if f.holding == nil {
			f.holding = make(map[string]int)
		}
		f.holding[r.name]++
	}
	s.take(f.id, res, unallocated)
	a.roles.trackOfferedOrAllocated(r.name, res)
	a.roleSorter.Allocated(r.id, q)
	r.fwSorter.Allocated(f.idx, q)
	a.offeredQ.Add(q)
}

// offerTo records res (allocated to one or more roles) as offered or
// allocated to f on s: agent bookkeeping, sorters and role tree.
func (a *Allocator) offerTo(s *agent, f *framework, res resources.Resources) {
	held := s.alloc[f.id]
	heldCopy := held
	if len(res.Shared()) > 0 {
		heldCopy = held.Clone()
	}
	s.decreaseAvailable(f.id, res)
	a.trackAllocated(s, f, res, heldCopy)
}

// release records res as no longer offered or allocated to f on s.
func (a *Allocator) release(s *agent, f *framework, res resources.Resources) {
	a.releaseUnallocated(s, f, res, res.Unallocate())
}

// releaseUnallocated is release with res already unallocated.
func (a *Allocator) releaseUnallocated(s *agent, f *framework, res, unallocated resources.Resources) {
	s.give(f.id, res, unallocated)
	held := s.alloc[f.id]
	name := singleAllocation(res)
	r := f.tracked[name]
	if name == "" || r == nil || len(res.Shared()) > 0 {
		a.untrackAllocated(s, f, res, held)
		return
	}
	if !hasRole(held, name) {
		if f.holding[name]--; f.holding[name] <= 0 {
			delete(f.holding, name)
		}
	}
	q := res.ScalarQuantities()
	a.roles.untrackOfferedOrAllocated(name, res)
	a.roleSorter.Unallocated(r.id, q)
	r.fwSorter.Unallocated(f.idx, q)
	a.offeredQ.Sub(q)
	if !f.subscribed(name) {
		a.tryUntrackFrameworkUnderRole(f, name)
	}
}

func sortStrings(s []string) { slices.Sort(s) }
