package allocator

import (
	"strings"

	"github.com/mactor/mactor/internal/resources"
)

// role is a node of the role tree (Mesos's Role in RoleTree): every role
// that has frameworks, reservations, children, or a non-default quota or
// weight. Quantities are aggregated over the role's subtree.
type role struct {
	name     string
	parent   *role
	children map[string]*role

	quota     Quota
	weight    float64
	hasWeight bool

	// frameworks tracked under the role: subscribed to it, or holding
	// resources allocated to it.
	frameworks map[*framework]struct{}

	// While the role has frameworks it is a client of the role sorter
	// (id) and has a framework sorter.
	id       int32
	fwSorter Sorter

	// Subtree quantities: reserved scalars (allocated or not), offered or
	// allocated reserved scalars, offered or allocated unreserved
	// non-revocable scalars, and allocated (not merely offered)
	// unreserved non-revocable scalars.
	reservations                 resources.Quantities
	offeredOrAllocatedReserved   resources.Quantities
	offeredOrAllocatedUnreserved resources.Quantities
	allocatedUnreserved          resources.Quantities

	// Per-cycle state (see cycle.go): whether the role is skipped in
	// stage 1 and stage 2, and its unsatisfied guarantees.
	skip1, skip2 bool
	unsatisfied  resources.Quantities
}

// quotaConsumed is what counts against the role's quota while allocating:
// reservations plus unreserved non-revocable resources offered or
// allocated (Mesos's Role::quotaOfferedOrConsumed).
func (r *role) quotaConsumed() resources.Quantities {
	return r.offeredOrAllocatedUnreserved.Plus(r.reservations)
}

func (r *role) isEmpty() bool {
	return len(r.children) == 0 && len(r.frameworks) == 0 && r.reservations.Empty() &&
		r.quota.IsDefault() && !r.hasWeight
}

// roleTree holds the roles by name under an unnamed root.
type roleTree struct {
	root  *role
	roles map[string]*role
}

func newRoleTree() roleTree {
	return roleTree{root: &role{children: map[string]*role{}}, roles: map[string]*role{}}
}

func (t *roleTree) get(name string) *role { return t.roles[name] }

// getOrCreate returns the role, creating it and its missing ancestors.
func (t *roleTree) getOrCreate(name string) *role {
	if r, ok := t.roles[name]; ok {
		return r
	}
	cur := t.root
	for _, tok := range strings.Split(name, "/") {
		child, ok := cur.children[tok]
		if !ok {
			path := tok
			if cur != t.root {
				path = cur.name + "/" + tok
			}
			child = &role{name: path, parent: cur, children: map[string]*role{}, frameworks: map[*framework]struct{}{}, id: -1}
			cur.children[tok] = child
			t.roles[path] = child
		}
		cur = child
	}
	return cur
}

// tryRemove removes the role and its ancestors while they are empty.
func (t *roleTree) tryRemove(name string) {
	r := t.roles[name]
	for r != nil && r != t.root && r.isEmpty() {
		parent := r.parent
		delete(parent.children, r.name[strings.LastIndexByte(r.name, '/')+1:])
		delete(t.roles, r.name)
		r = parent
	}
}

// apply calls f on r and its ancestors (including the root).
func apply(r *role, f func(*role)) {
	for ; r != nil; r = r.parent {
		f(r)
	}
}

// trackReservations adds the reserved scalars of res to their reservation
// roles (created if needed).
func (t *roleTree) trackReservations(res resources.Resources) {
	for i := range res {
		x := &res[i]
		if x.Type != resources.ScalarType || x.IsUnreserved() {
			continue
		}
		q := resources.Quantities{{Name: x.Name, Value: x.Scalar}}
		apply(t.getOrCreate(x.ReservationRole()), func(r *role) { r.reservations.Add(q) })
	}
}

func (t *roleTree) untrackReservations(res resources.Resources) {
	for i := range res {
		x := &res[i]
		if x.Type != resources.ScalarType || x.IsUnreserved() {
			continue
		}
		q := resources.Quantities{{Name: x.Name, Value: x.Scalar}}
		rr := x.ReservationRole()
		apply(t.roles[rr], func(r *role) { r.reservations.Sub(q) })
		t.tryRemove(rr)
	}
}

// allocationQuantities splits the scalars of resources allocated to one
// role into reserved and unreserved non-revocable quantities.
func allocationQuantities(res resources.Resources) (reserved, unreserved resources.Quantities) {
	for i := range res {
		x := &res[i]
		if x.Type != resources.ScalarType {
			continue
		}
		q := resources.Quantities{{Name: x.Name, Value: x.Scalar}}
		switch {
		case x.IsReserved():
			reserved.Add(q)
		case !x.IsRevocable():
			unreserved.Add(q)
		}
	}
	return reserved, unreserved
}

func (t *roleTree) trackOfferedOrAllocated(name string, res resources.Resources) {
	reserved, unreserved := allocationQuantities(res)
	apply(t.roles[name], func(r *role) {
		r.offeredOrAllocatedReserved.Add(reserved)
		r.offeredOrAllocatedUnreserved.Add(unreserved)
	})
}

func (t *roleTree) untrackOfferedOrAllocated(name string, res resources.Resources) {
	reserved, unreserved := allocationQuantities(res)
	apply(t.roles[name], func(r *role) {
		r.offeredOrAllocatedReserved.Sub(reserved)
		r.offeredOrAllocatedUnreserved.Sub(unreserved)
	})
}

// trackAllocated records resources (possibly of several allocation roles)
// moving from offered to allocated.
func (t *roleTree) trackAllocated(res resources.Resources) {
	for name, rs := range res.Allocations() {
		_, unreserved := allocationQuantities(rs)
		if r := t.roles[name]; r != nil && !unreserved.Empty() {
			apply(r, func(r *role) { r.allocatedUnreserved.Add(unreserved) })
		}
	}
}

// trackAllocatedRole is trackAllocated for resources of one role.
func (t *roleTree) trackAllocatedRole(name string, res resources.Resources) {
	_, unreserved := allocationQuantities(res)
	if r := t.roles[name]; r != nil && !unreserved.Empty() {
		apply(r, func(r *role) { r.allocatedUnreserved.Add(unreserved) })
	}
}

func (t *roleTree) untrackAllocated(res resources.Resources) {
	for name, rs := range res.Allocations() {
		_, unreserved := allocationQuantities(rs)
		if r := t.roles[name]; r != nil && !unreserved.Empty() {
			apply(r, func(r *role) { r.allocatedUnreserved.Sub(unreserved) })
		}
	}
}
