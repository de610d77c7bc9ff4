package allocator

import (
	"fmt"
	"slices"
	"strings"

	"google.golang.org/protobuf/proto"

	"github.com/mactor/mactor/internal/resources"
	allocatorv1 "github.com/mactor/mactor/messages/allocator/v1"
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
	// ids mirrors the root's children when the tree is flat (no internal
	// node), so that Sort is a copy; idsOK says it is current.
	ids   []int32
	idsOK bool
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
	s.dirty, s.idsOK = true, false
}

func (s *drfSorter) Remove(id int32) {
	s.tree.remove(id)
	s.dirty, s.idsOK = true, false
}

func (s *drfSorter) Activate(id int32) {
	if s.tree.setActive(id, true) {
		s.dirty, s.idsOK = true, false
	}
}

func (s *drfSorter) Deactivate(id int32) {
	// Moving a leaf to the inactive tail keeps the rest sorted.
	if s.tree.setActive(id, false) {
		s.idsOK = false
	}
}

func (s *drfSorter) UpdateWeight(path string, w float64) {
	s.weights[path] = w
	s.dirty, s.idsOK = true, false
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
		s.dirty, s.idsOK = true, false
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
			cur.alloc.Add(q)
			cur.count++
			continue
		}
		siblings := cur.parent.children[:cur.parent.activeEnd()]
		i, found := slices.BinarySearchFunc(siblings, cur, compareDRF)
		cur.alloc.Add(q)
		cur.count++
		cur.share = s.calculateShare(cur)
		if !found || siblings[i] != cur {
			// Not where the order says it is: fall back to a re-sort.
			s.dirty, s.idsOK = true, false
			continue
		}
		// Move cur from i to its new place within the active prefix.
		end := len(siblings)
		copy(siblings[i:], siblings[i+1:])
		j, _ := slices.BinarySearchFunc(siblings[:end-1], cur, compareDRF)
		copy(siblings[j+1:], siblings[j:end-1])
		siblings[j] = cur
		if cur.parent == s.tree.root && s.idsOK {
			// Apply the same move to the flat order.
			id := s.ids[i]
			if j > i {
				copy(s.ids[i:j], s.ids[i+1:j+1])
			} else {
				copy(s.ids[j+1:i+1], s.ids[j:i])
			}
			s.ids[j] = id
		}
	}
}

func (s *drfSorter) Unallocated(id int32, q resources.Quantities) {
	n, ok := s.tree.clients[id]
	if !ok {
		return
	}
	for cur := n; cur != nil; cur = cur.parent {
		cur.alloc.Sub(q)
	}
	s.dirty, s.idsOK = true, false
}

func (s *drfSorter) Update(id int32, old, new resources.Quantities) {
	n, ok := s.tree.clients[id]
	if !ok {
		return
	}
	for cur := n; cur != nil; cur = cur.parent {
		cur.alloc.Sub(old)
		cur.alloc.Add(new)
	}
	s.dirty, s.idsOK = true, false
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
		s.dirty, s.idsOK = false, false
	}
	root := s.tree.root
	if !s.idsOK {
		// Cache the order when the tree is flat (framework sorters, or
		// roles without hierarchy): allocations then keep it current.
		s.ids = s.ids[:0]
		flat := true
		for _, c := range root.children {
			if c.kind == internalNode {
				flat = false
				break
			}
			if c.kind == activeLeaf {
				s.ids = append(s.ids, c.client)
			}
		}
		if !flat {
			return appendActive(buf[:0], root)
		}
		s.idsOK = true
	}
	return append(buf[:0], s.ids...)
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

// MarshalHistory implements HistorySorter: the allocation count of every
// node, by path.
func (s *drfSorter) MarshalHistory() ([]byte, error) {
	nc := &allocatorv1.NodeCounts{}
	var walk func(n *treeNode)
	walk = func(n *treeNode) {
		for _, c := range n.children {
			if c.count > 0 {
				nc.Nodes = append(nc.Nodes, &allocatorv1.NodeCount{Path: c.path, Count: c.count})
			}
			walk(c)
		}
	}
	walk(s.tree.root)
	slices.SortFunc(nc.Nodes, func(x, y *allocatorv1.NodeCount) int { return strings.Compare(x.GetPath(), y.GetPath()) })
	return proto.Marshal(nc)
}

// UnmarshalHistory implements HistorySorter: every node's allocation count
// is set from data (zero when absent), and the order recomputed.
func (s *drfSorter) UnmarshalHistory(data []byte) error {
	nc := &allocatorv1.NodeCounts{}
	if err := proto.Unmarshal(data, nc); err != nil {
		return fmt.Errorf("%w: DRF sorter history: %w", ErrInvalidOption, err)
	}
	counts := make(map[string]uint64, len(nc.GetNodes()))
	for _, n := range nc.GetNodes() {
		counts[n.GetPath()] = n.GetCount()
	}
	var walk func(n *treeNode)
	walk = func(n *treeNode) {
		for _, c := range n.children {
			c.count = counts[c.path]
			walk(c)
		}
	}
	walk(s.tree.root)
	s.dirty, s.idsOK = true, false
	return nil
}
