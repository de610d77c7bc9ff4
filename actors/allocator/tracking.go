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
		a.offeredQ = a.offeredQ.Plus(q)
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
		a.offeredQ = a.offeredQ.Minus(q)
		if !f.subscribed(name) {
			a.tryUntrackFrameworkUnderRole(f, name)
		}
	}
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
	s.increaseAvailable(f.id, res)
	a.untrackAllocated(s, f, res, s.alloc[f.id])
}

func sortStrings(s []string) { slices.Sort(s) }
