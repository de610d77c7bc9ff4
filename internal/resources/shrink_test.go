package resources

import (
	"math/rand/v2"
	"testing"
)

// shrinkResources in Mesos's hierarchical allocator: divisible scalars are
// chopped, MOUNT disks and persistent volumes are kept whole or dropped
// (HierarchicalAllocatorTest.QuotaAllocationGranularityUnchoppableResource).
func TestShrink(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 7))
	q := func(s string) Quantities {
		out, err := ParseQuantities(s)
		if err != nil {
			t.Fatal(err)
		}
		return out
	}
	tests := []struct {
		name   string
		r      Resources
		target Quantities
		want   Resources
	}{
		{"chop", MustParse("cpus:2;mem:1024"), q("cpus:0.5;mem:200"), MustParse("cpus:0.5;mem:200")},
		{"within", MustParse("cpus:1"), q("cpus:2"), MustParse("cpus:1")},
		{"absent names dropped", MustParse("cpus:1;mem:5"), q("cpus:1"), MustParse("cpus:1")},
		{"empty target", MustParse("cpus:1"), nil, nil},
		{"mount disk too big", Of(mountDisk("/m", 100)), q("disk:50"), nil},
		{"mount disk fits", Of(mountDisk("/m", 100)), q("disk:150"), Of(mountDisk("/m", 100))},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			// The order of the result is random (Mesos shuffles); compare
			// as collections.
			if got := Shrink(tt.r, tt.target, rng); !got.Equal(tt.want) {
				t.Fatalf("Shrink = %s, want %s", got, tt.want)
			}
		})
	}
}

func TestShrinkToLimits(t *testing.T) {
	l := LimitsOf(map[string]float64{"cpus": 1, "disk": 0})
	got := ShrinkToLimits(MustParse("cpus:2;mem:5;disk:10"), l, nil)
	if got.String() != "cpus:1; mem:5" {
		t.Fatalf("ShrinkToLimits = %s", got)
	}
	if got := ShrinkToLimits(MustParse("cpus:2"), nil, nil); got.String() != "cpus:2" {
		t.Fatalf("no limits = %s", got)
	}
}
