//lint:file-ignore SA1019 reads and validates the pre-refinement Resource.role and Resource.reservation fields, as Mesos does

package resources

import (
	"fmt"
	"slices"
	"strings"

	"google.golang.org/protobuf/proto"

	"github.com/mactor/mactor/messages/mesos"
)

// FromProto converts Mesos resources, in either the pre- or the
// post-reservation-refinement format, into a Resources collection. Every
// resource is validated as Mesos's Resources::validate does; the first
// invalid one is an error wrapping ErrInvalid (or ErrInvalidRole). Empty
// resources are dropped and addable ones combined.
func FromProto(rs []*mesos.Resource) (Resources, error) {
	out := make(Resources, 0, len(rs))
	for i, pr := range rs {
		r, err := ResourceFromProto(pr)
		if err != nil {
			return nil, fmt.Errorf("resource %d (%s): %w", i, pr.GetName(), err)
		}
		out.Add(r)
	}
	return out, nil
}

// MustFromProto is FromProto for tests and constants: it panics on error.
func MustFromProto(rs []*mesos.Resource) Resources {
	out, err := FromProto(rs)
	if err != nil {
		panic(err)
	}
	return out
}

// ResourceFromProto converts and validates one Mesos resource.
func ResourceFromProto(pr *mesos.Resource) (Resource, error) {
	if pr == nil {
		return Resource{}, fmt.Errorf("%w: nil resource", ErrInvalid)
	}
	if pr.GetName() == "" {
		return Resource{}, fmt.Errorf("%w: empty resource name", ErrInvalid)
	}
	r := Resource{Name: pr.GetName()}
	switch pr.GetType() {
	case mesos.Value_SCALAR:
		if pr.Scalar == nil || pr.Ranges != nil || pr.Set != nil {
			return Resource{}, fmt.Errorf("%w: invalid scalar resource", ErrInvalid)
		}
		v := pr.GetScalar().GetValue()
		if err := validateFloat(v); err != nil {
			return Resource{}, fmt.Errorf("invalid scalar resource: %w", err)
		}
		r.Type, r.Scalar = ScalarType, ScalarOf(v)
		if v != 0 && r.Scalar <= 0 {
			return Resource{}, fmt.Errorf("%w: invalid scalar resource: value <= 0", ErrInvalid)
		}
	case mesos.Value_RANGES:
		if pr.Scalar != nil || pr.Ranges == nil || pr.Set != nil {
			return Resource{}, fmt.Errorf("%w: invalid ranges resource", ErrInvalid)
		}
		rs := make([]Range, 0, len(pr.GetRanges().GetRange()))
		for _, x := range pr.GetRanges().GetRange() {
			rs = append(rs, Range{x.GetBegin(), x.GetEnd()})
		}
		if err := ValidateRanges(rs); err != nil {
			return Resource{}, err
		}
		r.Type, r.Ranges = RangesType, NewRanges(rs...)
	case mesos.Value_SET:
		if pr.Scalar != nil || pr.Ranges != nil || pr.Set == nil {
			return Resource{}, fmt.Errorf("%w: invalid set resource", ErrInvalid)
		}
		items := pr.GetSet().GetItem()
		if err := validateSetItems(items); err != nil {
			return Resource{}, err
		}
		r.Type, r.Set = SetType, NewSet(items...)
	default:
		return Resource{}, fmt.Errorf("%w: unsupported resource type %v", ErrInvalid, pr.GetType())
	}

	m := &Meta{}
	if pr.Disk != nil {
		if pr.GetName() != "disk" {
			return Resource{}, fmt.Errorf("%w: DiskInfo should not be set for %s resource", ErrInvalid, pr.GetName())
		}
		d := NewDisk(pr.Disk)
		switch d.Source {
		case DiskSourceUnknown:
			return Resource{}, fmt.Errorf("%w: unsupported DiskInfo.Source.Type", ErrInvalid)
		case DiskSourceBlock, DiskSourceRaw:
			if s := pr.Disk.GetSource(); s.Mount != nil || s.Path != nil {
				return Resource{}, fmt.Errorf("%w: mount or path set for a %v disk source", ErrInvalid, s.GetType())
			}
		}
		m.Disk = d
	}
	res, err := reservationsFromProto(pr)
	if err != nil {
		return Resource{}, err
	}
	m.Reservations = res
	if pr.ProviderId != nil {
		m.HasProvider, m.Provider = true, pr.ProviderId.GetValue()
	}
	m.Revocable = pr.Revocable != nil
	if pr.Shared != nil {
		if pr.GetName() != "disk" {
			return Resource{}, fmt.Errorf("%w: resource %s cannot be shared", ErrInvalid, pr.GetName())
		}
		if m.Disk == nil || !m.Disk.HasPersistence {
			return Resource{}, fmt.Errorf("%w: only persistent volumes can be shared", ErrInvalid)
		}
		m.Shared = true
		r.Copies = 1
	}
	if ai := pr.GetAllocationInfo(); ai != nil && ai.Role != nil {
		if err := ValidateRole(ai.GetRole()); err != nil {
			return Resource{}, err
		}
		r.Allocation = ai.GetRole()
	}
	r.Meta = m.normalized()
	return r, nil
}

// reservationsFromProto validates the reservation fields and returns the
// post-refinement reservation stack (upgrading the legacy role and
// reservation fields as Mesos's upgradeResource does).
func reservationsFromProto(pr *mesos.Resource) ([]Reservation, error) {
	if len(pr.Reservations) == 0 {
		role := pr.GetRole() // "*" by default
		if err := ValidateRole(role); err != nil {
			return nil, err
		}
		if pr.Reservation != nil {
			if pr.Reservation.Type != nil {
				return nil, fmt.Errorf("%w: 'Resource.ReservationInfo.type' must not be set for the 'Resource.reservation' field", ErrInvalid)
			}
			if pr.Reservation.Role != nil {
				return nil, fmt.Errorf("%w: 'Resource.ReservationInfo.role' must not be set for the 'Resource.reservation' field", ErrInvalid)
			}
			if role == RoleStar {
				return nil, fmt.Errorf("%w: role \"*\" cannot be dynamically reserved", ErrInvalid)
			}
			res := reservationFromProto(pr.Reservation)
			res.Type, res.Role = Dynamic, role
			return []Reservation{res}, nil
		}
		if role == RoleStar {
			return nil, nil
		}
		return []Reservation{StaticReservation(role)}, nil
	}
	out := make([]Reservation, 0, len(pr.Reservations))
	for i, pres := range pr.Reservations {
		if pres.Type == nil {
			return nil, fmt.Errorf("%w: 'Resource.ReservationInfo.type' field must be set", ErrInvalid)
		}
		if pres.Role == nil {
			return nil, fmt.Errorf("%w: 'Resource.ReservationInfo.role' field must be set", ErrInvalid)
		}
		res := reservationFromProto(pres)
		if err := ValidateRole(res.Role); err != nil {
			return nil, err
		}
		if res.Role == RoleStar {
			return nil, fmt.Errorf("%w: role \"*\" cannot be reserved", ErrInvalid)
		}
		switch res.Type {
		case Static, Dynamic:
		default:
			return nil, fmt.Errorf("%w: unsupported 'Resource.ReservationInfo.Type'", ErrInvalid)
		}
		if i > 0 {
			if res.Type == Static {
				return nil, fmt.Errorf("%w: a refined reservation cannot be STATIC", ErrInvalid)
			}
			if !IsStrictSubroleOf(res.Role, out[i-1].Role) {
				return nil, fmt.Errorf("%w: role %q is not a refinement of %q", ErrInvalid, res.Role, out[i-1].Role)
			}
		}
		out = append(out, res)
	}
	if len(out) == 1 {
		res := out[0]
		if pr.Role != nil && pr.GetRole() != res.Role {
			return nil, fmt.Errorf("%w: 'Resource.role' %q does not match the reservation role %q", ErrInvalid, pr.GetRole(), res.Role)
		}
		if res.Type == Static && pr.Reservation != nil {
			return nil, fmt.Errorf("%w: 'Resource.reservation' must not be set for a single STATIC reservation", ErrInvalid)
		}
		if res.Type == Dynamic && (pr.Role != nil) != (pr.Reservation != nil) {
			return nil, fmt.Errorf("%w: 'Resource.role' and 'Resource.reservation' must be both set or both unset", ErrInvalid)
		}
	} else if pr.Role != nil || pr.Reservation != nil {
		return nil, fmt.Errorf("%w: 'Resource.role' and 'Resource.reservation' must not be set with refined reservations", ErrInvalid)
	}
	return out, nil
}

func reservationFromProto(p *mesos.Resource_ReservationInfo) Reservation {
	res := Reservation{
		Type:         ReservationType(p.GetType()),
		Role:         p.GetRole(),
		Principal:    p.GetPrincipal(),
		HasPrincipal: p.Principal != nil,
		HasLabels:    p.Labels != nil,
	}
	for _, l := range p.GetLabels().GetLabels() {
		res.Labels = append(res.Labels, Label{l.GetKey(), l.GetValue()})
	}
	res.Labels = NewLabels(res.Labels...)
	return res
}

// ValidateRanges checks Mesos's rules for a ranges value: no inverted and
// no overlapping ranges.
func ValidateRanges(rs []Range) error {
	for i, r := range rs {
		if r.Begin > r.End {
			return fmt.Errorf("%w: invalid ranges resource: begin > end", ErrInvalid)
		}
		for _, o := range rs[i+1:] {
			if (r.Begin <= o.Begin && o.Begin <= r.End) || (o.Begin <= r.Begin && r.Begin <= o.End) {
				return fmt.Errorf("%w: invalid ranges resource: overlapping ranges", ErrInvalid)
			}
		}
	}
	return nil
}

func validateSetItems(items []string) error {
	seen := make(map[string]struct{}, len(items))
	for _, it := range items {
		if _, dup := seen[it]; dup {
			return fmt.Errorf("%w: invalid set resource: duplicated elements", ErrInvalid)
		}
		seen[it] = struct{}{}
	}
	return nil
}

// ToProto converts the collection to Mesos resources in the
// post-reservation-refinement format. A shared resource is written once
// whatever its copy count, as Mesos does.
func (r Resources) ToProto() []*mesos.Resource {
	out := make([]*mesos.Resource, 0, len(r))
	for i := range r {
		out = append(out, r[i].ToProto())
	}
	return out
}

// ToProto converts one resource.
func (x *Resource) ToProto() *mesos.Resource {
	pr := &mesos.Resource{Name: proto.String(x.Name)}
	switch x.Type {
	case ScalarType:
		pr.Type = mesos.Value_SCALAR.Enum()
		pr.Scalar = &mesos.Value_Scalar{Value: proto.Float64(x.Scalar.Float())}
	case RangesType:
		pr.Type = mesos.Value_RANGES.Enum()
		pr.Ranges = &mesos.Value_Ranges{Range: make([]*mesos.Value_Range, 0, len(x.Ranges))}
		for _, rg := range x.Ranges {
			pr.Ranges.Range = append(pr.Ranges.Range, &mesos.Value_Range{Begin: proto.Uint64(rg.Begin), End: proto.Uint64(rg.End)})
		}
	case SetType:
		pr.Type = mesos.Value_SET.Enum()
		pr.Set = &mesos.Value_Set{Item: slices.Clone(x.Set)}
	}
	if x.Allocation != "" {
		pr.AllocationInfo = &mesos.Resource_AllocationInfo{Role: proto.String(x.Allocation)}
	}
	m := x.meta()
	for _, res := range m.Reservations {
		pres := &mesos.Resource_ReservationInfo{
			Type: mesos.Resource_ReservationInfo_Type(res.Type).Enum(),
			Role: proto.String(res.Role),
		}
		if res.HasPrincipal {
			pres.Principal = proto.String(res.Principal)
		}
		if res.HasLabels {
			pres.Labels = &mesos.Labels{}
			for _, l := range res.Labels {
				pres.Labels.Labels = append(pres.Labels.Labels, &mesos.Label{Key: proto.String(l.Key), Value: proto.String(l.Value)})
			}
		}
		pr.Reservations = append(pr.Reservations, pres)
	}
	if m.Disk != nil {
		pr.Disk = m.Disk.Info()
	}
	if m.HasProvider {
		pr.ProviderId = &mesos.ResourceProviderID{Value: proto.String(m.Provider)}
	}
	if m.Revocable {
		pr.Revocable = &mesos.Resource_RevocableInfo{}
	}
	if m.Shared {
		pr.Shared = &mesos.Resource_SharedInfo{}
	}
	return pr
}

func slicesSortLabels(ls []*mesos.Label) {
	slices.SortFunc(ls, func(a, b *mesos.Label) int {
		if c := strings.Compare(a.GetKey(), b.GetKey()); c != 0 {
			return c
		}
		return strings.Compare(a.GetValue(), b.GetValue())
	})
}
