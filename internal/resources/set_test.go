package resources

import (
	"testing"

	"pgregory.net/rapid"
)

func TestSetOps(t *testing.T) {
	tests := []struct {
		name        string
		a, b        Set
		union, diff Set
		contains    bool
	}{
		{"disjoint", NewSet("a"), NewSet("b"), NewSet("a", "b"), NewSet("a"), false},
		{"subset", NewSet("a", "b", "c"), NewSet("b"), NewSet("a", "b", "c"), NewSet("a", "c"), true},
		{"duplicates collapse", NewSet("b", "a", "b"), NewSet("a"), NewSet("a", "b"), NewSet("b"), true},
		{"empty", NewSet("a"), nil, NewSet("a"), NewSet("a"), true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.a.Union(tt.b); !got.Equal(tt.union) {
				t.Errorf("union = %v", got)
			}
			if got := tt.a.Minus(tt.b); !got.Equal(tt.diff) {
				t.Errorf("minus = %v", got)
			}
			if got := tt.a.Contains(tt.b); got != tt.contains {
				t.Errorf("contains = %v", got)
			}
		})
	}
}

func TestSetProperties(t *testing.T) {
	gen := rapid.SliceOfN(rapid.SampledFrom([]string{"a", "b", "c", "d", "e"}), 0, 5)
	rapid.Check(t, func(t *rapid.T) {
		a, b := NewSet(gen.Draw(t, "a")...), NewSet(gen.Draw(t, "b")...)
		if !a.Union(b).Contains(a) || !a.Union(b).Contains(b) {
			t.Fatalf("union does not contain its parts")
		}
		if !a.Minus(b).Union(b).Contains(a) || !a.Contains(a.Minus(b)) {
			t.Fatalf("minus broken: %v - %v = %v", a, b, a.Minus(b))
		}
		for _, it := range a.Minus(b) {
			if b.Contains(Set{it}) {
				t.Fatalf("%v - %v still holds %q", a, b, it)
			}
		}
	})
}
