package allocator

import (
	"errors"
	"fmt"

	"github.com/mactor/mactor/internal/resources"
)

// CheckInvariants recomputes the allocator's derived state from its
// records and compares: per agent, what is offered or allocated is the sum
// of the frameworks' shares and the rest of the total is what is
// available; the cluster total, the role
// tree's reservation and allocation sums, the sorters' clients and the
// frameworks' role tracking all agree. It returns an error wrapping
// ErrInvariant describing every violation found.
func (a *Allocator) CheckInvariants() error {
	var errs []error
	bad := func(format string, args ...any) {
		errs = append(errs, fmt.Errorf("%w: "+format, append([]any{ErrInvariant}, args...)...))
	}

	var total resources.Quantities
	reservations := map[string]resources.Quantities{}
	offeredReserved := map[string]resources.Quantities{}
	offeredUnreserved := map[string]resources.Quantities{}
	holding := map[string]map[string]int{}
	addUp := func(m map[string]resources.Quantities, role string, q resources.Quantities) {
		for r := role; ; {
			m[r] = m[r].Plus(q)
			if r == "" {
				break
			}
			if anc := resources.Ancestors(r); len(anc) > 0 {
				r = anc[0]
			} else {
				r = ""
			}
		}
	}
	for _, s := range a.sortedAgents() {
		total = total.Plus(s.totalQ)
		var sum resources.Resources
		for fw, res := range s.alloc {
			sum.AddAll(res)
			if err := checkAllocated(res); err != nil {
				bad("agent %s: framework %s: %v", s.id, fw, err)
			}
			for _, role := range res.AllocationRoles() {
				if holding[fw] == nil {
					holding[fw] = map[string]int{}
				}
				holding[fw][role]++
				if _, known := a.frameworks[fw]; known {
					r, u := allocationQuantities(res.AllocatedTo(role))
					addUp(offeredReserved, role, r)
					addUp(offeredUnreserved, role, u)
				}
			}
		}
		if !sum.Equal(s.allocTotal) {
			bad("agent %s: offered or allocated %v != sum over frameworks %v", s.id, s.allocTotal, sum)
		}
		// What is offered or allocated may exceed the total only when
		// the total shrank under it (updateSlave, UpdateAllocation
		// removing resources; then exact is false); offers never cause
		// it: see checkGrant.
		used := s.allocTotal.Unallocate().NonShared()
		if s.exact && !s.total.NonShared().Contains(used) {
			bad("agent %s: offered or allocated %v exceeds total %v", s.id, used, s.total)
		}
		want := s.total.NonShared().Minus(used).Plus(s.shared)
		if !want.Equal(s.available) {
			bad("agent %s: available %v, want %v", s.id, s.available, want)
		}
		if !s.total.ScalarQuantities().Equal(s.totalQ) {
			bad("agent %s: cached total quantities %v, want %v", s.id, s.totalQ, s.total.ScalarQuantities())
		}
		for i := range s.total {
			x := &s.total[i]
			if x.Type == resources.ScalarType && x.IsReserved() {
				addUp(reservations, x.ReservationRole(), resources.Quantities{{Name: x.Name, Value: x.Scalar}})
			}
		}
	}
	if !total.Equal(a.total.q) {
		bad("cluster total %v, want %v", a.total.q, total)
	}
	check := func(what string, got resources.Quantities, want resources.Quantities, role string) {
		if !got.Equal(want) {
			bad("role %q: %s %v, want %v", role, what, got, want)
		}
	}
	for name, r := range a.roles.roles {
		check("reservations", r.reservations, reservations[name], name)
		check("offered or allocated reserved", r.offeredOrAllocatedReserved, offeredReserved[name], name)
		check("offered or allocated unreserved", r.offeredOrAllocatedUnreserved, offeredUnreserved[name], name)
		if r.isEmpty() {
			bad("role %q is empty but still in the tree", name)
		}
		if (len(r.frameworks) > 0) != (r.fwSorter != nil) || (r.fwSorter != nil) != (r.id >= 0) {
			bad("role %q: %d frameworks, sorter %v, id %d", name, len(r.frameworks), r.fwSorter != nil, r.id)
		}
		if _, ok := a.quotaRoles[r]; ok == r.quota.IsDefault() {
			bad("role %q: quota %v and quota index disagree", name, r.quota)
		}
		for f := range r.frameworks {
			if f.tracked[name] != r {
				bad("role %q tracks framework %s which does not track it", name, f.id)
			}
		}
	}
	root := a.roles.root
	check("reservations", root.reservations, reservations[""], "")
	check("offered or allocated reserved", root.offeredOrAllocatedReserved, offeredReserved[""], "")
	check("offered or allocated unreserved", root.offeredOrAllocatedUnreserved, offeredUnreserved[""], "")
	for name := range reservations {
		if name != "" && a.roles.get(name) == nil {
			bad("reserved role %q missing from the role tree", name)
		}
	}
	for id, f := range a.frameworks {
		if a.fwByIdx[f.idx] != f {
			bad("framework %s: index %d does not map back", id, f.idx)
		}
		for _, name := range f.roles {
			if f.tracked[name] == nil {
				bad("framework %s: subscribed role %q not tracked", id, name)
			}
		}
		for name, r := range f.tracked {
			if _, ok := r.frameworks[f]; !ok || a.roles.get(name) != r {
				bad("framework %s: tracked role %q does not know it", id, name)
			}
			if !f.subscribed(name) && f.holding[name] == 0 {
				bad("framework %s: tracked under unsubscribed role %q without holding resources", id, name)
			}
		}
		for name, n := range f.holding {
			if holding[id][name] != n {
				bad("framework %s: holds resources of role %q on %d agents, counted %d", id, name, holding[id][name], n)
			}
		}
		for name := range holding[id] {
			if f.holding[name] == 0 {
				bad("framework %s: holding of role %q not counted", id, name)
			}
		}
		for key, head := range f.filters {
			if a.agents[key.agent.id] != key.agent {
				bad("framework %s: filter for removed agent %s", id, key.agent.id)
			}
			for o := head; o != nil; o = o.next {
				if o.index < 0 || a.filterHeap[o.index] != o {
					bad("framework %s: filter not in the expiry heap", id)
				}
			}
		}
	}
	return errors.Join(errs...)
}

// debugCheck panics when Config.Debug is set and an invariant is broken.
func (a *Allocator) debugCheck(op string) {
	if !a.cfg.Debug {
		return
	}
	if err := a.CheckInvariants(); err != nil {
		panic(fmt.Errorf("after %s: %w", op, err))
	}
}

// checkGrant verifies, in debug mode, the per-offer invariants: the offer
// comes out of what the agent had available (so nothing is offered twice
// and offered plus allocated never outgrows the total), the framework is
// active and not suppressed in the role, the offer is not filtered, and
// the role does not go above a limit because of it.
func (c *cycle) checkGrant(f *framework, r *role, s *agent, res resources.Resources, before resources.Quantities, available resources.Resources) {
	if !c.a.cfg.Debug {
		return
	}
	if !available.Contains(res.Unallocate()) {
		panic(fmt.Errorf("%w: offer of %v on agent %s exceeds its available %v", ErrInvariant, res, s.id, available))
	}
	switch {
	case !f.active:
		panic(fmt.Errorf("%w: offer to inactive framework %s", ErrInvariant, f.id))
	case f.suppressed[r.name]:
		panic(fmt.Errorf("%w: offer to framework %s in suppressed role %q", ErrInvariant, f.id, r.name))
	}
	for o := f.filters[filterKey{r.name, s}]; o != nil; o = o.next {
		if o.filters(res.Unallocate()) {
			panic(fmt.Errorf("%w: offer of %v to framework %s on agent %s is filtered", ErrInvariant, res, f.id, s.id))
		}
	}
	after := r.quotaConsumed()
	for _, l := range r.quota.Limits {
		if v := after.Get(l.Name); v > l.Value && v > before.Get(l.Name) {
			panic(fmt.Errorf("%w: role %q consumes %v of %s, above its limit %v", ErrInvariant, r.name, v, l.Name, l.Value))
		}
	}
}
