package resources

import (
	"math"
	"slices"
	"strconv"
	"strings"
)

// Range is an inclusive interval of unsigned integers, like Mesos's
// Value.Range (e.g. ports 31000-32000).
type Range struct {
	Begin, End uint64
}

// Ranges is a canonical list of ranges: sorted by Begin, with overlapping
// and adjacent ranges merged (Mesos's coalesce). Every operation of this
// package returns canonical Ranges and never modifies its arguments, so a
// Ranges value may be shared.
type Ranges []Range

// NewRanges returns the canonical form of rs: sorted, with overlapping and
// adjacent ranges merged. Inverted ranges (Begin > End) are dropped;
// validate input with ValidateRanges first when that matters.
func NewRanges(rs ...Range) Ranges {
	out := make(Ranges, 0, len(rs))
	for _, r := range rs {
		if r.Begin <= r.End {
			out = append(out, r)
		}
	}
	if len(out) == 0 {
		return nil
	}
	slices.SortFunc(out, func(a, b Range) int {
		if a.Begin != b.Begin {
			if a.Begin < b.Begin {
				return -1
			}
			return 1
		}
		if a.End < b.End {
			return -1
		} else if a.End > b.End {
			return 1
		}
		return 0
	})
	n := 0
	for _, r := range out[1:] {
		cur := &out[n]
		if cur.End == math.MaxUint64 || r.Begin <= cur.End+1 {
			cur.End = max(cur.End, r.End)
			continue
		}
		n++
		out[n] = r
	}
	return out[:n+1]
}

// Count is the number of integers in the ranges (saturating at MaxUint64).
func (rs Ranges) Count() uint64 {
	var n uint64
	for _, r := range rs {
		c := r.End - r.Begin + 1
		if c == 0 || n+c < n { // whole uint64 space, or overflow
			return math.MaxUint64
		}
		n += c
	}
	return n
}

// Union returns rs ∪ o.
func (rs Ranges) Union(o Ranges) Ranges {
	if len(o) == 0 {
		return rs
	}
	if len(rs) == 0 {
		return o
	}
	merged := make(Ranges, 0, len(rs)+len(o))
	i, j := 0, 0
	push := func(r Range) {
		if n := len(merged); n > 0 {
			last := &merged[n-1]
			if last.End == math.MaxUint64 || r.Begin <= last.End+1 {
				last.End = max(last.End, r.End)
				return
			}
		}
		merged = append(merged, r)
	}
	for i < len(rs) || j < len(o) {
		if j == len(o) || (i < len(rs) && rs[i].Begin <= o[j].Begin) {
			push(rs[i])
			i++
		} else {
			push(o[j])
			j++
		}
	}
	return merged
}

// Minus returns rs \ o.
func (rs Ranges) Minus(o Ranges) Ranges {
	if len(rs) == 0 || len(o) == 0 {
		return rs
	}
	var out Ranges
	j := 0
	for _, r := range rs {
		cur := r
		alive := true
		for j < len(o) && o[j].End < cur.Begin {
			j++
		}
		for k := j; k < len(o) && o[k].Begin <= cur.End; k++ {
			s := o[k]
			if s.Begin > cur.Begin {
				out = append(out, Range{cur.Begin, s.Begin - 1})
			}
			if s.End >= cur.End {
				alive = false
				break
			}
			cur.Begin = s.End + 1
		}
		if alive {
			out = append(out, cur)
		}
	}
	return out
}

// Contains reports whether every integer of o is in rs.
func (rs Ranges) Contains(o Ranges) bool {
	i := 0
	for _, r := range o {
		for i < len(rs) && rs[i].End < r.Begin {
			i++
		}
		if i == len(rs) || rs[i].Begin > r.Begin || rs[i].End < r.End {
			return false
		}
	}
	return true
}

// Equal reports whether rs and o hold the same integers.
func (rs Ranges) Equal(o Ranges) bool { return slices.Equal(rs, o) }

// String prints Mesos's text form, e.g. "[31000-31999, 32001-32000]".
func (rs Ranges) String() string {
	var b strings.Builder
	b.WriteByte('[')
	for i, r := range rs {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(strconv.FormatUint(r.Begin, 10))
		b.WriteByte('-')
		b.WriteString(strconv.FormatUint(r.End, 10))
	}
	b.WriteByte(']')
	return b.String()
}
