package resources

import (
	"slices"
	"strings"
)

// Limits maps resource names to upper bounds; a name that is absent is
// unlimited (Mesos's ResourceLimits). Entries may be zero. Kept sorted by
// name; methods never modify their receiver.
type Limits []Quantity

// LimitsOf builds Limits from a name → value map; negative values are
// clamped to zero.
func LimitsOf(m map[string]float64) Limits {
	var l Limits
	for name, v := range m {
		l = l.set(name, max(ScalarOf(v), 0))
	}
	return l
}

func (l Limits) find(name string) (int, bool) {
	return slices.BinarySearchFunc(l, name, func(e Quantity, n string) int { return strings.Compare(e.Name, n) })
}

func (l Limits) set(name string, v Scalar) Limits {
	i, ok := l.find(name)
	if ok {
		l[i].Value = v
		return l
	}
	return slices.Insert(l, i, Quantity{name, v})
}

// Get returns the limit of name and whether there is one.
func (l Limits) Get(name string) (Scalar, bool) {
	i, ok := l.find(name)
	if !ok {
		return 0, false
	}
	return l[i].Value, true
}

// Empty reports whether nothing is limited.
func (l Limits) Empty() bool { return len(l) == 0 }

// ContainsQuantities reports whether q stays within the limits.
func (l Limits) ContainsQuantities(q Quantities) bool {
	for _, e := range q {
		if lim, ok := l.Get(e.Name); ok && lim < e.Value {
			return false
		}
	}
	return true
}

// Minus returns the limits reduced by q, clamped at zero (names without a
// limit stay unlimited).
func (l Limits) Minus(q Quantities) Limits {
	if len(l) == 0 || len(q) == 0 {
		return l
	}
	out := slices.Clone(l)
	for i := range out {
		if v := q.Get(out[i].Name); v > 0 {
			out[i].Value = max(out[i].Value-v, 0)
		}
	}
	return out
}

// Equal reports whether l and o are the same.
func (l Limits) Equal(o Limits) bool { return slices.Equal(l, o) }

// Map returns l as a name → float map.
func (l Limits) Map() map[string]float64 {
	m := make(map[string]float64, len(l))
	for _, e := range l {
		m[e.Name] = e.Value.Float()
	}
	return m
}

// String prints "cpus:1; mem:512", or "{}" when empty.
func (l Limits) String() string { return Quantities(l).String() }
