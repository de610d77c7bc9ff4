package allocator

import (
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/mactor/mactor/internal/resources"
)

// sorterScript drives a Sorter with client paths, like Mesos's
// sorter_tests.cpp does with its string clients.
type sorterScript struct {
	t     *testing.T
	s     Sorter
	total *Total
	ids   map[string]int32
	paths map[int32]string
}

func newSorterScript(t *testing.T, kind string, flat bool) *sorterScript {
	total := &Total{}
	opts := SorterOptions{Total: total, Rand: rand.New(rand.NewPCG(1, 2))}
	return &sorterScript{t: t, s: newSorter(kind, opts, flat), total: total, ids: map[string]int32{}, paths: map[int32]string{}}
}

func (x *sorterScript) setTotal(q string) {
	x.total.q = quantities(q)
	x.total.version++
}

func quantities(s string) resources.Quantities {
	q, err := resources.ParseQuantities(s)
	if err != nil {
		panic(err)
	}
	return q
}

func (x *sorterScript) add(paths ...string) {
	for _, p := range paths {
		id := int32(len(x.paths))
		x.ids[p], x.paths[id] = id, p
		x.s.Add(Client{ID: id, Path: p})
		x.s.Activate(id)
	}
}

func (x *sorterScript) remove(p string)         { x.s.Remove(x.ids[p]); delete(x.ids, p) }
func (x *sorterScript) activate(p string)       { x.s.Activate(x.ids[p]) }
func (x *sorterScript) deactivate(p string)     { x.s.Deactivate(x.ids[p]) }
func (x *sorterScript) allocated(p, q string)   { x.s.Allocated(x.ids[p], res(q).ScalarQuantities()) }
func (x *sorterScript) unallocated(p, q string) { x.s.Unallocated(x.ids[p], res(q).ScalarQuantities()) }
func (x *sorterScript) update(p, old, new string) {
	x.s.Update(x.ids[p], quantities(old), quantities(new))
}
func (x *sorterScript) weight(p string, w float64) { x.s.UpdateWeight(p, w) }

func (x *sorterScript) sorted() []string {
	var out []string
	for _, id := range x.s.Sort(nil) {
		out = append(out, x.paths[id])
	}
	return out
}

func (x *sorterScript) expect(want ...string) {
	x.t.Helper()
	if got := x.sorted(); !slices.Equal(got, want) {
		x.t.Fatalf("sort = %v, want %v", got, want)
	}
}

// Ports of Mesos's DRFSorterTest cases (src/tests/sorter_tests.cpp).
func TestDRFSorter(t *testing.T) {
	tests := []struct {
		name string
		run  func(x *sorterScript)
	}{
		{"DRFSorterTest.DRF", func(x *sorterScript) {
			x.setTotal("cpus:100;mem:100")
			x.expect()
			x.add("a")
			x.allocated("a", "cpus:5;mem:5")
			x.add("b")
			x.allocated("b", "cpus:6;mem:6")
			x.expect("a", "b")
			x.add("c")
			x.allocated("c", "cpus:1;mem:1")
			x.add("d")
			x.allocated("d", "cpus:3;mem:1")
			x.expect("c", "d", "a", "b")
			x.remove("a")
			x.unallocated("b", "cpus:4;mem:4")
			x.expect("c", "b", "d")
			x.add("e")
			x.allocated("e", "cpus:1;mem:5")
			x.setTotal("cpus:50;mem:100")
			x.expect("c", "b", "e", "d")
			x.setTotal("cpus:50;mem:200")
			x.add("f")
			x.allocated("f", "cpus:5;mem:1")
			x.allocated("c", "cpus:0;mem:15")
			x.expect("e", "b", "d", "c", "f")
			x.deactivate("d")
			x.expect("e", "b", "c", "f")
			x.activate("d")
			x.expect("e", "b", "d", "c", "f")
		}},
		{"DRFSorterTest.WDRF", func(x *sorterScript) {
			x.setTotal("cpus:100;mem:100")
			x.add("a")
			x.allocated("a", "cpus:5;mem:5")
			x.add("b")
			x.weight("b", 2)
			x.allocated("b", "cpus:6;mem:6")
			x.expect("b", "a")
			x.add("c")
			x.allocated("c", "cpus:4;mem:4")
			x.expect("b", "c", "a")
			x.add("d")
			x.weight("d", 10)
			x.allocated("d", "cpus:10;mem:20")
			x.expect("d", "b", "c", "a")
			x.remove("b")
			x.expect("d", "c", "a")
			x.allocated("d", "cpus:10;mem:25")
			x.expect("c", "d", "a")
			x.add("e")
			x.weight("e", 0.1)
			x.allocated("e", "cpus:1;mem:1")
			x.expect("c", "d", "a", "e")
			x.remove("a")
			x.expect("c", "d", "e")
		}},
		{"DRFSorterTest.AllocationCountTieBreak", func(x *sorterScript) {
			x.setTotal("cpus:100;mem:100")
			x.add("a", "b", "c", "d", "e")
			x.allocated("a", "cpus:3;mem:3")
			x.allocated("b", "cpus:3;mem:3")
			x.allocated("c", "cpus:1;mem:1")
			x.allocated("c", "cpus:1;mem:1")
			x.allocated("c", "cpus:1;mem:1")
			x.allocated("d", "cpus:2;mem:2")
			x.allocated("d", "cpus:1;mem:1")
			x.allocated("e", "cpus:3;mem:3")
			x.expect("a", "b", "e", "d", "c")
			x.unallocated("c", "cpus:3;mem:3")
			x.expect("c", "a", "b", "e", "d")
			x.allocated("c", "cpus:3;mem:3")
			x.expect("a", "b", "e", "d", "c")
			x.deactivate("c")
			x.activate("c")
			x.expect("a", "b", "e", "d", "c")
			x.deactivate("a")
			x.unallocated("a", "cpus:1;mem:3")
			x.allocated("a", "cpus:1;mem:3")
			x.expect("b", "e", "d", "c")
			x.activate("a")
			x.expect("b", "e", "a", "d", "c")
		}},
		{"DRFSorterTest.HierarchicalAllocation", func(x *sorterScript) {
			x.setTotal("cpus:100;mem:100")
			x.add("a", "b/c", "b/d")
			x.expect("a", "b/c", "b/d")
			x.allocated("a", "cpus:6;mem:6")
			x.expect("b/c", "b/d", "a")
			x.allocated("b/c", "cpus:4;mem:4")
			x.allocated("b/d", "cpus:3;mem:3")
			x.expect("a", "b/d", "b/c")
			x.allocated("a", "cpus:2;mem:2")
			x.expect("b/d", "b/c", "a")
			x.add("b/e/f")
			x.expect("b/e/f", "b/d", "b/c", "a")
			x.allocated("b/e/f", "cpus:3.5;mem:3.5")
			x.expect("a", "b/d", "b/e/f", "b/c")
			x.remove("b/e/f")
			x.expect("b/d", "b/c", "a")
			x.update("b/c", "cpus:4;mem:4", "cpus:1;mem:1")
			x.expect("b/c", "b/d", "a")
			x.add("b/e/f")
			x.allocated("b/e/f", "cpus:3.5;mem:3.5")
			x.expect("b/c", "b/d", "b/e/f", "a")
		}},
		{"DRFSorterTest.HierarchicalIterationOrder", func(x *sorterScript) {
			x.setTotal("cpus:100;mem:100")
			x.add("a/b", "c", "d", "d/e")
			x.expect("a/b", "c", "d", "d/e")
			x.allocated("c", "cpus:8;mem:8")
			x.expect("a/b", "d", "d/e", "c")
			x.allocated("d", "cpus:3;mem:3")
			x.allocated("d/e", "cpus:2;mem:2")
			x.expect("a/b", "d/e", "d", "c")
			x.allocated("a/b", "cpus:6;mem:6")
			x.expect("d/e", "d", "a/b", "c")
		}},
		{"DRFSorterTest.AddChildToLeaf", func(x *sorterScript) {
			x.setTotal("cpus:100;mem:100")
			x.add("a")
			x.allocated("a", "cpus:10;mem:10")
			x.add("b")
			x.allocated("b", "cpus:6;mem:6")
			x.expect("b", "a")
			x.add("a/c")
			x.allocated("a/c", "cpus:5;mem:5")
			x.expect("b", "a/c", "a")
			x.remove("a")
			x.expect("a/c", "b")
			x.add("a")
			x.allocated("a", "cpus:10;mem:10")
			x.expect("b", "a/c", "a")
			x.weight("a/c", 0.2)
			x.expect("b", "a", "a/c")
			x.weight("a", 3)
			x.expect("a", "a/c", "b")
			x.weight("a/c", 1)
			x.expect("a/c", "a", "b")
		}},
		{"DRFSorterTest.AddChildToInternal", func(x *sorterScript) {
			x.setTotal("cpus:100;mem:100")
			x.add("x/a")
			x.allocated("x/a", "cpus:10;mem:10")
			x.add("x/b")
			x.allocated("x/b", "cpus:6;mem:6")
			x.expect("x/b", "x/a")
			x.add("x")
			x.allocated("x", "cpus:7;mem:7")
			x.expect("x/b", "x", "x/a")
			x.add("z")
			x.allocated("z", "cpus:20;mem:20")
			x.expect("z", "x/b", "x", "x/a")
			x.remove("x")
			x.expect("x/b", "x/a", "z")
		}},
		{"DRFSorterTest.AddChildToInactiveLeaf", func(x *sorterScript) {
			x.setTotal("cpus:100;mem:100")
			x.add("a")
			x.allocated("a", "cpus:10;mem:10")
			x.add("b")
			x.allocated("b", "cpus:6;mem:6")
			x.deactivate("a")
			x.expect("b")
			x.add("a/c")
			x.allocated("a/c", "cpus:5;mem:5")
			x.expect("b", "a/c")
		}},
		{"CommonSorterTest.RemoveLeafCollapseParentInactive", func(x *sorterScript) {
			x.setTotal("cpus:100;mem:100")
			x.add("a")
			x.allocated("a", "cpus:10;mem:10")
			x.add("b")
			x.allocated("b", "cpus:6;mem:6")
			x.add("a/c")
			x.allocated("a/c", "cpus:5;mem:5")
			x.deactivate("a")
			x.expect("b", "a/c")
			x.remove("a/c")
			x.expect("b")
		}},
		{"DRFSorterTest.ChangeWeightOnSubtree", func(x *sorterScript) {
			x.setTotal("cpus:100;mem:100")
			x.weight("b", 3)
			x.weight("a", 2)
			x.add("a/x", "b/y")
			x.expect("a/x", "b/y")
			x.allocated("a/x", "cpus:10;mem:10")
			x.allocated("b/y", "cpus:10;mem:10")
			x.expect("b/y", "a/x")
			x.add("b/z")
			x.allocated("b/z", "cpus:5;mem:5")
			x.expect("b/z", "b/y", "a/x")
			x.add("b")
			x.allocated("b", "cpus:4;mem:4")
			x.expect("a/x", "b", "b/z", "b/y")
			x.add("a/zz")
			x.allocated("a/zz", "cpus:2;mem:2")
			x.expect("a/zz", "a/x", "b", "b/z", "b/y")
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.run(newSorterScript(t, SorterDRF, false))
		})
	}
}

// A flat sorter (frameworks) treats '/' as part of the name.
func TestDRFSorterFlat(t *testing.T) {
	x := newSorterScript(t, SorterDRF, true)
	x.setTotal("cpus:10")
	x.add("a/b", "a")
	x.allocated("a", "cpus:1")
	x.expect("a/b", "a")
}

// Mesos's RandomSorterTest.ProbabilityDistribution: weights 1..5 give the
// first positions to heavier clients in the published proportions (±5%).
func TestRandomSorterDistribution(t *testing.T) {
	x := newSorterScript(t, SorterRandom, false)
	for i, w := range []float64{1, 2, 3, 4, 5} {
		p := string(rune('0' + i))
		x.add(p)
		x.weight(p, w)
	}
	const runs = 5000
	var counts [5][5]int
	for range runs {
		for pos, c := range x.sorted() {
			counts[c[0]-'0'][pos]++
		}
	}
	want := [5][5]float64{
		{0.07, 0.08, 0.12, 0.20, 0.54},
		{0.13, 0.16, 0.20, 0.28, 0.23},
		{0.20, 0.22, 0.24, 0.22, 0.12},
		{0.27, 0.26, 0.23, 0.17, 0.07},
		{0.33, 0.28, 0.21, 0.13, 0.04},
	}
	for i := range 5 {
		for j := range 5 {
			got := float64(counts[i][j]) / runs
			if d := got - want[i][j]; d > 0.05 || d < -0.05 {
				t.Errorf("client %d at position %d: %.3f, want %.2f ± 0.05", i, j, got, want[i][j])
			}
		}
	}
}

// Mesos's RandomSorterTest.HierarchicalProbabilityDistribution.
func TestRandomSorterHierarchicalDistribution(t *testing.T) {
	x := newSorterScript(t, SorterRandom, false)
	x.add("a", "a/b", "c/d", "c/e")
	for p, w := range map[string]float64{"a": 1, "a/b": 2, "c": 2, "c/d": 1, "c/e": 2} {
		x.weight(p, w)
	}
	index := map[string]int{"a": 0, "a/b": 1, "c/d": 2, "c/e": 3}
	const runs = 10000
	var counts [4][4]int
	for range runs {
		for pos, c := range x.sorted() {
			counts[index[c]][pos]++
		}
	}
	want := [4][4]float64{
		{0.11, 0.15, 0.23, 0.51},
		{0.22, 0.27, 0.30, 0.21},
		{0.22, 0.27, 0.30, 0.21},
		{0.44, 0.31, 0.18, 0.07},
	}
	for i := range 4 {
		for j := range 4 {
			got := float64(counts[i][j]) / runs
			if d := got - want[i][j]; d > 0.05 || d < -0.05 {
				t.Errorf("client %d at position %d: %.3f, want %.2f ± 0.05", i, j, got, want[i][j])
			}
		}
	}
	x.deactivate("a/b")
	if got := strings.Join(slices.Sorted(slices.Values(x.sorted())), ","); got != "a,c/d,c/e" {
		t.Fatalf("inactive client listed: %s", got)
	}
}
