package allocator

import (
	"math/rand/v2"

	"github.com/mactor/mactor/internal/resources"
)

// Policy is an allocation policy: it decides in which order roles and
// frameworks are considered and how much of what the core allows each one
// is offered. The core (Allocator) enforces everything else: what an agent
// has available, reservations, quota guarantees, limits and headroom, refuse
// filters, suppression, capabilities, offer constraints, the minimum
// allocatable resources, and that nothing is offered twice.
//
// DRF() is Mesos's default (weighted DRF over hierarchical roles, then DRF
// over each role's frameworks); Random() is Mesos's "random" sorter; Sorted
// combines a role sorter with a framework sorter. To write your own, either
// provide Sorter implementations (an ordering) or wrap a Policy and override
// Offer (an amount); see docs/allocator.md.
//
// Policies are used from the allocator's goroutine only; they need no
// locking.
type Policy interface {
	// NewRoleSorter returns the sorter that orders roles. Clients are role
	// paths ("a/b/c"); the sorter sees weights through UpdateWeight.
	NewRoleSorter(opts SorterOptions) Sorter

	// NewFrameworkSorter returns a sorter that orders the frameworks of one
	// role. Clients are framework ids. It is created when the role gets
	// its first framework and dropped with its last.
	NewFrameworkSorter(role string, opts SorterOptions) Sorter

	// Offer returns what to offer to c.Framework in c.Role on c.Agent: a
	// subset of c.Allowed (the core checks). Returning c.Allowed offers
	// everything the core allows (DRF's choice); returning nothing skips
	// this framework on this agent.
	Offer(c *Candidate) resources.Resources
}

// AgentOrderer is an optional Policy extension: a policy that implements it
// chooses the order in which a cycle visits agents (for example to pack
// agents rather than spread). Without it the core shuffles the agents, as
// Mesos does, once per stage.
type AgentOrderer interface {
	// OrderAgents reorders agents in place for the given stage (1 or 2).
	OrderAgents(stage int, agents []AgentView, rng *rand.Rand)
}

// HistorySorter is implemented by sorters whose order depends on more than
// their current clients, allocations, weights and the cycle's Rand: the
// DRF sorter breaks ties by the number of allocations made to each client,
// which is history. Snapshot saves that history and Restore hands it back,
// so that a restored allocator sorts as the original would. A custom
// sorter with history must implement it, or decisions after a restart of
// the allocator actor may differ from those before.
type HistorySorter interface {
	Sorter
	// MarshalHistory encodes the history.
	MarshalHistory() ([]byte, error)
	// UnmarshalHistory replaces the history; it is called once every
	// client is back and its allocation accounted.
	UnmarshalHistory(data []byte) error
}

// SorterOptions configure a new Sorter.
type SorterOptions struct {
	// Total is the cluster's scalar total, maintained by the core.
	Total *Total
	// Excluded lists resource names that do not count towards fair shares
	// (--fair_sharing_excluded_resource_names).
	Excluded []string
	// Rand is a deterministic source for sorters that need randomness,
	// reseeded from the allocator's seed, the cycle number and the
	// sorter's role before every cycle (so it carries no state from one
	// cycle to the next).
	Rand *rand.Rand
}

// Sorter orders the clients of one level: roles, or the frameworks of one
// role. Clients are identified by small integers the core assigns; Path is
// the client's name (role path or framework id) for tie-breaking and
// hierarchy. This mirrors Mesos's Sorter interface, with the per-agent
// bookkeeping left to the core: a sorter only sees scalar quantities.
type Sorter interface {
	// Add adds an inactive client.
	Add(c Client)
	// Remove removes a client.
	Remove(id int32)
	// Activate makes a client eligible for Sort; Deactivate hides it
	// (suppressed or deactivated frameworks).
	Activate(id int32)
	Deactivate(id int32)
	// UpdateWeight sets the weight of a path (a role; frameworks have no
	// weights). Paths may be set before any client uses them.
	UpdateWeight(path string, weight float64)
	// Allocated records that q more is offered or allocated to the client;
	// Unallocated that q less is. Update replaces old by new without
	// counting an allocation (updateAllocation).
	Allocated(id int32, q resources.Quantities)
	Unallocated(id int32, q resources.Quantities)
	Update(id int32, old, new resources.Quantities)
	// Sort appends the active clients, in the order they should be
	// offered resources, to buf[:0] and returns it. The core calls it once
	// per agent and stage and does not keep the slice across calls.
	Sort(buf []int32) []int32
}

// Client is one sorter entry.
type Client struct {
	ID   int32
	Path string
}

// Candidate describes one offer the core is about to make.
type Candidate struct {
	// Stage is 1 (quota guarantees) or 2 (everything else).
	Stage int
	// Role, Framework and Agent say who gets what where.
	Role      string
	Framework string
	Agent     AgentView
	// Allowed is the most the core allows: the agent's available resources
	// allocatable to the role, within the role's limits and the quota
	// headroom, without what the framework cannot use.
	Allowed resources.Resources
}

// AgentView is the read-only face of an agent given to policies.
type AgentView struct {
	ID       string
	Hostname string
	// Total and Available are the agent's resources; do not modify them.
	Total     resources.Resources
	Available resources.Resources

	idx int // position in the core's agent list
}

// Total is the cluster's scalar total as sorters see it. Version changes
// whenever the total does, so sorters can cache derived values.
type Total struct {
	q       resources.Quantities
	version uint64
}

// Quantities returns the total (do not modify).
func (t *Total) Quantities() resources.Quantities { return t.q }

// Version increases on every change.
func (t *Total) Version() uint64 { return t.version }

func (t *Total) add(q resources.Quantities) {
	if len(q) == 0 {
		return
	}
	t.q.Add(q)
	t.version++
}

func (t *Total) sub(q resources.Quantities) {
	if len(q) == 0 {
		return
	}
	t.q.Sub(q)
	t.version++
}
