package resources

import (
	"slices"
	"strings"
)

// Set is a canonical set value: sorted, without duplicates. Mesos keeps set
// items in insertion order but compares them as sets; keeping them sorted
// makes every comparison linear. Operations never modify their arguments.
type Set []string

// NewSet returns the canonical form of items.
func NewSet(items ...string) Set {
	if len(items) == 0 {
		return nil
	}
	s := slices.Clone(items)
	slices.Sort(s)
	return slices.Compact(s)
}

// Union returns s ∪ o.
func (s Set) Union(o Set) Set {
	if len(o) == 0 {
		return s
	}
	if len(s) == 0 {
		return o
	}
	out := make(Set, 0, len(s)+len(o))
	i, j := 0, 0
	for i < len(s) || j < len(o) {
		switch {
		case j == len(o) || (i < len(s) && s[i] < o[j]):
			out = append(out, s[i])
			i++
		case i == len(s) || o[j] < s[i]:
			out = append(out, o[j])
			j++
		default:
			out = append(out, s[i])
			i++
			j++
		}
	}
	return out
}

// Minus returns s \ o.
func (s Set) Minus(o Set) Set {
	if len(s) == 0 || len(o) == 0 {
		return s
	}
	var out Set
	j := 0
	for _, it := range s {
		for j < len(o) && o[j] < it {
			j++
		}
		if j < len(o) && o[j] == it {
			continue
		}
		out = append(out, it)
	}
	return out
}

// Contains reports whether every item of o is in s.
func (s Set) Contains(o Set) bool {
	if len(o) > len(s) {
		return false
	}
	i := 0
	for _, it := range o {
		for i < len(s) && s[i] < it {
			i++
		}
		if i == len(s) || s[i] != it {
			return false
		}
		i++
	}
	return true
}

// Equal reports whether s and o hold the same items.
func (s Set) Equal(o Set) bool { return slices.Equal(s, o) }

// String prints Mesos's text form, e.g. "{a, b}".
func (s Set) String() string { return "{" + strings.Join(s, ", ") + "}" }
