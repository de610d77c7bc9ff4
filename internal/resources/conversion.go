package resources

import (
	"fmt"

	"github.com/mactor/mactor/messages/mesos"
)

// Conversion replaces Consumed by Converted (Mesos's ResourceConversion).
// Check, when set, validates the result (Mesos's post-validation).
type Conversion struct {
	Consumed  Resources
	Converted Resources
	Check     func(Resources) error
}

// Apply returns r with the conversion applied, or an error wrapping
// ErrNotContained when r does not contain what the conversion consumes.
func (r Resources) Apply(c Conversion) (Resources, error) {
	if !r.Contains(c.Consumed) {
		return nil, fmt.Errorf("%w: %v does not contain %v", ErrNotContained, r, c.Consumed)
	}
	out := r.Minus(c.Consumed)
	out.AddAll(c.Converted)
	if c.Check != nil {
		if err := c.Check(out); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// ApplyAll applies the conversions in order.
func (r Resources) ApplyAll(cs []Conversion) (Resources, error) {
	out := r
	for _, c := range cs {
		var err error
		if out, err = out.Apply(c); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// ApplyOperations applies offer operations in order (Mesos's
// Resources::apply(Offer::Operation)), checking that the amounts of cpus,
// gpus, mem, disk and ports do not change.
func (r Resources) ApplyOperations(ops []*mesos.Offer_Operation) (Resources, error) {
	out := r
	for _, op := range ops {
		cs, err := ConversionsOf(op)
		if err != nil {
			return nil, err
		}
		next, err := out.ApplyAll(cs)
		if err != nil {
			return nil, err
		}
		for _, name := range []string{"cpus", "gpus", "mem", "disk", "ports"} {
			if out.Get(name).Quantities().Get(name) != next.Get(name).Quantities().Get(name) {
				return nil, fmt.Errorf("%w: operation %v changes the amount of %s", ErrInvalid, op.GetType(), name)
			}
		}
		out = next
	}
	return out, nil
}

// ConversionsOf returns the conversions of an offer operation (Mesos's
// getResourceConversions): RESERVE, UNRESERVE, CREATE, DESTROY,
// GROW_VOLUME and SHRINK_VOLUME. Other operations are ErrUnsupported.
func ConversionsOf(op *mesos.Offer_Operation) ([]Conversion, error) {
	switch op.GetType() {
	case mesos.Offer_Operation_RESERVE:
		reserved, err := FromProto(op.GetReserve().GetResources())
		if err != nil {
			return nil, fmt.Errorf("RESERVE: %w", err)
		}
		var consumed Resources
		if src := op.GetReserve().GetSource(); len(src) > 0 {
			if consumed, err = FromProto(src); err != nil {
				return nil, fmt.Errorf("RESERVE source: %w", err)
			}
		} else {
			consumed = reserved.PopReservation()
		}
		return []Conversion{{Consumed: consumed, Converted: reserved}}, nil

	case mesos.Offer_Operation_UNRESERVE:
		var cs []Conversion
		for _, pr := range op.GetUnreserve().GetResources() {
			x, err := ResourceFromProto(pr)
			if err != nil {
				return nil, fmt.Errorf("UNRESERVE: %w", err)
			}
			reserved := Of(x)
			cs = append(cs, Conversion{Consumed: reserved, Converted: reserved.PopReservation()})
		}
		return cs, nil

	case mesos.Offer_Operation_CREATE:
		var cs []Conversion
		for _, pr := range op.GetCreate().GetVolumes() {
			v, err := ResourceFromProto(pr)
			if err != nil {
				return nil, fmt.Errorf("CREATE: %w", err)
			}
			cs = append(cs, Conversion{Consumed: Of(stripPersistence(v)), Converted: Of(v)})
		}
		return cs, nil

	case mesos.Offer_Operation_DESTROY:
		var cs []Conversion
		for _, pr := range op.GetDestroy().GetVolumes() {
			v, err := ResourceFromProto(pr)
			if err != nil {
				return nil, fmt.Errorf("DESTROY: %w", err)
			}
			volume := v
			cs = append(cs, Conversion{
				Consumed:  Of(v),
				Converted: Of(stripPersistence(v)),
				Check: func(r Resources) error {
					if r.ContainsResource(volume) {
						return fmt.Errorf("%w: persistent volume %v cannot be removed due to additional shared copies", ErrInvalid, volume)
					}
					return nil
				},
			})
		}
		return cs, nil

	case mesos.Offer_Operation_GROW_VOLUME:
		g := op.GetGrowVolume()
		v, err := ResourceFromProto(g.GetVolume())
		if err != nil {
			return nil, fmt.Errorf("GROW_VOLUME volume: %w", err)
		}
		add, err := ResourceFromProto(g.GetAddition())
		if err != nil {
			return nil, fmt.Errorf("GROW_VOLUME addition: %w", err)
		}
		if v.HasProvider() {
			return nil, fmt.Errorf("%w: GROW_VOLUME on a resource provider's volume", ErrUnsupported)
		}
		grown := v
		grown.Scalar += add.Scalar
		return []Conversion{{Consumed: Of(v, add), Converted: Of(grown)}}, nil

	case mesos.Offer_Operation_SHRINK_VOLUME:
		s := op.GetShrinkVolume()
		v, err := ResourceFromProto(s.GetVolume())
		if err != nil {
			return nil, fmt.Errorf("SHRINK_VOLUME volume: %w", err)
		}
		if v.HasProvider() {
			return nil, fmt.Errorf("%w: SHRINK_VOLUME on a resource provider's volume", ErrUnsupported)
		}
		sub := ScalarOf(s.GetSubtract().GetValue())
		freed := stripPersistence(v)
		freed.Scalar = sub
		shrunk := v
		shrunk.Scalar -= sub
		return []Conversion{{Consumed: Of(v), Converted: Of(shrunk, freed)}}, nil
	}
	return nil, fmt.Errorf("%w: %v", ErrUnsupported, op.GetType())
}

// stripPersistence returns the disk resource a persistent volume is made
// from: no persistence, no volume, not shared.
func stripPersistence(v Resource) Resource {
	m := v.copyMeta()
	if m.Disk != nil {
		m.Disk = m.Disk.withoutPersistence()
	}
	m.Shared = false
	v.Copies = 0
	return v.withMeta(m)
}
