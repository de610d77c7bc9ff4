package resources

import (
	"slices"
	"strings"
)

// Quantity is one entry of Quantities.
type Quantity struct {
	Name  string
	Value Scalar
}

// Quantities maps resource names to positive scalar amounts, kept sorted by
// name (Mesos's ResourceQuantities). Zero entries are dropped; subtraction
// clamps at zero and drops the entry. Methods never modify their receiver.
type Quantities []Quantity

// QuantitiesOf builds Quantities from a name → value map, ignoring values
// that are not positive.
func QuantitiesOf(m map[string]float64) Quantities {
	var q Quantities
	for name, v := range m {
		q = q.add(name, ScalarOf(v))
	}
	return q
}

// Get returns the amount of name (0 when absent).
func (q Quantities) Get(name string) Scalar {
	i, ok := q.find(name)
	if !ok {
		return 0
	}
	return q[i].Value
}

func (q Quantities) find(name string) (int, bool) {
	return slices.BinarySearchFunc(q, name, func(e Quantity, n string) int { return strings.Compare(e.Name, n) })
}

// add returns q with v added to name, reusing q's storage when possible.
func (q Quantities) add(name string, v Scalar) Quantities {
	if v <= 0 {
		return q
	}
	i, ok := q.find(name)
	if ok {
		q[i].Value += v
		return q
	}
	return slices.Insert(q, i, Quantity{name, v})
}

// Plus returns q + o in new storage.
func (q Quantities) Plus(o Quantities) Quantities {
	if len(o) == 0 {
		return q.Clone()
	}
	if len(q) == 0 {
		return o.Clone()
	}
	out := make(Quantities, 0, len(q)+len(o))
	i, j := 0, 0
	for i < len(q) || j < len(o) {
		switch {
		case j == len(o) || (i < len(q) && q[i].Name < o[j].Name):
			out = append(out, q[i])
			i++
		case i == len(q) || o[j].Name < q[i].Name:
			out = append(out, o[j])
			j++
		default:
			out = append(out, Quantity{q[i].Name, q[i].Value + o[j].Value})
			i++
			j++
		}
	}
	return out
}

// Minus returns q - o in new storage, each entry clamped at zero (and
// then dropped).
func (q Quantities) Minus(o Quantities) Quantities {
	if len(o) == 0 || len(q) == 0 {
		return q.Clone()
	}
	out := make(Quantities, 0, len(q))
	j := 0
	for _, e := range q {
		for j < len(o) && o[j].Name < e.Name {
			j++
		}
		if j < len(o) && o[j].Name == e.Name {
			if e.Value > o[j].Value {
				out = append(out, Quantity{e.Name, e.Value - o[j].Value})
			}
			continue
		}
		out = append(out, e)
	}
	return out
}

// Add adds o to q in place: q's storage is reused when every name of o is
// already in q, so q must not share storage with another value.
func (q *Quantities) Add(o Quantities) {
	cur := *q
	if len(cur) == len(o) {
		same := true
		for i := range o {
			if cur[i].Name != o[i].Name {
				same = false
				break
			}
		}
		if same {
			for i := range o {
				cur[i].Value += o[i].Value
			}
			return
		}
	}
	j := 0
	for _, e := range o {
		for j < len(cur) && cur[j].Name < e.Name {
			j++
		}
		if j == len(cur) || cur[j].Name != e.Name {
			*q = cur.Plus(o)
			return
		}
	}
	j = 0
	for _, e := range o {
		for cur[j].Name < e.Name {
			j++
		}
		cur[j].Value += e.Value
	}
}

// Sub subtracts o from q in place (clamping at zero and dropping emptied
// entries); q must not share storage with another value.
func (q *Quantities) Sub(o Quantities) {
	cur := *q
	if len(cur) == 0 || len(o) == 0 {
		return
	}
	n, j := 0, 0
	for _, e := range cur {
		for j < len(o) && o[j].Name < e.Name {
			j++
		}
		if j < len(o) && o[j].Name == e.Name {
			if e.Value <= o[j].Value {
				continue
			}
			e.Value -= o[j].Value
		}
		cur[n] = e
		n++
	}
	clear(cur[n:])
	*q = cur[:n]
}

// Min returns the per-name minimum of q and o (names in both).
func (q Quantities) Min(o Quantities) Quantities {
	var out Quantities
	j := 0
	for _, e := range q {
		for j < len(o) && o[j].Name < e.Name {
			j++
		}
		if j < len(o) && o[j].Name == e.Name {
			out = append(out, Quantity{e.Name, min(e.Value, o[j].Value)})
		}
	}
	return out
}

// Contains reports whether q holds at least o of every name.
func (q Quantities) Contains(o Quantities) bool {
	i := 0
	for _, e := range o {
		for i < len(q) && q[i].Name < e.Name {
			i++
		}
		if i == len(q) || q[i].Name != e.Name || q[i].Value < e.Value {
			return false
		}
	}
	return true
}

// Equal reports whether q and o are the same.
func (q Quantities) Equal(o Quantities) bool { return slices.Equal(q, o) }

// Empty reports whether q has no entry.
func (q Quantities) Empty() bool { return len(q) == 0 }

// Clone returns a copy of q.
func (q Quantities) Clone() Quantities { return slices.Clone(q) }

// Map returns q as a name → float map.
func (q Quantities) Map() map[string]float64 {
	m := make(map[string]float64, len(q))
	for _, e := range q {
		m[e.Name] = e.Value.Float()
	}
	return m
}

// String prints "cpus:1; mem:512", or "{}" when empty (as Mesos does).
func (q Quantities) String() string {
	if len(q) == 0 {
		return "{}"
	}
	var b strings.Builder
	for i, e := range q {
		if i > 0 {
			b.WriteString("; ")
		}
		b.WriteString(e.Name)
		b.WriteByte(':')
		b.WriteString(e.Value.String())
	}
	return b.String()
}
