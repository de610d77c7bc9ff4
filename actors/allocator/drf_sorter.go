package allocator

import (
	"slices"
	"strings"

	"github.com/mactor/mactor/internal/resources"
)

// drfSorter orders clients by weighted dominant resource share, as Mesos's
// DRFSorter (src/master/allocator/mesos/sorter/drf/sorter.cpp):
//
//   - share = max over the cluster's scalar resources (minus the excluded
//     names) of allocation/total, divided by the client's weight;
//   - ties are broken by the number of allocations made to the client,
//     then by path;
//   - the tree is sorted level by level, and active leaves are listed in
//     pre-order.
//
// Like Mesos, it re-sorts lazily: changes that can reorder many clients
// (removals, releases, weight and total changes) mark the tree dirty, while
// an allocation repositions only the nodes on the client's path (here by
// binary search instead of Mesos's neighbour swaps, same resulting order).
type drfSorter struct {
	tree     clientTree
	weights  map[string]float64
	excluded map[string]bool
	total    *Total
	version  uint64
	dirty    bool
}

func newDRFSorter(opts SorterOptions, flat bool) *drfSorter {
	s := &drfSorter{
		tree:     newClientTree(flat),
		weights:  make(map[string]float64),
		excluded: make(map[string]bool),
		total:    opts.Total,
		dirty:    true,
	}
	if s.total == nil {
		s.total = &Total{}
	}
	for _, n := range opts.Excluded {
		s.excluded[n] = true
	}
	return s
}

func (s *drfSorter) Add(c Client) {
	s.tree.add(c)
	s.dirty = true
}

func (s *drfSorter) Remove(id int32) {
	s.tree.remove(id)
	s.dirty = true
}

func (s *drfSorter) Activate(id int32) {
	if s.tree.setActive(id, true) {
		s.dirty = true
	}
}

func (s *drfSorter) Deactivate(id int32) {
	// Moving a leaf to the inactive tail keeps the rest sorted.
	s.tree.setActive(id, false)
}

func (s *drfSorter) UpdateWeight(path string, w float64) {
	s.weights[path] = w
	s.dirty = true
}

func (s *drfSorter) weight(n *treeNode) float64 {
	if w, ok := s.weights[n.path]; ok {
		return w
	}
	return 1
}

// calculateShare is Mesos's DRFSorter::calculateShare.
func (s *drfSorter) calculateShare(n *treeNode) float64 {
	share := 0.0
	alloc := n.alloc
	j := 0
	for _, t := range s.total.q {
		if t.Value <= 0 || s.excluded[t.Name] {
			continue
		}
		for j < len(alloc) && alloc[j].Name < t.Name {
			j++
		}
		if j < len(alloc) && alloc[j].Name == t.Name {
			share = max(share, float64(alloc[j].Value)/float64(t.Value))
		}
	}
	return share / s.weight(n)
}

// compareDRF orders by share, then allocation count, then path.
func compareDRF(a, b *treeNode) int {
	switch {
	case a.share < b.share:
		return -1
	case a.share > b.share:
		return 1
	case a.count < b.count:
		return -1
	case a.count > b.count:
		return 1
	}
	return strings.Compare(a.path, b.path)
}

func (s *drfSorter) checkTotal() {
	if s.total.version != s.version {
		s.version = s.total.version
		s.dirty = true
	}
}

func (s *drfSorter) Allocated(id int32, q resources.Quantities) {
	n, ok := s.tree.clients[id]
	if !ok {
		return
	}
	s.checkTotal()
	for cur := n; cur != nil; cur = cur.parent {
		if cur.parent == nil || s.dirty || cur.kind == inactiveLeaf {
			cur.alloc = cur.alloc.Plus(q)
			cur.count++
			continue
		}
		siblings := cur.parent.children[:cur.parent.activeEnd()]
		i, found := slices.BinarySearchFunc(siblings, cur, compareDRF)
		cur.alloc = cur.alloc.Plus(q)
		cur.count++
		cur.share = s.calculateShare(cur)
		if !found || siblings[i] != cur {
			// Not where the order says it is: fall back to a re-sort.
			s.dirty = true
			continue
		}
		// Move cur from i to its new place within the active prefix.
		end := len(siblings)
		copy(siblings[i:], siblings[i+1:])
		j, _ := slices.BinarySearchFunc(siblings[:end-1], cur, compareDRF)
		copy(siblings[j+1:], siblings[j:end-1])
		siblings[j] = cur
	}
}

func (s *drfSorter) Unallocated(id int32, q resources.Quantities) {
	n, ok := s.tree.clients[id]
	if !ok {
		return
	}
	for cur := n; cur != nil; cur = cur.parent {
		cur.alloc = cur.alloc.Minus(q)
	}
	s.dirty = true
}

func (s *drfSorter) Update(id int32, old, new resources.Quantities) {
	n, ok := s.tree.clients[id]
	if !ok {
		return
	}
	for cur := n; cur != nil; cur = cur.parent {
		cur.alloc = cur.alloc.Minus(old).Plus(new)
	}
	s.dirty = true
}

func (s *drfSorter) sortTree(n *treeNode) {
	end := n.activeEnd()
	for _, c := range n.children[:end] {
		c.share = s.calculateShare(c)
	}
	slices.SortFunc(n.children[:end], compareDRF)
	for _, c := range n.children[:end] {
		if c.kind == internalNode {
			s.sortTree(c)
		}
	}
}

func (s *drfSorter) Sort(buf []int32) []int32 {
	s.checkTotal()
	if s.dirty {
		s.sortTree(s.tree.root)
		s.dirty = false
	}
	return appendActive(buf[:0], s.tree.root)
}

// appendActive lists the active leaves below n in pre-order.
func appendActive(buf []int32, n *treeNode) []int32 {
	for _, c := range n.children {
		switch c.kind {
		case activeLeaf:
			buf = append(buf, c.client)
		case inactiveLeaf:
			return buf
		default:
			buf = appendActive(buf, c)
		}
	}
	return buf
}
