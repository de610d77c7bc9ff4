package allocator

import (
	"math/rand/v2"
	"slices"
	"strings"

	"google.golang.org/protobuf/proto"

	"github.com/mactor/mactor/internal/resources"
)

// Allocate runs a periodic allocation cycle (Mesos's allocation interval
// timer calling generateOffers()): every agent is a candidate, together
// with whatever an event-driven cycle had pending. Expired refuse filters
// are removed first. While paused it does nothing.
func (a *Allocator) Allocate() Result { return a.run(true) }

// AllocatePending runs the event-driven cycle Mesos batches after
// addFramework, activateFramework, addSlave, updateSlave,
// updateUnavailability and reviveOffers: only the agents those calls
// scheduled are considered. See Pending.
func (a *Allocator) AllocatePending() Result { return a.run(false) }

func (a *Allocator) run(all bool) Result {
	if !a.initialized {
		return Result{}
	}
	now := a.clock.Now()
	a.expireFilters(now)
	if a.paused && a.expectedAgents >= 0 && !now.Before(a.recoveryDeadline) {
		a.Resume()
	}
	if a.paused {
		return Result{}
	}
	var candidates []*agent
	if all {
		candidates = slices.Clone(a.sortedAgents())
	} else {
		if len(a.candidates) == 0 {
			return Result{}
		}
		candidates = make([]*agent, 0, len(a.candidates))
		for s := range a.candidates {
			candidates = append(candidates, s)
		}
		slices.SortFunc(candidates, func(x, y *agent) int { return strings.Compare(x.id, y.id) })
	}
	clear(a.candidates)
	a.reseedSorters()
	rng := rand.New(rand.NewPCG(a.cfg.Seed, a.cycles))
	a.cycles++
	res := Result{
		Offers:        a.generateOffers(candidates, rng),
		InverseOffers: a.generateInverseOffers(candidates, now),
	}
	a.debugCheck("Allocate")
	return res
}

// Cycles returns how many allocation cycles have run.
func (a *Allocator) Cycles() uint64 { return a.cycles }

// cycle is the state of one allocation cycle.
type cycle struct {
	a      *Allocator
	rng    *rand.Rand
	offers map[*framework]*offerBuilder
	// offeredShared are the shared resources offered this cycle, per
	// agent: a shared resource is offered once per cycle.
	offeredShared map[*agent]resources.Resources
	// required is the unreserved headroom still owed to unsatisfied
	// guarantees; headroom is what is available for it.
	required, headroom resources.Quantities
	cand               Candidate
	kinds              stage2Kinds
}

// generateOffers is Mesos's __generateOffers: two stages over the
// candidate agents in random order.
func (a *Allocator) generateOffers(candidates []*agent, rng *rand.Rand) []Offer {
	agents := make([]*agent, 0, len(candidates))
	for _, s := range candidates {
		if a.isWhitelisted(s) && s.activated {
			agents = append(agents, s)
		}
	}
	if len(agents) == 0 {
		return nil
	}
	c := &cycle{
		a:             a,
		rng:           rng,
		offers:        make(map[*framework]*offerBuilder),
		offeredShared: make(map[*agent]resources.Resources),
	}
	for r := range a.quotaRoles {
		c.required = c.required.Plus(r.quota.Guarantees.Minus(r.quotaConsumed()))
	}
	if !c.required.Empty() {
		c.headroom = a.availableHeadroom()
	}
	a.orderAgents(1, agents, rng)
	if c.prepareStage1() > 0 {
		for _, s := range agents {
			c.stage1(s)
		}
	}
	a.orderAgents(2, agents, rng)
	if c.prepareStage2(agents) > 0 {
		for _, s := range agents {
			c.stage2(s)
		}
	}
	return buildOffers(c.offers)
}

// prepareStage1 marks the roles stage 1 skips: those without guarantees,
// without frameworks, or with their guarantees satisfied (Mesos checks
// this per agent; within stage 1 a role's consumption changes only by its
// own allocations, so it is computed once and updated on each). It
// returns how many roles remain.
func (c *cycle) prepareStage1() int {
	n := 0
	for _, r := range c.a.roleByIdx {
		if r == nil {
			continue
		}
		r.skip1, r.unsatisfied = true, nil
		if r.quota.Guarantees.Empty() || len(r.frameworks) == 0 {
			continue
		}
		r.unsatisfied = r.quota.Guarantees.Minus(r.quotaConsumed())
		if !r.unsatisfied.Empty() {
			r.skip1 = false
			n++
		}
	}
	return n
}

// stage2Kinds summarises what the stage 2 agents have available: whether
// anything is not an unreserved, non-revocable, non-shared scalar, which
// roles have reserved resources, and the names of the unreserved scalars.
type stage2Kinds struct {
	extra    bool
	reserved map[string]bool
	names    map[string]bool
}

// prepareStage2 marks the roles stage 2 skips because they cannot get
// anything from any agent: their limits leave no room for any unreserved
// scalar available, and no agent has reservations for them (or their
// ancestors), non-scalar, revocable or shared resources. Mesos visits such
// roles and offers them nothing. It returns how many roles remain.
func (c *cycle) prepareStage2(agents []*agent) int {
	limited := false
	for r := range c.a.quotaRoles {
		if !r.quota.Limits.Empty() {
			limited = true
			break
		}
	}
	if !limited {
		// Only roles with limits can be blocked.
		n := 0
		for _, r := range c.a.roleByIdx {
			if r != nil {
				r.skip2 = false
				n++
			}
		}
		return n
	}
	k := &c.kinds
	k.extra, k.reserved, k.names = false, map[string]bool{}, map[string]bool{}
	for _, s := range agents {
		for i := range s.available {
			x := &s.available[i]
			switch {
			case x.Type != resources.ScalarType || x.IsRevocable() || x.IsShared():
				k.extra = true
			case x.IsReserved():
				k.reserved[x.ReservationRole()] = true
			default:
				k.names[x.Name] = true
			}
		}
	}
	n := 0
	for _, r := range c.a.roleByIdx {
		if r == nil {
			continue
		}
		r.skip2 = c.blocked(r)
		if !r.skip2 {
			n++
		}
	}
	return n
}

// blocked reports whether role r can get nothing in stage 2 (see
// prepareStage2).
func (c *cycle) blocked(r *role) bool {
	k := &c.kinds
	if r.quota.Limits.Empty() || k.extra {
		return false
	}
	for rr := r.name; ; {
		if k.reserved[rr] {
			return false
		}
		i := strings.LastIndexByte(rr, '/')
		if i < 0 {
			break
		}
		rr = rr[:i]
	}
	consumed := r.quotaConsumed()
	for name := range k.names {
		lim, ok := r.quota.Limits.Get(name)
		if !ok || lim > consumed.Get(name) {
			return false
		}
	}
	return true
}

// availableHeadroom is the unreserved non-revocable scalars not offered or
// allocated: total - offered or allocated - unallocated reservations -
// available revocable.
func (a *Allocator) availableHeadroom() resources.Quantities {
	h := a.total.q.Minus(a.offeredQ)
	root := a.roles.root
	h = h.Minus(root.reservations.Minus(root.offeredOrAllocatedReserved))
	for _, s := range a.agents {
		if len(s.revocableQ) > 0 {
			h = h.Minus(s.revocableQ)
		}
	}
	return h
}

// orderAgents shuffles the agents (or lets the policy order them).
func (a *Allocator) orderAgents(stage int, agents []*agent, rng *rand.Rand) {
	if o, ok := a.policy.(AgentOrderer); ok {
		views := make([]AgentView, len(agents))
		for i, s := range agents {
			views[i] = s.view()
			views[i].idx = i
		}
		o.OrderAgents(stage, views, rng)
		orig := slices.Clone(agents)
		for i := range views {
			agents[i] = orig[views[i].idx]
		}
		return
	}
	rng.Shuffle(len(agents), func(i, j int) { agents[i], agents[j] = agents[j], agents[i] })
}

// availableFor is what s has available for role: unreserved or reserved to
// the role or an ancestor, minus shared resources offered this cycle.
func (c *cycle) availableFor(s *agent, role string) resources.Resources {
	av := s.available
	for i := range av {
		if !av[i].IsAllocatableTo(role) {
			av = av.AllocatableTo(role)
			break
		}
	}
	if shared := c.offeredShared[s]; len(shared) > 0 {
		av = av.Minus(shared)
	}
	return av
}

// allocatable is Mesos's allocatable: res contains one of the minimum
// allocatable alternatives (the framework's own for the role, else the
// global ones); no alternatives means any non-empty resources.
func (a *Allocator) allocatable(res resources.Resources, role string, f *framework) bool {
	if res.Empty() {
		return false
	}
	mins := a.opts.MinAllocatableResources
	if m, ok := f.minAllocatable[role]; ok {
		mins = m
	}
	if len(mins) == 0 {
		return true
	}
	for _, q := range mins {
		if res.ContainsQuantities(q) {
			return true
		}
	}
	return false
}

// capable is Mesos's isCapableOfReceivingAgent: GPU agents only for
// GPU_RESOURCES frameworks (when filtering GPUs), remote-region agents only
// for REGION_AWARE frameworks.
func (a *Allocator) capable(f *framework, s *agent) bool {
	if a.opts.FilterGPUResources && !f.caps.gpu && s.hasGPU {
		return false
	}
	if !f.caps.regionAware && a.isRemote(s) {
		return false
	}
	return true
}

func (a *Allocator) isRemote(s *agent) bool {
	fd := s.info.GetDomain().GetFaultDomain()
	if fd == nil {
		return false
	}
	master := a.opts.Domain.GetFaultDomain()
	if master == nil {
		return false
	}
	return !proto.Equal(master.GetRegion(), fd.GetRegion())
}

// strip is Mesos's stripIncapableResources: shared, revocable and refined
// resources only for frameworks with the capability.
func strip(res resources.Resources, caps frameworkCaps) resources.Resources {
	keep := func(x *resources.Resource) bool {
		return (caps.shared || !x.IsShared()) &&
			(caps.revocable || !x.IsRevocable()) &&
			(caps.refinement || !x.HasRefinedReservations())
	}
	for i := range res {
		if !keep(&res[i]) {
			return res.Filter(keep)
		}
	}
	return res
}

func isQuotaResource(x *resources.Resource) bool {
	return x.Type == resources.ScalarType && x.IsUnreserved() && !x.IsRevocable()
}

// unreservedQuantities is the quota-relevant part of res: its unreserved
// non-revocable scalars.
func unreservedQuantities(res resources.Resources) resources.Quantities {
	var q resources.Quantities
	for i := range res {
		if isQuotaResource(&res[i]) {
			q = q.Plus(resources.Quantities{{Name: res[i].Name, Value: res[i].Scalar}})
		}
	}
	return q
}

// eligible runs the checks Mesos makes before computing an offer for f in
// role on s and returns what f may be offered from av (nil to skip).
func (c *cycle) eligible(f *framework, role string, s *agent, av resources.Resources) resources.Resources {
	a := c.a
	if !f.active {
		return nil
	}
	if f.constraints != nil && f.constraints.excludes(role, s.info) {
		return nil
	}
	if !a.allocatable(av, role, f) || !a.capable(f, s) {
		return nil
	}
	return strip(av, f.caps)
}

// decide asks the policy how much of toOffer to offer and applies the
// final checks; it returns nil when nothing is offered.
func (c *cycle) decide(stage int, f *framework, role string, s *agent, toOffer resources.Resources) resources.Resources {
	c.cand = Candidate{Stage: stage, Role: role, Framework: f.id, Agent: s.view(), Allowed: toOffer}
	offered := c.a.policy.Offer(&c.cand)
	if !sameResources(offered, toOffer) && !toOffer.Contains(offered) {
		return nil // the policy may only offer what the core allows
	}
	if !c.a.allocatable(offered, role, f) || c.a.isFiltered(f, role, s, offered) {
		return nil
	}
	return offered
}

// sameResources reports whether x and y are the same slice.
func sameResources(x, y resources.Resources) bool {
	return len(x) == len(y) && (len(x) == 0 || &x[0] == &y[0])
}

// grant offers res (unallocated) to f in role r on s.
func (c *cycle) grant(f *framework, r *role, s *agent, res resources.Resources) {
	role := r.name
	var before resources.Quantities
	var available resources.Resources
	if c.a.cfg.Debug {
		before, available = r.quotaConsumed(), s.available
	}
	unallocated := res
	res = res.Allocate(role)
	b := c.offers[f]
	if b == nil {
		b = &offerBuilder{}
		c.offers[f] = b
	}
	b.add(role, s, res)
	if shared := res.Shared(); len(shared) > 0 {
		cur := c.offeredShared[s]
		cur = cur.Plus(shared.Unallocate())
		c.offeredShared[s] = cur
	}
	c.a.offerToRole(s, f, r, res, unallocated)
	c.checkGrant(f, r, s, res, before, available)
}

// stage1 allocates s to roles with unsatisfied quota guarantees, up to the
// guarantees (bursting up to limits and within headroom), as the first
// stage of Mesos's __generateOffers.
func (c *cycle) stage1(s *agent) {
	a := c.a
	// The role and framework orders are snapshots (as Mesos's sort()
	// results); the buffers are not reused before the loops end.
	a.roleBuf = a.roleSorter.Sort(a.roleBuf)
	for _, rid := range a.roleBuf {
		r := a.roleByIdx[rid]
		if r == nil || r.skip1 {
			continue
		}
		if s.available.Empty() {
			break
		}
		unsatisfied := r.unsatisfied
		a.fwBuf = r.fwSorter.Sort(a.fwBuf)
		for _, fid := range a.fwBuf {
			if unsatisfied.Empty() {
				break
			}
			f := a.fwByIdx[fid]
			av := c.availableFor(s, r.name)
			if av.Empty() {
				break
			}
			av = c.eligible(f, r.name, s, av)
			if av == nil {
				continue
			}
			quotaRes := av.Filter(isQuotaResource)
			guarantees := resources.Shrink(quotaRes, unsatisfied, c.rng)
			if guarantees.Empty() {
				continue
			}
			toOffer := guarantees.Plus(av.Filter(func(x *resources.Resource) bool {
				return x.IsReservedTo(r.name) || x.Type != resources.ScalarType || x.IsRevocable()
			}))
			additional := quotaRes.Minus(guarantees)
			guaranteesQ := guarantees.ScalarQuantities()
			if !r.quota.Limits.Empty() {
				additional = resources.ShrinkToLimits(additional, r.quota.Limits.Minus(r.quotaConsumed().Plus(guaranteesQ)), c.rng)
			}
			if !c.required.Empty() && !additional.Empty() {
				additional = resources.Shrink(additional, c.headroom.Minus(c.required), c.rng)
			}
			toOffer.AddAll(additional)
			offered := c.decide(1, f, r.name, s, toOffer)
			if offered == nil {
				continue
			}
			increased := unreservedQuantities(offered)
			if !sameResources(offered, toOffer) {
				guaranteesQ = increased.Min(unsatisfied)
			}
			c.grant(f, r, s, offered)
			unsatisfied = unsatisfied.Minus(increased)
			r.unsatisfied = unsatisfied
			r.skip1 = unsatisfied.Empty()
			c.required = c.required.Minus(guaranteesQ)
			c.headroom = c.headroom.Minus(increased)
		}
	}
}

// stage2 allocates s to all roles in sorter order, within limits and
// without eating the headroom unsatisfied guarantees need, as the second
// stage of Mesos's __generateOffers.
func (c *cycle) stage2(s *agent) {
	a := c.a
	a.roleBuf = a.roleSorter.Sort(a.roleBuf)
	for _, rid := range a.roleBuf {
		if s.available.Empty() {
			break
		}
		r := a.roleByIdx[rid]
		if r == nil || r.skip2 {
			continue
		}
		a.fwBuf = r.fwSorter.Sort(a.fwBuf)
		for _, fid := range a.fwBuf {
			f := a.fwByIdx[fid]
			av := c.availableFor(s, r.name)
			if av.Empty() {
				break
			}
			av = c.eligible(f, r.name, s, av)
			if av == nil {
				continue
			}
			// Without limits or headroom to keep, everything available
			// is offered; otherwise unreserved non-revocable scalars are
			// chopped to fit.
			toOffer := av
			if !r.quota.Limits.Empty() || !c.required.Empty() {
				toOffer = av.Filter(func(x *resources.Resource) bool {
					return x.IsReserved() || x.Type != resources.ScalarType || x.IsRevocable()
				})
				additional := av.Filter(isQuotaResource)
				if !r.quota.Limits.Empty() {
					additional = resources.ShrinkToLimits(additional, r.quota.Limits.Minus(r.quotaConsumed()), c.rng)
				}
				if !c.required.Empty() && !additional.Empty() {
					additional = resources.Shrink(additional, c.headroom.Minus(c.required), c.rng)
				}
				toOffer.AddAll(additional)
			}
			offered := c.decide(2, f, r.name, s, toOffer)
			if offered == nil {
				continue
			}
			c.grant(f, r, s, offered)
			if !c.required.Empty() {
				c.headroom = c.headroom.Minus(unreservedQuantities(offered))
			}
			// The role's (top-level) consumption grew: it may now be
			// blocked.
			if top := a.roles.get(resources.TopLevel(r.name)); top != nil && top.id >= 0 && !top.quota.Limits.Empty() {
				top.skip2 = c.blocked(top)
			}
		}
	}
}
