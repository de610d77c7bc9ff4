package resources

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"pgregory.net/rapid"
)

// genResource draws a resource from a small universe of identities so that
// combining happens often. pool selects disjoint ranges and set items, so
// that resources drawn from different pools never overlap.
func genResource(t *rapid.T, pool int) Resource {
	kind := rapid.IntRange(0, 3).Draw(t, "kind")
	var r Resource
	switch kind {
	case 0, 1:
		name := []string{"cpus", "mem"}[kind]
		r = Resource{Name: name, Type: ScalarType, Scalar: Scalar(rapid.Int64Range(1, 5000).Draw(t, "milli"))}
	case 2:
		b := uint64(pool*1000) + rapid.Uint64Range(0, 900).Draw(t, "begin")
		r = NewRangesResource("ports", Range{b, b + rapid.Uint64Range(0, 50).Draw(t, "len")})
	case 3:
		items := []string{"a", "b", "c", "d"}
		r = NewSetResource("zones", fmt.Sprintf("%d%s", pool, rapid.SampledFrom(items).Draw(t, "item")))
	}
	switch rapid.IntRange(0, 3).Draw(t, "reservation") {
	case 1:
		r = r.withMeta(&Meta{Reservations: []Reservation{StaticReservation("r")}})
	case 2:
		r = r.withMeta(&Meta{Reservations: []Reservation{DynamicReservation("r", "p")}})
	case 3:
		r = r.withMeta(&Meta{Revocable: true})
	}
	if rapid.Bool().Draw(t, "allocated") {
		r.Allocation = "a"
	}
	return r
}

func genResources(t *rapid.T, pool int, label string) Resources {
	n := rapid.IntRange(0, 6).Draw(t, label)
	var out Resources
	for i := 0; i < n; i++ {
		out.Add(genResource(t, pool))
	}
	return out
}

// Algebraic laws of resource arithmetic: (a+b)-b == a for non-overlapping
// values, + is commutative, containment is reflexive and monotone, and
// quantities add up.
func TestResourcesLaws(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		a, b := genResources(t, 0, "a"), genResources(t, 1, "b")
		sum := a.Plus(b)
		if !sum.Minus(b).Equal(a) {
			t.Fatalf("(a+b)-b != a: a=%v b=%v (a+b)-b=%v", a, b, sum.Minus(b))
		}
		if !sum.Equal(b.Plus(a)) {
			t.Fatalf("a+b != b+a")
		}
		if !sum.Contains(a) || !sum.Contains(b) {
			t.Fatalf("a+b does not contain its parts")
		}
		if !a.Contains(a) || !a.Contains(nil) {
			t.Fatalf("contains not reflexive")
		}
		if !a.Contains(a.Minus(b)) {
			t.Fatalf("a does not contain a-b")
		}
		if !sum.Quantities().Equal(a.Quantities().Plus(b.Quantities())) {
			t.Fatalf("quantities do not add up: %v + %v != %v", a.Quantities(), b.Quantities(), sum.Quantities())
		}
		if a.Plus(a).Contains(a.Plus(a)) != true {
			t.Fatalf("doubling")
		}
		if len(b) > 0 && a.Contains(b) && !b.Contains(a) && a.Equal(b) {
			t.Fatalf("Equal inconsistent with Contains")
		}
		for i := range sum {
			for j := range sum {
				if i != j && sum[i].addable(&sum[j]) {
					t.Fatalf("two addable resources left uncombined: %v and %v", sum[i], sum[j])
				}
			}
		}
	})
}

// Converting to protobuf and back is the identity.
func TestProtoRoundTripProperty(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		a := genResources(t, 0, "a")
		back, err := FromProto(a.ToProto())
		if err != nil {
			t.Fatal(err)
		}
		if !back.Equal(a) || back.String() != a.String() {
			t.Fatalf("round trip: %v != %v", back, a)
		}
	})
}

// Shrink never returns more than it was given nor more than the target.
func TestShrinkProperty(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		r := genResources(t, 0, "r").Scalars().Unreserved().NonRevocable()
		target := Quantities{}
		for _, n := range []string{"cpus", "mem"} {
			if rapid.Bool().Draw(t, "has"+n) {
				target = target.add(n, Scalar(rapid.Int64Range(1, 8000).Draw(t, n)))
			}
		}
		rng := rand.New(rand.NewPCG(1, 2))
		got := Shrink(r, target, rng)
		if !r.Contains(got) {
			t.Fatalf("%v does not contain shrunk %v", r, got)
		}
		if !target.Contains(got.ScalarQuantities()) {
			t.Fatalf("shrunk %v exceeds target %v", got, target)
		}
		lim := Limits(target)
		gotL := ShrinkToLimits(r, lim, rng)
		if !r.Contains(gotL) || !lim.ContainsQuantities(gotL.ScalarQuantities()) {
			t.Fatalf("ShrinkToLimits(%v, %v) = %v", r, lim, gotL)
		}
	})
}

// In-place quantity arithmetic agrees with the functional one.
func TestQuantitiesInPlaceProperty(t *testing.T) {
	gen := func(t *rapid.T, label string) Quantities {
		var q Quantities
		for _, n := range []string{"cpus", "disk", "gpus", "mem"} {
			if rapid.Bool().Draw(t, label+n) {
				q = q.add(n, Scalar(rapid.Int64Range(1, 10000).Draw(t, label+n+"v")))
			}
		}
		return q
	}
	rapid.Check(t, func(t *rapid.T) {
		a, b := gen(t, "a"), gen(t, "b")
		sum := a.Clone()
		sum.Add(b)
		if !sum.Equal(a.Plus(b)) {
			t.Fatalf("%v.Add(%v) = %v, want %v", a, b, sum, a.Plus(b))
		}
		diff := a.Clone()
		diff.Sub(b)
		if !diff.Equal(a.Minus(b)) {
			t.Fatalf("%v.Sub(%v) = %v, want %v", a, b, diff, a.Minus(b))
		}
		if !a.Plus(b).Minus(b).Equal(a) {
			t.Fatalf("(a+b)-b != a for quantities %v, %v", a, b)
		}
	})
}
