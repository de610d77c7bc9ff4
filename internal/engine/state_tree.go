package engine

import (
	"time"

	"github.com/mactor/mactor/supervisor"
)

// treeCallTimeout bounds each supervisor call while walking the tree: a
// supervisor busy restarting its children is shown without them.
const treeCallTimeout = 2 * time.Second

// TreeNode is one actor of the live supervision tree (GET /state/tree).
type TreeNode struct {
	// Name is the child id ("frameworks", or a FrameworkID under it).
	Name string `json:"name"`
	// Path is the actor's path from the root ("root/allocation/frameworks").
	Path string `json:"path"`
	// Kind is "supervisor" or "worker".
	Kind string `json:"kind"`
	// Strategy is a supervisor's restart strategy ("one_for_one", ...).
	Strategy string `json:"strategy,omitempty"`
	// Restarts counts the actor's automatic restarts since the engine
	// started.
	Restarts int `json:"restarts"`
	// Status is "running", "restarting" or "stopped".
	Status string `json:"status"`
	// Error says why a supervisor's children are missing (it did not
	// answer), empty otherwise.
	Error string `json:"error,omitempty"`
	// Children are a supervisor's children in start order.
	Children []*TreeNode `json:"children"`
}

// Tree walks the live supervision tree from the root supervisor, asking
// each supervisor for its strategy and children.
func (e *Engine) Tree() *TreeNode {
	root := &TreeNode{Name: "root", Path: "root", Kind: supervisor.Supervisor.String(),
		Status: supervisor.Running.String(), Children: []*TreeNode{}}
	select {
	case <-e.root.Done():
		root.Status = supervisor.Stopped.String()
		return root
	default:
	}
	e.fillSupervisor(root, e.root.WithTimeout(treeCallTimeout))
	return root
}

// fillSupervisor sets n's strategy and children from the supervisor h.
func (e *Engine) fillSupervisor(n *TreeNode, h *supervisor.Handle) {
	n.Restarts = e.obs.restartCount(n.Path)
	d, err := h.Describe()
	if err != nil {
		n.Error = err.Error()
		return
	}
	n.Strategy = d.Strategy.String()
	cs, err := h.WhichChildren()
	if err != nil {
		n.Error = err.Error()
		return
	}
	for _, c := range cs {
		child := &TreeNode{Name: c.ID, Path: n.Path + "/" + c.ID, Kind: c.Type.String(),
			Status: c.Status.String(), Children: []*TreeNode{}}
		child.Restarts = e.obs.restartCount(child.Path)
		if c.Type == supervisor.Supervisor && c.Status == supervisor.Running && c.PID != nil {
			e.fillSupervisor(child, supervisor.HandleFor(e.system, c.PID).WithTimeout(treeCallTimeout))
		}
		n.Children = append(n.Children, child)
	}
}
