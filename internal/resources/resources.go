package resources

import "slices"

// Resources is a collection of resources in which no two resources are
// addable (Mesos's Resources): adding a resource combines it with the one of
// the same identity. Methods with value receivers return new collections
// and never modify their receiver or arguments; Add and Subtract modify the
// receiver in place and may reuse its backing array, so call them only on a
// Resources value you own (Clone one that is shared).
type Resources []Resource

// Of returns the collection holding rs, combined.
func Of(rs ...Resource) Resources {
	var out Resources
	for i := range rs {
		out.Add(rs[i])
	}
	return out
}

// Clone returns a copy that shares no backing array with r.
func (r Resources) Clone() Resources {
	if r == nil {
		return nil
	}
	return slices.Clone(r)
}

// Empty reports whether the collection holds nothing.
func (r Resources) Empty() bool { return len(r) == 0 }

// Add adds one resource in place. Empty resources are ignored.
func (r *Resources) Add(x Resource) { r.addHint(x, -1) }

// addHint is Add that tries position hint first (collections built the
// same way tend to list the same identities in the same order).
func (r *Resources) addHint(x Resource, hint int) {
	if x.IsEmpty() {
		return
	}
	rs := *r
	if hint >= 0 && hint < len(rs) && rs[hint].addable(&x) {
		rs[hint].plus(&x)
		return
	}
	for i := range rs {
		if rs[i].addable(&x) {
			rs[i].plus(&x)
			return
		}
	}
	if x.IsShared() && x.Copies == 0 {
		x.Copies = 1
	}
	*r = append(rs, x)
}

// AddAll adds every resource of o in place.
func (r *Resources) AddAll(o Resources) {
	for i := range o {
		r.addHint(o[i], i)
	}
}

// Subtract removes one resource in place: it is subtracted from the first
// resource it is subtractable from, which is dropped when it becomes empty
// or negative (Mesos drops over-subtracted resources rather than failing).
func (r *Resources) Subtract(x Resource) { r.subtractHint(x, -1) }

func (r *Resources) subtractHint(x Resource, hint int) {
	if x.IsEmpty() {
		return
	}
	rs := *r
	if hint >= 0 && hint < len(rs) && rs[hint].subtractable(&x) {
		// Only identical, unmergeable resources (such as two MOUNT
		// disks of the same size) can both be subtractable from x, so
		// which one is used does not change the result.
		if rs[hint].minus(&x) {
			*r = slices.Delete(rs, hint, hint+1)
		}
		return
	}
	for i := range rs {
		if rs[i].subtractable(&x) {
			if rs[i].minus(&x) {
				*r = slices.Delete(rs, i, i+1)
			}
			return
		}
	}
}

// SubtractAll subtracts every resource of o in place.
func (r *Resources) SubtractAll(o Resources) {
	for i := range o {
		r.subtractHint(o[i], i)
	}
}

// Plus returns r + o.
func (r Resources) Plus(o Resources) Resources {
	out := make(Resources, len(r), len(r)+len(o))
	copy(out, r)
	out.AddAll(o)
	return out
}

// Minus returns r - o.
func (r Resources) Minus(o Resources) Resources {
	out := r.Clone()
	out.SubtractAll(o)
	return out
}

// Contains reports whether r contains o (Mesos's Resources::contains):
// every resource of o is contained in some resource of r, persistent volumes
// being consumed as they match.
func (r Resources) Contains(o Resources) bool {
	remaining := r
	cloned := false
	for i := range o {
		x := &o[i]
		found := false
		for j := range remaining {
			if remaining[j].containsOne(x) {
				found = true
				break
			}
		}
		if !found {
			return false
		}
		if x.IsPersistentVolume() {
			if !cloned {
				remaining = remaining.Clone()
				cloned = true
			}
			remaining.Subtract(*x)
		}
	}
	return true
}

// ContainsResource reports whether r contains the single resource x.
func (r Resources) ContainsResource(x Resource) bool {
	for j := range r {
		if r[j].containsOne(&x) {
			return true
		}
	}
	return false
}

// Equal reports whether r and o contain each other.
func (r Resources) Equal(o Resources) bool {
	return r.Contains(o) && o.Contains(r)
}

// Count returns how many copies of x r holds: the copy count for a shared
// resource, 1 for an equal non-shared one, 0 otherwise.
func (r Resources) Count(x Resource) int {
	for i := range r {
		if r[i].protoEqual(&x) {
			return int(r[i].copies())
		}
	}
	return 0
}

// Filter returns the resources for which keep returns true.
func (r Resources) Filter(keep func(*Resource) bool) Resources {
	var out Resources
	for i := range r {
		if keep(&r[i]) {
			out = append(out, r[i])
		}
	}
	return out
}

// Scalars returns the scalar resources.
func (r Resources) Scalars() Resources {
	return r.Filter(func(x *Resource) bool { return x.Type == ScalarType })
}

// Unreserved returns the unreserved resources.
func (r Resources) Unreserved() Resources { return r.Filter((*Resource).IsUnreserved) }

// Reserved returns the reserved resources (any role).
func (r Resources) Reserved() Resources { return r.Filter((*Resource).IsReserved) }

// ReservedTo returns the resources whose reservation role is role.
func (r Resources) ReservedTo(role string) Resources {
	return r.Filter(func(x *Resource) bool { return x.IsReservedTo(role) })
}

// AllocatableTo returns the resources that may be offered to role:
// unreserved ones and those reserved to role or its ancestors.
func (r Resources) AllocatableTo(role string) Resources {
	return r.Filter(func(x *Resource) bool { return x.IsAllocatableTo(role) })
}

// ReservedToRoleSubtree returns the resources reserved to role or a
// descendant of it.
func (r Resources) ReservedToRoleSubtree(role string) Resources {
	return r.Filter(func(x *Resource) bool { return x.IsReservedToRoleSubtree(role) })
}

// Revocable returns the revocable resources.
func (r Resources) Revocable() Resources { return r.Filter((*Resource).IsRevocable) }

// NonRevocable returns the non-revocable resources.
func (r Resources) NonRevocable() Resources {
	return r.Filter(func(x *Resource) bool { return !x.IsRevocable() })
}

// Shared returns the shared resources.
func (r Resources) Shared() Resources { return r.Filter((*Resource).IsShared) }

// NonShared returns the non-shared resources.
func (r Resources) NonShared() Resources {
	return r.Filter(func(x *Resource) bool { return !x.IsShared() })
}

// PersistentVolumes returns the persistent volumes.
func (r Resources) PersistentVolumes() Resources { return r.Filter((*Resource).IsPersistentVolume) }

// Get returns the resources named name.
func (r Resources) Get(name string) Resources {
	return r.Filter(func(x *Resource) bool { return x.Name == name })
}

// ScalarValue sums the scalar resources named name; ok is false when there
// is none.
func (r Resources) ScalarValue(name string) (v Scalar, ok bool) {
	for i := range r {
		if r[i].Name == name && r[i].Type == ScalarType {
			v += r[i].Scalar
			ok = true
		}
	}
	return v, ok
}

// Names returns the distinct resource names, sorted.
func (r Resources) Names() []string {
	var out []string
	for i := range r {
		out = append(out, r[i].Name)
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// Allocate returns the resources with their allocation role set to role.
func (r Resources) Allocate(role string) Resources {
	out := make(Resources, 0, len(r))
	for i := range r {
		x := r[i]
		x.Allocation = role
		out.Add(x)
	}
	return out
}

// Unallocate returns the resources without allocation role.
func (r Resources) Unallocate() Resources {
	allocated := false
	for i := range r {
		if r[i].Allocation != "" {
			allocated = true
			break
		}
	}
	if !allocated {
		return r
	}
	out := make(Resources, 0, len(r))
	for i := range r {
		x := r[i]
		x.Allocation = ""
		out.Add(x)
	}
	return out
}

// AllocatedTo returns the resources whose allocation role is role.
func (r Resources) AllocatedTo(role string) Resources {
	return r.Filter(func(x *Resource) bool { return x.Allocation == role })
}

// Allocations groups the resources by allocation role; unallocated
// resources are under "".
func (r Resources) Allocations() map[string]Resources {
	out := make(map[string]Resources)
	for i := range r {
		rs := out[r[i].Allocation]
		rs.Add(r[i])
		out[r[i].Allocation] = rs
	}
	return out
}

// AllocationRoles returns the distinct allocation roles, sorted.
func (r Resources) AllocationRoles() []string {
	var out []string
	for i := range r {
		out = append(out, r[i].Allocation)
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// PushReservation returns the resources with res pushed on top of their
// reservation stacks.
func (r Resources) PushReservation(res Reservation) Resources {
	out := make(Resources, 0, len(r))
	for i := range r {
		m := r[i].copyMeta()
		m.Reservations = append(m.Reservations, res)
		out.Add(r[i].withMeta(m))
	}
	return out
}

// PopReservation returns the resources with the most refined reservation
// removed; unreserved resources are returned unchanged.
func (r Resources) PopReservation() Resources {
	out := make(Resources, 0, len(r))
	for i := range r {
		if r[i].IsUnreserved() {
			out.Add(r[i])
			continue
		}
		m := r[i].copyMeta()
		m.Reservations = m.Reservations[:len(m.Reservations)-1]
		out.Add(r[i].withMeta(m))
	}
	return out
}

// ToUnreserved returns the resources with their reservations removed.
func (r Resources) ToUnreserved() Resources {
	out := make(Resources, 0, len(r))
	for i := range r {
		if r[i].IsUnreserved() {
			out.Add(r[i])
			continue
		}
		m := r[i].copyMeta()
		m.Reservations = nil
		out.Add(r[i].withMeta(m))
	}
	return out
}

// ScalarQuantities sums the scalar resources by name, ignoring identity
// (ResourceQuantities::fromScalarResources over r.Scalars()).
func (r Resources) ScalarQuantities() Quantities {
	q := make(Quantities, 0, len(r))
	for i := range r {
		if r[i].Type == ScalarType {
			q = q.add(r[i].Name, r[i].Scalar)
		}
	}
	return q
}

// Quantities sums every resource by name, counting range integers and set
// items (ResourceQuantities::fromResources).
func (r Resources) Quantities() Quantities {
	var q Quantities
	for i := range r {
		q = q.add(r[i].Name, r[i].quantity())
	}
	return q
}

// ContainsQuantities reports whether r holds at least q of every name,
// counting range integers and set items (Mesos's
// Resources::contains(ResourceQuantities), used by the minimum allocatable
// resources check).
func (r Resources) ContainsQuantities(q Quantities) bool {
	for _, e := range q {
		var have Scalar
		for i := range r {
			if r[i].Name == e.Name {
				have += r[i].quantity()
				if have >= e.Value {
					break
				}
			}
		}
		if have < e.Value {
			return false
		}
	}
	return true
}
