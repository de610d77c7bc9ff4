package allocator

import (
	"slices"
	"strings"

	"github.com/mactor/mactor/internal/resources"
)

// StateQuery asks the allocator actor for a read-only view of the
// allocation (StateView), for status pages: roles with their weights,
// quotas and DRF shares, and what each framework holds per role and agent.
// It changes nothing. Reply runs on the actor's goroutine and must not
// block.
type StateQuery struct {
	Reply func(StateView)
}

// StateView is what the allocator holds, as GET /state shows it. Resource
// quantities are scalar resources by name ("cpus", "mem", ...).
//
// "Allocated" is what tasks use (Mesos's transitionOfferedToAllocated);
// "offered" is the rest of what a framework holds: offered and not yet
// used. Mesos's allocator knows what is in use per agent and role, not per
// framework: when several frameworks hold the same role on one agent, the
// use is attributed to them in framework id order, up to what each holds.
type StateView struct {
	// Ready is true once the actor has recovered and caught up with the
	// owners' journals; until then the view is empty.
	Ready bool `json:"ready"`
	// Total is the cluster's scalar resources (the DRF denominator).
	Total map[string]float64 `json:"total"`
	// Roles lists every role the allocator knows (with frameworks,
	// reservations, a quota or a weight), by name.
	Roles []RoleView `json:"roles"`
	// Allocations lists what each framework holds per role and agent, by
	// framework, role, agent.
	Allocations []AllocationView `json:"allocations"`
}

// RoleView is one role of a StateView.
type RoleView struct {
	Role   string  `json:"role"`
	Weight float64 `json:"weight"`
	// Share is the role's weighted dominant share: as the DRF role sorter
	// computes it (the max over the cluster's scalar resources, minus the
	// fairness-excluded names, of allocation/total, divided by the weight),
	// also when another sorter is configured.
	Share          float64            `json:"share"`
	Allocated      map[string]float64 `json:"allocated"`
	Offered        map[string]float64 `json:"offered"`
	QuotaGuarantee map[string]float64 `json:"quota_guarantee"`
	QuotaLimit     map[string]float64 `json:"quota_limit"`
	// SuppressedBy lists the frameworks that suppressed offers in the role.
	SuppressedBy []string `json:"suppressed_by"`
	// Frameworks are the frameworks tracked under the role (subscribed to
	// it or holding resources in it), by id.
	Frameworks []RoleFramework `json:"frameworks"`
}

// RoleFramework is one framework's part of a role.
type RoleFramework struct {
	FrameworkID string `json:"framework_id"`
	Name        string `json:"name"`
	// Share is the framework's dominant share within the role (its
	// framework sorter's order).
	Share     float64            `json:"share"`
	Allocated map[string]float64 `json:"allocated"`
	Offered   map[string]float64 `json:"offered"`
}

// AllocationView is what one framework holds in one role on one agent.
type AllocationView struct {
	FrameworkID string             `json:"framework_id"`
	Role        string             `json:"role"`
	AgentID     string             `json:"agent_id"`
	Allocated   map[string]float64 `json:"allocated"`
	Offered     map[string]float64 `json:"offered"`
}

// view answers a StateQuery from the actor's current state.
func (a *Actor) view() StateView {
	if a.core == nil || !a.ready {
		return StateView{Total: map[string]float64{}, Roles: []RoleView{}, Allocations: []AllocationView{}}
	}
	v := a.core.lib.View()
	v.Ready = true
	return v
}

// held is what one framework holds in one role, split into used and
// offered.
type held struct{ allocated, offered resources.Quantities }

// View returns a read-only view of the allocation (see StateView). It
// changes nothing, not even the sorters' lazily kept order.
func (a *Allocator) View() StateView {
	v := StateView{Total: a.total.q.Map(), Roles: []RoleView{}, Allocations: []AllocationView{}}
	type fwRole struct{ fw, role string }
	sums := map[fwRole]*held{}
	roleSums := map[string]*held{}
	for _, s := range a.sortedAgents() {
		inUse := map[string]resources.Quantities{}
		for _, fw := range sortedKeys(s.alloc) {
			res := s.alloc[fw]
			for _, name := range res.AllocationRoles() {
				q := res.AllocatedTo(name).ScalarQuantities()
				left, ok := inUse[name]
				if !ok {
					left = s.allocated.AllocatedTo(name).ScalarQuantities()
				}
				used := q.Min(left)
				inUse[name] = left.Minus(used)
				h := held{allocated: used, offered: q.Minus(used)}
				v.Allocations = append(v.Allocations, AllocationView{
					FrameworkID: fw, Role: name, AgentID: s.id,
					Allocated: h.allocated.Map(), Offered: h.offered.Map(),
				})
				addHeld(sums, fwRole{fw, name}, h)
				addHeld(roleSums, name, h)
			}
		}
	}
	slices.SortStableFunc(v.Allocations, func(x, y AllocationView) int {
		if c := strings.Compare(x.FrameworkID, y.FrameworkID); c != 0 {
			return c
		}
		if c := strings.Compare(x.Role, y.Role); c != 0 {
			return c
		}
		return strings.Compare(x.AgentID, y.AgentID)
	})
	for _, name := range sortedKeys(a.roles.roles) {
		r := a.roles.roles[name]
		rs := roleSums[name]
		if rs == nil {
			rs = &held{}
		}
		rv := RoleView{
			Role: name, Weight: a.Weight(name),
			Allocated: rs.allocated.Map(), Offered: rs.offered.Map(),
			QuotaGuarantee: r.quota.Guarantees.Map(), QuotaLimit: limitsMap(r.quota.Limits),
			SuppressedBy: []string{}, Frameworks: []RoleFramework{},
		}
		rv.Share = a.share(a.roleSorter, r.id, r.fwSorter != nil, rs, rv.Weight)
		fws := make([]*framework, 0, len(r.frameworks))
		for f := range r.frameworks {
			fws = append(fws, f)
		}
		slices.SortFunc(fws, func(x, y *framework) int { return strings.Compare(x.id, y.id) })
		for _, f := range fws {
			if f.suppressed[name] {
				rv.SuppressedBy = append(rv.SuppressedBy, f.id)
			}
			fs := sums[fwRole{f.id, name}]
			if fs == nil {
				fs = &held{}
			}
			rv.Frameworks = append(rv.Frameworks, RoleFramework{
				FrameworkID: f.id, Name: f.info.GetName(),
				Share:     a.share(r.fwSorter, f.idx, r.fwSorter != nil, fs, DefaultWeight),
				Allocated: fs.allocated.Map(), Offered: fs.offered.Map(),
			})
		}
		v.Roles = append(v.Roles, rv)
	}
	return v
}

// share is client id's weighted dominant share in sorter s: the DRF
// sorter's own figure when s is one and knows the client, otherwise the
// same formula over what the client holds.
func (a *Allocator) share(s Sorter, id int32, isClient bool, h *held, weight float64) float64 {
	if d, ok := s.(*drfSorter); ok && isClient {
		if n := d.tree.clients[id]; n != nil {
			return d.calculateShare(n)
		}
	}
	alloc := h.allocated.Plus(h.offered)
	share := 0.0
	for _, t := range a.total.q {
		if t.Value <= 0 || slices.Contains(a.opts.FairnessExcludeResourceNames, t.Name) {
			continue
		}
		share = max(share, alloc.Get(t.Name).Float()/t.Value.Float())
	}
	if weight <= 0 {
		weight = DefaultWeight
	}
	return share / weight
}

// addHeld adds h to m[k].
func addHeld[K comparable](m map[K]*held, k K, h held) {
	sum := m[k]
	if sum == nil {
		sum = &held{}
		m[k] = sum
	}
	sum.allocated.Add(h.allocated)
	sum.offered.Add(h.offered)
}

// limitsMap returns l as a name → float map.
func limitsMap(l resources.Limits) map[string]float64 {
	m := make(map[string]float64, len(l))
	for _, e := range l {
		m[e.Name] = e.Value.Float()
	}
	return m
}
