package resources

import (
	"testing"

	"pgregory.net/rapid"
)

// Cases follow Mesos's values tests (src/tests/values_tests.cpp): coalescing
// of overlapping and adjacent ranges, subtraction that splits a range.
func TestRangesOps(t *testing.T) {
	r := func(b, e uint64) Range { return Range{b, e} }
	tests := []struct {
		name        string
		a, b        Ranges
		union, diff Ranges
		aContainsB  bool
	}{
		{"disjoint", NewRanges(r(1, 2)), NewRanges(r(5, 6)), NewRanges(r(1, 2), r(5, 6)), NewRanges(r(1, 2)), false},
		{"adjacent merge", NewRanges(r(1, 2)), NewRanges(r(3, 4)), NewRanges(r(1, 4)), NewRanges(r(1, 2)), false},
		{"overlap", NewRanges(r(1, 5)), NewRanges(r(3, 7)), NewRanges(r(1, 7)), NewRanges(r(1, 2)), false},
		{"split", NewRanges(r(31000, 32000)), NewRanges(r(31500, 31500)), NewRanges(r(31000, 32000)), NewRanges(r(31000, 31499), r(31501, 32000)), true},
		{"subtract all", NewRanges(r(1, 5)), NewRanges(r(0, 10)), NewRanges(r(0, 10)), nil, false},
		{"many", NewRanges(r(1, 10), r(20, 30)), NewRanges(r(5, 22), r(25, 25)), NewRanges(r(1, 30)), NewRanges(r(1, 4), r(23, 24), r(26, 30)), false},
		{"empty b", NewRanges(r(1, 10)), nil, NewRanges(r(1, 10)), NewRanges(r(1, 10)), true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.a.Union(tt.b); !got.Equal(tt.union) {
				t.Errorf("union = %v, want %v", got, tt.union)
			}
			if got := tt.a.Minus(tt.b); !got.Equal(tt.diff) {
				t.Errorf("minus = %v, want %v", got, tt.diff)
			}
			if got := tt.a.Contains(tt.b); got != tt.aContainsB {
				t.Errorf("contains = %v, want %v", got, tt.aContainsB)
			}
		})
	}
}

func TestNewRangesCoalesces(t *testing.T) {
	got := NewRanges(Range{5, 6}, Range{1, 2}, Range{3, 4}, Range{10, 12}, Range{11, 11})
	want := Ranges{{1, 6}, {10, 12}}
	if !got.Equal(want) {
		t.Fatalf("NewRanges = %v, want %v", got, want)
	}
	if got.Count() != 9 {
		t.Fatalf("Count = %d, want 9", got.Count())
	}
}

func genRanges(t *rapid.T, label string) Ranges {
	n := rapid.IntRange(0, 5).Draw(t, label+"n")
	var rs []Range
	for i := 0; i < n; i++ {
		b := rapid.Uint64Range(0, 100).Draw(t, label+"b")
		e := b + rapid.Uint64Range(0, 20).Draw(t, label+"e")
		rs = append(rs, Range{b, e})
	}
	return NewRanges(rs...)
}

func members(rs Ranges) map[uint64]bool {
	m := map[uint64]bool{}
	for _, r := range rs {
		for v := r.Begin; v <= r.End; v++ {
			m[v] = true
		}
	}
	return m
}

// Ranges behave as sets of integers.
func TestRangesProperties(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		a, b := genRanges(t, "a"), genRanges(t, "b")
		ma, mb := members(a), members(b)
		u, d := members(a.Union(b)), members(a.Minus(b))
		for v := uint64(0); v <= 130; v++ {
			if u[v] != (ma[v] || mb[v]) {
				t.Fatalf("union wrong at %d: %v ∪ %v = %v", v, a, b, a.Union(b))
			}
			if d[v] != (ma[v] && !mb[v]) {
				t.Fatalf("minus wrong at %d: %v - %v = %v", v, a, b, a.Minus(b))
			}
		}
		contains := true
		for v := range mb {
			if !ma[v] {
				contains = false
			}
		}
		if a.Contains(b) != contains {
			t.Fatalf("%v.Contains(%v) = %v", a, b, a.Contains(b))
		}
		// Canonical results compare structurally.
		if !a.Union(b).Equal(NewRanges(append(append([]Range{}, a...), b...)...)) {
			t.Fatalf("union not canonical")
		}
	})
}
