package chaos

import (
	"slices"
	"testing"
)

func node(path, kind, strategy, status string, children ...*treeNode) *treeNode {
	name := path[len(parentPath(path))+1:]
	if parentPath(path) == "" {
		name = path
	}
	return &treeNode{Name: name, Path: path, Kind: kind, Strategy: strategy, Status: status, Children: children}
}

func sampleTree(frameworks []string, status string) *treeNode {
	var fws []*treeNode
	for _, f := range frameworks {
		fws = append(fws, node("root/allocation/frameworks/"+f, "worker", "", "running"))
	}
	return node("root", "supervisor", "one_for_one", "running",
		node("root/allocation", "supervisor", "rest_for_one", "running",
			node("root/allocation/frameworks", "supervisor", "simple_one_for_one", "running", fws...),
			node("root/allocation/agents", "supervisor", "simple_one_for_one", "running"),
			node("root/allocation/offers", "worker", "", status)),
		node("root/hooks", "supervisor", "one_for_one", "running"))
}

func TestTreeShape(t *testing.T) {
	spec := shapeOf(sampleTree([]string{"a", "b"}, "running"))
	for _, tc := range []struct {
		name string
		tree *treeNode
		want bool
	}{
		{name: "same", tree: sampleTree([]string{"a", "b"}, "running"), want: true},
		{name: "framework actors come and go", tree: sampleTree([]string{"c"}, "running"), want: true},
		{name: "a worker restarting", tree: sampleTree([]string{"a"}, "restarting")},
		{name: "a static child missing", tree: func() *treeNode {
			t := sampleTree(nil, "running")
			t.Children = t.Children[:1]
			return t
		}()},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := shapeOf(tc.tree)
			if got := s.restored(spec); got != tc.want {
				t.Fatalf("restored = %v, want %v; diff:\n%s", got, tc.want, s.diff(spec))
			}
			if !tc.want && s.diff(spec) == "" {
				t.Fatal("no diff for a tree that is not the spec")
			}
		})
	}
}

func TestOrphans(t *testing.T) {
	tree := sampleTree([]string{"a", "b"}, "running")
	if o := orphans(tree, []string{"a", "b", "c"}, nil); len(o) != 0 {
		t.Fatalf("orphans %v", o)
	}
	if o := orphans(tree, []string{"a"}, nil); !slices.Equal(o, []string{"framework actor b is not in the directory"}) {
		t.Fatalf("orphans %v", o)
	}
}
