package resources

// Shuffler randomises the order in which Shrink visits resources, as Mesos
// shuffles them before chopping (*math/rand/v2.Rand satisfies it). A nil
// Shuffler keeps the collection's order.
type Shuffler interface {
	Shuffle(n int, swap func(i, j int))
}

// shrinkOne chops a scalar resource down to target. Resources that are
// already within target are kept whole; disks that cannot be split (MOUNT
// and BLOCK disks, persistent volumes, RAW disks with an id) report false
// (Mesos's Resources::shrink).
func shrinkOne(x *Resource, target Scalar) bool {
	if x.Scalar <= target {
		return true
	}
	if x.Meta != nil && x.Meta.Disk != nil {
		smaller := *x
		smaller.Scalar = target
		if !x.containsOne(&smaller) {
			return false
		}
	}
	x.Scalar = target
	return true
}

func shuffled(r Resources, rng Shuffler) Resources {
	out := r.Clone()
	if rng != nil && len(out) > 1 {
		rng.Shuffle(len(out), func(i, j int) { out[i], out[j] = out[j], out[i] })
	}
	return out
}

// Shrink returns at most target of the scalar resources r, chopping
// divisible resources and dropping indivisible ones that do not fit; names
// absent from target are dropped (Mesos's shrinkResources with
// ResourceQuantities). r must hold only scalars.
func Shrink(r Resources, target Quantities, rng Shuffler) Resources {
	if target.Empty() || r.Empty() {
		return nil
	}
	remaining := target.Clone()
	var out Resources
	for _, x := range shuffled(r, rng) {
		t := remaining.Get(x.Name)
		if t == 0 || x.Type != ScalarType {
			continue
		}
		if shrinkOne(&x, t) {
			remaining = remaining.Minus(Quantities{{x.Name, x.Scalar}})
			out.Add(x)
		}
	}
	return out
}

// ShrinkToLimits returns r chopped so that no limited name exceeds its
// limit; names without a limit are kept whole (Mesos's shrinkResources with
// ResourceLimits). Limited names must be scalars.
func ShrinkToLimits(r Resources, limits Limits, rng Shuffler) Resources {
	if limits.Empty() || r.Empty() {
		return r
	}
	remaining := limits
	var out Resources
	for _, x := range shuffled(r, rng) {
		lim, ok := remaining.Get(x.Name)
		if !ok {
			out.Add(x)
			continue
		}
		if x.Type != ScalarType {
			continue
		}
		if shrinkOne(&x, lim) {
			remaining = remaining.Minus(Quantities{{x.Name, x.Scalar}})
			out.Add(x)
		}
	}
	return out
}
