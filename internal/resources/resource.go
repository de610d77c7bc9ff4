package resources

import "math"

// ValueType is the type of a resource's value: scalar, ranges or set
// (Mesos's Value.Type without TEXT, which resources may not have).
type ValueType uint8

// The value types, numbered as in mesos.proto.
const (
	ScalarType ValueType = 0
	RangesType ValueType = 1
	SetType    ValueType = 2
)

// String returns Mesos's name of the type ("SCALAR", "RANGES", "SET").
func (t ValueType) String() string {
	switch t {
	case ScalarType:
		return "SCALAR"
	case RangesType:
		return "RANGES"
	case SetType:
		return "SET"
	}
	return "UNKNOWN"
}

// Meta is the part of a resource's identity that is neither its name, type,
// value nor allocation role. Meta values are immutable once built and are
// shared between resources; nil means "none of these" (an unreserved,
// non-revocable, non-shared resource without disk or provider).
type Meta struct {
	// Reservations is the reservation stack, outermost first; empty means
	// unreserved.
	Reservations []Reservation
	// Disk is the DiskInfo, nil when absent.
	Disk *Disk
	// Provider is the resource provider id; HasProvider its presence.
	Provider    string
	HasProvider bool
	// Revocable marks revocable (oversubscribed) resources.
	Revocable bool
	// Shared marks shared resources (persistent volumes offered to several
	// tasks at once).
	Shared bool
}

var zeroMeta Meta

func metaOf(m *Meta) *Meta {
	if m == nil {
		return &zeroMeta
	}
	return m
}

func metaEqual(a, b *Meta) bool {
	if a == b {
		return true
	}
	a, b = metaOf(a), metaOf(b)
	return a.Revocable == b.Revocable && a.Shared == b.Shared &&
		a.HasProvider == b.HasProvider && a.Provider == b.Provider &&
		diskEqual(a.Disk, b.Disk) && reservationsEqual(a.Reservations, b.Reservations)
}

// isZero reports whether m carries nothing.
func (m *Meta) isZero() bool {
	return m == nil || (len(m.Reservations) == 0 && m.Disk == nil && !m.HasProvider && !m.Revocable && !m.Shared)
}

// normalized returns nil for a Meta that carries nothing, m otherwise.
func (m *Meta) normalized() *Meta {
	if m.isZero() {
		return nil
	}
	return m
}

// Resource is one Mesos resource: a name, a value, an optional allocation
// role and the identity in Meta. Ranges and Set values are canonical and
// shared; treat them as read-only.
type Resource struct {
	Name   string
	Type   ValueType
	Scalar Scalar
	Ranges Ranges
	Set    Set
	// Allocation is the role the resource is offered or allocated to
	// (Mesos's allocation_info.role); "" when unallocated.
	Allocation string
	// Meta is the rest of the identity (reservations, disk, flags); nil for
	// a plain resource.
	Meta *Meta
	// Copies counts the copies of a shared resource (Mesos's sharedCount);
	// it is ignored for non-shared resources and read as 1 when zero.
	Copies int32
}

// NewScalar returns an unreserved scalar resource.
func NewScalar(name string, v float64) Resource {
	return Resource{Name: name, Type: ScalarType, Scalar: ScalarOf(v)}
}

// NewRangesResource returns an unreserved ranges resource.
func NewRangesResource(name string, rs ...Range) Resource {
	return Resource{Name: name, Type: RangesType, Ranges: NewRanges(rs...)}
}

// NewSetResource returns an unreserved set resource.
func NewSetResource(name string, items ...string) Resource {
	return Resource{Name: name, Type: SetType, Set: NewSet(items...)}
}

// meta returns the resource's identity, never nil.
func (r *Resource) meta() *Meta { return metaOf(r.Meta) }

func (r *Resource) copies() int32 {
	if r.Copies == 0 {
		return 1
	}
	return r.Copies
}

// IsEmpty reports whether the value is zero (or the shared copies are
// none).
func (r *Resource) IsEmpty() bool {
	if r.IsShared() && r.Copies < 0 {
		return true
	}
	switch r.Type {
	case ScalarType:
		return r.Scalar == 0
	case RangesType:
		return len(r.Ranges) == 0
	case SetType:
		return len(r.Set) == 0
	}
	return true
}

// IsUnreserved reports whether the reservation stack is empty.
func (r *Resource) IsUnreserved() bool { return r.Meta == nil || len(r.Meta.Reservations) == 0 }

// IsReserved reports whether the resource is reserved.
func (r *Resource) IsReserved() bool { return !r.IsUnreserved() }

// IsReservedTo reports whether the resource is reserved and its reservation
// role (the most refined) is role.
func (r *Resource) IsReservedTo(role string) bool {
	return r.IsReserved() && r.ReservationRole() == role
}

// ReservationRole is the role of the most refined reservation, "" for an
// unreserved resource.
func (r *Resource) ReservationRole() string {
	if r.IsUnreserved() {
		return ""
	}
	rs := r.Meta.Reservations
	return rs[len(rs)-1].Role
}

// IsDynamicallyReserved reports whether the most refined reservation is
// dynamic.
func (r *Resource) IsDynamicallyReserved() bool {
	if r.IsUnreserved() {
		return false
	}
	rs := r.Meta.Reservations
	return rs[len(rs)-1].Type == Dynamic
}

// HasRefinedReservations reports whether the stack holds more than one
// reservation.
func (r *Resource) HasRefinedReservations() bool {
	return r.Meta != nil && len(r.Meta.Reservations) > 1
}

// IsAllocatableTo reports whether the resource may be offered to role:
// unreserved, or reserved to role or one of its ancestors (Mesos's
// isAllocatableTo).
func (r *Resource) IsAllocatableTo(role string) bool {
	if r.IsUnreserved() {
		return true
	}
	rr := r.ReservationRole()
	return rr == role || IsStrictSubroleOf(role, rr)
}

// IsReservedToRoleSubtree reports whether the resource is reserved to role
// or to one of its descendants.
func (r *Resource) IsReservedToRoleSubtree(role string) bool {
	if r.IsUnreserved() {
		return false
	}
	rr := r.ReservationRole()
	return rr == role || IsStrictSubroleOf(rr, role)
}

// IsRevocable reports the revocable flag.
func (r *Resource) IsRevocable() bool { return r.Meta != nil && r.Meta.Revocable }

// IsShared reports the shared flag.
func (r *Resource) IsShared() bool { return r.Meta != nil && r.Meta.Shared }

// IsPersistentVolume reports whether the resource is a disk with
// persistence.
func (r *Resource) IsPersistentVolume() bool {
	return r.Meta != nil && r.Meta.Disk != nil && r.Meta.Disk.HasPersistence
}

// IsDisk reports whether the resource has a disk source of type t.
func (r *Resource) IsDisk(t DiskSource) bool {
	return r.Meta != nil && r.Meta.Disk != nil && r.Meta.Disk.Source == t
}

// HasProvider reports whether the resource comes from a resource provider.
func (r *Resource) HasProvider() bool { return r.Meta != nil && r.Meta.HasProvider }

// IsAllocated reports whether the resource carries an allocation role.
func (r *Resource) IsAllocated() bool { return r.Allocation != "" }

// sameIdentity is Mesos's compareResourceMetadata: everything but the value.
func (r *Resource) sameIdentity(o *Resource) bool {
	return r.Name == o.Name && r.Type == o.Type && r.Allocation == o.Allocation && metaEqual(r.Meta, o.Meta)
}

// valueEqual compares the values of two resources of the same type.
func (r *Resource) valueEqual(o *Resource) bool {
	switch r.Type {
	case ScalarType:
		return r.Scalar == o.Scalar
	case RangesType:
		return r.Ranges.Equal(o.Ranges)
	case SetType:
		return r.Set.Equal(o.Set)
	}
	return false
}

// Equal is Mesos's operator== on Resource (identity and value), extended
// with the copy count of shared resources (Resource_ equality).
func (r *Resource) Equal(o *Resource) bool {
	if !r.sameIdentity(o) || !r.valueEqual(o) {
		return false
	}
	return !r.IsShared() || r.copies() == o.copies()
}

// protoEqual is Resource equality without the shared copy count.
func (r *Resource) protoEqual(o *Resource) bool {
	return r.sameIdentity(o) && r.valueEqual(o)
}

// addable is Mesos's internal::addable: whether r and o combine into one
// resource.
func (r *Resource) addable(o *Resource) bool {
	if r.IsShared() != o.IsShared() {
		return false
	}
	if r.IsShared() {
		return r.protoEqual(o)
	}
	if !r.sameIdentity(o) {
		return false
	}
	if d := r.meta().Disk; d != nil {
		switch d.Source {
		case DiskSourceMount, DiskSourceBlock:
			return false
		case DiskSourceRaw:
			if d.HasSourceID {
				return false
			}
		}
		if d.HasPersistence {
			return false
		}
	}
	return true
}

// subtractable is Mesos's internal::subtractable.
func (r *Resource) subtractable(o *Resource) bool {
	if r.IsShared() != o.IsShared() {
		return false
	}
	if r.IsShared() {
		return r.protoEqual(o)
	}
	if !r.sameIdentity(o) {
		return false
	}
	if d := r.meta().Disk; d != nil {
		switch d.Source {
		case DiskSourceMount, DiskSourceBlock:
			if !r.valueEqual(o) {
				return false
			}
		case DiskSourceRaw:
			if d.HasSourceID && !r.valueEqual(o) {
				return false
			}
		}
		if d.HasPersistence && !r.valueEqual(o) {
			return false
		}
	}
	return true
}

// containsOne is Mesos's contains(Resource, Resource) for non-shared
// resources and Resource_::contains for shared ones.
func (r *Resource) containsOne(o *Resource) bool {
	if r.IsShared() != o.IsShared() {
		return false
	}
	if r.IsShared() {
		return r.copies() >= o.copies() && r.protoEqual(o)
	}
	if !r.subtractable(o) {
		return false
	}
	switch r.Type {
	case ScalarType:
		return o.Scalar <= r.Scalar
	case RangesType:
		return r.Ranges.Contains(o.Ranges)
	case SetType:
		return r.Set.Contains(o.Set)
	}
	return false
}

// plus combines o into r (they must be addable).
func (r *Resource) plus(o *Resource) {
	if r.IsShared() {
		r.Copies = r.copies() + o.copies()
		return
	}
	switch r.Type {
	case ScalarType:
		r.Scalar += o.Scalar
	case RangesType:
		r.Ranges = r.Ranges.Union(o.Ranges)
	case SetType:
		r.Set = r.Set.Union(o.Set)
	}
}

// minus subtracts o from r (they must be subtractable) and reports whether
// r is now empty or negative, i.e. must be removed.
func (r *Resource) minus(o *Resource) (gone bool) {
	if r.IsShared() {
		r.Copies = r.copies() - o.copies()
		return r.Copies <= 0
	}
	switch r.Type {
	case ScalarType:
		r.Scalar -= o.Scalar
		return r.Scalar <= 0
	case RangesType:
		r.Ranges = r.Ranges.Minus(o.Ranges)
		return len(r.Ranges) == 0
	case SetType:
		r.Set = r.Set.Minus(o.Set)
		return len(r.Set) == 0
	}
	return true
}

// quantity is the amount of the value: the scalar, the number of range
// integers, the number of set items (as in ResourceQuantities::fromResources).
func (r *Resource) quantity() Scalar {
	switch r.Type {
	case ScalarType:
		return r.Scalar
	case RangesType:
		c := r.Ranges.Count()
		if c > math.MaxInt64/1000 {
			return Scalar(math.MaxInt64 / 1000 * 1000)
		}
		return Scalar(c) * ScalarUnit
	case SetType:
		return Scalar(len(r.Set)) * ScalarUnit
	}
	return 0
}

// withMeta returns a copy of r with m as its Meta.
func (r Resource) withMeta(m *Meta) Resource {
	r.Meta = m.normalized()
	return r
}

// copyMeta returns a modifiable copy of the resource's Meta.
func (r *Resource) copyMeta() *Meta {
	m := *r.meta()
	m.Reservations = append([]Reservation(nil), m.Reservations...)
	return &m
}
