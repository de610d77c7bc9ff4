package allocator

import (
	"math"
	"math/rand/v2"
	"slices"
	"strings"

	"github.com/mactor/mactor/internal/resources"
)

// randomSorter orders clients by a weighted random shuffle, as Mesos's
// RandomSorter (src/master/allocator/mesos/sorter/random/sorter.cpp): each
// active leaf gets the relative weight
//
//	Rw(node) = Rw(parent) * weight(node) / (weight(node) + Σ weight(active siblings))
//
// and every Sort draws a weighted permutation (Efraimidis–Spirakis keys
// u^(1/w)), so clients with higher weight tend to come first. Allocations do
// not influence the order. Randomness comes from SorterOptions.Rand, which
// the allocator reseeds from (seed, cycle, role) at the start of every
// cycle, and the leaves are drawn for in path order: the order depends on
// nothing but the current clients and weights, the seed and the cycle
// number, so a seeded allocator sorts the same way every run and after a
// restore.
type randomSorter struct {
	tree    clientTree
	weights map[string]float64
	rng     *rand.Rand
	dirty   bool
	// cached relative weights of the active leaves; uniform says they
	// are all equal (then a plain shuffle is the weighted one)
	ids     []int32
	rw      []float64
	uniform bool
	keys    []float64
	perm    []int
}

func newRandomSorter(opts SorterOptions, flat bool) *randomSorter {
	rng := opts.Rand
	if rng == nil {
		rng = rand.New(rand.NewPCG(0, 0))
	}
	return &randomSorter{tree: newClientTree(flat), weights: make(map[string]float64), rng: rng, dirty: true}
}

func (s *randomSorter) Add(c Client)    { s.tree.add(c); s.dirty = true }
func (s *randomSorter) Remove(id int32) { s.tree.remove(id); s.dirty = true }
func (s *randomSorter) Activate(id int32) {
	if s.tree.setActive(id, true) {
		s.dirty = true
	}
}
func (s *randomSorter) Deactivate(id int32) {
	if s.tree.setActive(id, false) {
		s.dirty = true
	}
}
func (s *randomSorter) UpdateWeight(path string, w float64) { s.weights[path] = w; s.dirty = true }

// The random sorter does not look at allocations.
func (s *randomSorter) Allocated(int32, resources.Quantities)                    {}
func (s *randomSorter) Unallocated(int32, resources.Quantities)                  {}
func (s *randomSorter) Update(int32, resources.Quantities, resources.Quantities) {}

func (s *randomSorter) weight(n *treeNode) float64 {
	if w, ok := s.weights[n.path]; ok {
		return w
	}
	return 1
}

// hasActive reports whether n is an active leaf or has one below it.
func hasActive(n *treeNode) bool {
	switch n.kind {
	case activeLeaf:
		return true
	case inactiveLeaf:
		return false
	}
	for _, c := range n.children {
		if hasActive(c) {
			return true
		}
	}
	return false
}

func (s *randomSorter) relativeWeights(n *treeNode, siblings, parentRW float64) {
	if !hasActive(n) {
		return
	}
	w := s.weight(n)
	rw := parentRW * w / (w + siblings)
	if n.kind == activeLeaf {
		s.ids = append(s.ids, n.client)
		s.rw = append(s.rw, rw)
	}
	total := 0.0
	for _, c := range n.children {
		if hasActive(c) {
			total += s.weight(c)
		}
	}
	for _, c := range n.children {
		if hasActive(c) {
			s.relativeWeights(c, total-s.weight(c), rw)
		}
	}
}

// canonicalOrder lists the active leaves by path, so that the draws of a
// Sort go to the same clients whatever order they were added and
// activated in (the tree's child order is history): a restored allocator
// then sorts exactly as the original.
func (s *randomSorter) canonicalOrder() {
	path := func(id int32) string { return s.tree.clients[id].path }
	idx := make([]int, len(s.ids))
	for i := range idx {
		idx[i] = i
	}
	slices.SortFunc(idx, func(a, b int) int { return strings.Compare(path(s.ids[a]), path(s.ids[b])) })
	ids, rw := make([]int32, len(idx)), make([]float64, len(idx))
	for i, j := range idx {
		ids[i], rw[i] = s.ids[j], s.rw[j]
	}
	s.ids, s.rw = ids, rw
}

func (s *randomSorter) Sort(buf []int32) []int32 {
	if s.dirty {
		s.ids, s.rw = s.ids[:0], s.rw[:0]
		// The root's own weight does not matter: give it relative weight 1.
		total := 0.0
		for _, c := range s.tree.root.children {
			if hasActive(c) {
				total += s.weight(c)
			}
		}
		for _, c := range s.tree.root.children {
			if hasActive(c) {
				s.relativeWeights(c, total-s.weight(c), 1)
			}
		}
		s.canonicalOrder()
		s.uniform = true
		for _, w := range s.rw {
			if math.Abs(w-s.rw[0]) > 1e-12*s.rw[0] {
				s.uniform = false
				break
			}
		}
		s.dirty = false
	}
	n := len(s.ids)
	if s.uniform {
		buf = append(buf[:0], s.ids...)
		s.rng.Shuffle(n, func(i, j int) { buf[i], buf[j] = buf[j], buf[i] })
		return buf
	}
	s.keys = slices.Grow(s.keys[:0], n)[:n]
	s.perm = slices.Grow(s.perm[:0], n)[:n]
	for i := range n {
		w := s.rw[i]
		if w <= 0 {
			w = math.SmallestNonzeroFloat64
		}
		// u^(1/w) (Efraimidis–Spirakis), compared through its logarithm;
		// the larger key comes first.
		s.keys[i] = math.Log(s.rng.Float64()) / w
		s.perm[i] = i
	}
	slices.SortStableFunc(s.perm, func(a, b int) int {
		switch {
		case s.keys[a] > s.keys[b]:
			return -1
		case s.keys[a] < s.keys[b]:
			return 1
		}
		return 0
	})
	buf = buf[:0]
	for _, i := range s.perm {
		buf = append(buf, s.ids[i])
	}
	return buf
}
