package allocator

import (
	"strings"

	"github.com/mactor/mactor/internal/resources"
)

// nodeKind is a sorter tree node's kind, as in Mesos's sorters.
type nodeKind uint8

const (
	internalNode nodeKind = iota
	activeLeaf
	inactiveLeaf
)

// treeNode is a node of the client tree shared by the DRF and random
// sorters (Mesos's sorter Node). Clients are leaves; a client whose path is
// also a prefix of another client's path ("a" and "a/b") is represented by a
// virtual leaf named "." under the internal node "a".
//
// children holds active leaves and internal nodes first and inactive leaves
// last; the DRF sorter keeps the first part sorted.
type treeNode struct {
	name     string // path component, "." for a virtual leaf
	path     string // full path, with the trailing "." for virtual leaves
	kind     nodeKind
	parent   *treeNode
	children []*treeNode
	client   int32

	// DRF state: the node's allocation (its subtree's), the number of
	// allocations made to it, its share at the last sort.
	alloc resources.Quantities
	count uint64
	share float64
}

func (n *treeNode) isLeaf() bool { return n.kind != internalNode }

func newTreeNode(name string, kind nodeKind, parent *treeNode) *treeNode {
	n := &treeNode{name: name, kind: kind, parent: parent}
	switch {
	case parent == nil:
		n.path = ""
	case parent.parent == nil:
		n.path = name
	default:
		n.path = parent.path + "/" + name
	}
	return n
}

// addChild inserts c: inactive leaves at the end, everything else at the
// front (the caller re-sorts).
func (n *treeNode) addChild(c *treeNode) {
	if c.kind == inactiveLeaf {
		n.children = append(n.children, c)
		return
	}
	n.children = append(n.children, nil)
	copy(n.children[1:], n.children)
	n.children[0] = c
}

func (n *treeNode) removeChild(c *treeNode) {
	for i, x := range n.children {
		if x == c {
			n.children = append(n.children[:i], n.children[i+1:]...)
			return
		}
	}
}

// activeEnd is the index of the first inactive leaf.
func (n *treeNode) activeEnd() int {
	for i := len(n.children) - 1; i >= 0; i-- {
		if n.children[i].kind != inactiveLeaf {
			return i + 1
		}
	}
	return 0
}

// clientTree is the tree of clients with the operations both sorters share.
type clientTree struct {
	root    *treeNode
	clients map[int32]*treeNode
	// nodes indexes every non-virtual node by path (for weights).
	nodes map[string]*treeNode
	// flat trees (framework sorters) do not split paths at '/'.
	flat bool
}

func newClientTree(flat bool) clientTree {
	return clientTree{
		root:    newTreeNode("", internalNode, nil),
		clients: make(map[int32]*treeNode),
		nodes:   make(map[string]*treeNode),
		flat:    flat,
	}
}

// add inserts an inactive client (Mesos's Sorter::add).
func (t *clientTree) add(c Client) *treeNode {
	var tokens []string
	if t.flat {
		tokens = []string{c.Path}
	} else {
		tokens = strings.Split(c.Path, "/")
	}
	current := t.root
	i := 0
	for {
		if i == len(tokens) {
			// The path exists as an internal node: add a virtual leaf.
			virt := newTreeNode(".", inactiveLeaf, current)
			current.addChild(virt)
			current = virt
			break
		}
		if current.isLeaf() {
			// A client is becoming an internal node: its client moves to
			// a virtual leaf that inherits its allocation.
			oldKind := current.kind
			current.parent.removeChild(current)
			current.kind = internalNode
			current.parent.addChild(current)
			virt := newTreeNode(".", oldKind, current)
			virt.client = current.client
			virt.alloc = current.alloc.Clone()
			virt.count = current.count
			current.addChild(virt)
			t.clients[virt.client] = virt
			break
		}
		var child *treeNode
		for _, ch := range current.children {
			if ch.name == tokens[i] {
				child = ch
				break
			}
		}
		if child == nil {
			break
		}
		current = child
		i++
	}
	for ; i < len(tokens); i++ {
		kind := internalNode
		if i == len(tokens)-1 {
			kind = inactiveLeaf
		}
		child := newTreeNode(tokens[i], kind, current)
		current.addChild(child)
		t.nodes[child.path] = child
		current = child
	}
	current.client = c.ID
	t.clients[c.ID] = current
	return current
}

// remove deletes a client, collapsing internal nodes left with only their
// virtual leaf (Mesos's Sorter::remove).
func (t *clientTree) remove(id int32) {
	current, ok := t.clients[id]
	if !ok {
		return
	}
	leafAlloc := current.alloc
	delete(t.clients, id)
	for current != t.root {
		parent := current.parent
		parent.alloc.Sub(leafAlloc)
		if len(current.children) == 0 {
			parent.removeChild(current)
			if current.name != "." {
				delete(t.nodes, current.path)
			}
		} else if len(current.children) == 1 && current.children[0].name == "." {
			child := current.children[0]
			current.kind = child.kind
			current.client = child.client
			current.children = nil
			parent.removeChild(current)
			parent.addChild(current)
			t.clients[current.client] = current
		}
		current = parent
	}
}

// setActive moves a leaf between the active and inactive parts of its
// parent's children; it reports whether anything changed.
func (t *clientTree) setActive(id int32, active bool) bool {
	n, ok := t.clients[id]
	if !ok {
		return false
	}
	want := inactiveLeaf
	if active {
		want = activeLeaf
	}
	if n.kind == want {
		return false
	}
	n.kind = want
	n.parent.removeChild(n)
	n.parent.addChild(n)
	return true
}
