package chaos

import (
	"fmt"
	"slices"
	"strings"
)

// treeShape is what a fault must not change: every supervisor and every
// static child, by path, kind and strategy (the children of
// simple_one_for_one supervisors — one per framework, agent or session —
// come and go with the workload and are left out), and the nodes that are
// not running.
type treeShape struct {
	nodes      []string
	notRunning []string
}

func shapeOf(root *treeNode) treeShape {
	var s treeShape
	var walk func(n *treeNode, static bool)
	walk = func(n *treeNode, static bool) {
		if static {
			s.nodes = append(s.nodes, fmt.Sprintf("%s %s %s", n.Path, n.Kind, n.Strategy))
		}
		if n.Status != "running" {
			s.notRunning = append(s.notRunning, n.Path+" "+n.Status)
		}
		for _, c := range n.Children {
			walk(c, static && n.Strategy != "simple_one_for_one")
		}
	}
	walk(root, true)
	slices.Sort(s.nodes)
	return s
}

// restored reports whether s is spec with every node running.
func (s treeShape) restored(spec treeShape) bool {
	return len(s.notRunning) == 0 && slices.Equal(s.nodes, spec.nodes)
}

// diff says how s differs from spec.
func (s treeShape) diff(spec treeShape) string {
	var out []string
	for _, n := range spec.nodes {
		if !slices.Contains(s.nodes, n) {
			out = append(out, "missing: "+n)
		}
	}
	for _, n := range s.nodes {
		if !slices.Contains(spec.nodes, n) {
			out = append(out, "extra: "+n)
		}
	}
	for _, n := range s.notRunning {
		out = append(out, "not running: "+n)
	}
	return lines(out, 10)
}

// ownerActors returns the names of the children of the supervisors whose
// path ends in suffix (the framework or agent actors).
func ownerActors(root *treeNode, suffix string) []string {
	var out []string
	var walk func(n *treeNode)
	walk = func(n *treeNode) {
		if strings.HasSuffix(n.Path, suffix) {
			for _, c := range n.Children {
				out = append(out, c.Name)
			}
			return
		}
		for _, c := range n.Children {
			walk(c)
		}
	}
	walk(root)
	return out
}

// orphans returns the framework and agent actors of the tree that are not
// in the directory.
func orphans(root *treeNode, frameworks, agents []string) []string {
	var out []string
	for _, name := range ownerActors(root, "allocation/frameworks") {
		if !slices.Contains(frameworks, name) {
			out = append(out, "framework actor "+name+" is not in the directory")
		}
	}
	for _, name := range ownerActors(root, "allocation/agents") {
		if !slices.Contains(agents, name) {
			out = append(out, "agent actor "+name+" is not in the directory")
		}
	}
	return out
}

// parentPath is the path of the node's supervisor.
func parentPath(path string) string {
	if i := strings.LastIndex(path, "/"); i > 0 {
		return path[:i]
	}
	return ""
}
