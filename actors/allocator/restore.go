package allocator

import (
	"container/heap"
	"fmt"
	"time"

	"github.com/mactor/mactor/internal/resources"
	allocatorv1 "github.com/mactor/mactor/messages/allocator/v1"
)

// Restore returns an allocator in the state st, as Snapshot wrote it, with
// cfg's policy, clock, seed and debug mode. Given the configuration of the
// allocator that wrote st (the same policy and seed), the restored
// allocator makes exactly the decisions the original would have made from
// that point on. st's protobuf messages are kept, not copied.
func Restore(cfg Config, st *allocatorv1.State) (*Allocator, error) {
	a := New(cfg)
	debug := a.cfg.Debug
	a.cfg.Debug = false
	if err := a.restore(st); err != nil {
		return nil, fmt.Errorf("allocator: restore: %w", err)
	}
	a.cfg.Debug = debug
	if debug {
		if err := a.CheckInvariants(); err != nil {
			return nil, fmt.Errorf("allocator: restore: %w", err)
		}
	}
	return a, nil
}

func (a *Allocator) restore(st *allocatorv1.State) error {
	opts := optionsFromProto(st.GetOptions())
	if !st.GetInitialized() {
		a.opts = opts
		return nil
	}
	if err := a.Initialize(opts); err != nil {
		return err
	}
	a.paused = st.GetPaused()
	a.expectedAgents = int(st.GetExpectedAgents())
	a.recoveryDeadline = timeOf(st.GetRecoveryDeadlineUnixNanos())
	if wl := st.GetWhitelist(); wl != nil {
		a.whitelist = make(map[string]bool, len(wl.GetHostnames()))
		for _, h := range wl.GetHostnames() {
			a.whitelist[h] = true
		}
	}
	a.cycles, a.filterSeq = st.GetCycles(), st.GetFilterSeq()
	for _, pr := range st.GetRoles() {
		q := Quota{Guarantees: quantitiesFromProto(pr.GetGuarantees()), Limits: resources.Limits(quantitiesFromProto(pr.GetLimits()))}
		if !q.IsDefault() {
			a.setQuota(pr.GetName(), q)
		}
		if pr.GetHasWeight() {
			r := a.roles.getOrCreate(pr.GetName())
			r.weight, r.hasWeight = pr.GetWeight(), true
			a.roleSorter.UpdateWeight(pr.GetName(), pr.GetWeight())
		}
	}
	for _, pf := range st.GetFrameworks() {
		if err := a.restoreFramework(pf); err != nil {
			return err
		}
	}
	for _, pa := range st.GetAgents() {
		if err := a.restoreAgent(pa); err != nil {
			return err
		}
	}
	// What known frameworks hold reaches the sorters and the role tree as
	// a recomputation would account it (the debug invariants' definition).
	for _, s := range a.sortedAgents() {
		for _, fw := range sortedKeys(s.alloc) {
			if f := a.frameworks[fw]; f != nil {
				a.trackAllocated(s, f, s.alloc[fw], nil)
			}
		}
		a.roles.trackAllocated(s.allocated)
	}
	sets := make([]resources.Resources, len(st.GetRefusedSets()))
	for i, rl := range st.GetRefusedSets() {
		var err error
		if sets[i], err = resourcesFromProto(rl.GetItems()); err != nil {
			return fmt.Errorf("refused resources %d: %w", i, err)
		}
	}
	for _, pf := range st.GetFrameworks() {
		if err := a.restoreFilters(a.frameworks[pf.GetId()], pf, sets); err != nil {
			return err
		}
	}
	for _, id := range st.GetCandidates() {
		s, ok := a.agents[id]
		if !ok {
			return fmt.Errorf("%w: candidate agent %q", ErrUnknownAgent, id)
		}
		a.candidates[s] = struct{}{}
	}
	for _, sh := range st.GetSorters() {
		var s Sorter
		if sh.GetRoleSorter() {
			s = a.roleSorter
		} else if r := a.roles.get(sh.GetRole()); r != nil {
			s = r.fwSorter
		}
		hs, ok := s.(HistorySorter)
		if !ok {
			continue
		}
		if err := hs.UnmarshalHistory(sh.GetHistory()); err != nil {
			return err
		}
	}
	return nil
}

func (a *Allocator) restoreFramework(pf *allocatorv1.Framework) error {
	f, err := a.newFramework(pf.GetId(), pf.GetInfo(), FrameworkOptions{
		SuppressedRoles: pf.GetSuppressedRoles(), OfferConstraints: pf.GetOfferConstraints(),
	})
	if err != nil {
		return err
	}
	f.idx = a.newFrameworkIdx(f)
	f.active = pf.GetActive()
	a.frameworks[f.id] = f
	for _, name := range f.roles {
		r := a.trackFrameworkUnderRole(f, name)
		if f.active && !f.suppressed[name] {
			r.fwSorter.Activate(f.idx)
		}
	}
	return nil
}

func (a *Allocator) restoreAgent(pa *allocatorv1.Agent) error {
	var err error
	field := func(name string, rs []*allocatorv1.Resource) resources.Resources {
		if err != nil {
			return nil
		}
		var out resources.Resources
		if out, err = resourcesFromProto(rs); err != nil {
			err = fmt.Errorf("agent %q %s: %w", pa.GetId(), name, err)
		}
		return out
	}
	s := &agent{
		id:         pa.GetId(),
		info:       pa.GetInfo(),
		caps:       AgentCapabilitiesOf(pa.GetCapabilities()),
		activated:  pa.GetActivated(),
		alloc:      make(map[string]resources.Resources, len(pa.GetHoldings())),
		allocTotal: field("held", pa.GetHeld()),
		allocated:  field("allocated", pa.GetAllocated()),
	}
	total := field("total", pa.GetTotal())
	available := field("available", pa.GetAvailable())
	for _, h := range pa.GetHoldings() {
		s.alloc[h.GetFrameworkId()] = field("holding", h.GetResources())
	}
	if err != nil {
		return err
	}
	s.setTotal(total)
	// Available is kept as it was (its order is history: it decides what
	// a chopped offer takes), not recomputed.
	s.available, s.exact = available, pa.GetExact()
	s.updateRevocable()
	if pm := pa.GetMaintenance(); pm != nil {
		s.maintenance = newMaintenance(pm.GetUnavailability())
		for _, st := range pm.GetStatuses() {
			if f := a.frameworks[st.GetFrameworkId()]; f != nil {
				s.maintenance.statuses[f] = st.GetStatus()
			}
		}
		for _, id := range pm.GetOutstanding() {
			if f := a.frameworks[id]; f != nil {
				s.maintenance.outstanding[f] = true
			}
		}
	}
	a.agents[s.id] = s
	a.agentOrderDirty = true
	a.roles.trackReservations(s.total)
	a.total.add(s.totalQ)
	return nil
}

func (a *Allocator) restoreFilters(f *framework, pf *allocatorv1.Framework, sets []resources.Resources) error {
	for _, pfl := range pf.GetFilters() {
		s, ok := a.agents[pfl.GetAgentId()]
		if !ok {
			return fmt.Errorf("%w: filter of framework %q on agent %q", ErrUnknownAgent, f.id, pfl.GetAgentId())
		}
		var refused resources.Resources
		if i := pfl.GetRefusedSet(); i > 0 {
			if int(i) > len(sets) {
				return fmt.Errorf("%w: filter of framework %q refers to refused set %d of %d", ErrInvalidOption, f.id, i, len(sets))
			}
			refused = sets[i-1]
		} else {
			var err error
			if refused, err = resourcesFromProto(pfl.GetRefused()); err != nil {
				return fmt.Errorf("filter of framework %q: %w", f.id, err)
			}
		}
		key := filterKey{pfl.GetRole(), s}
		o := &offerFilter{
			f: f, key: key, refused: refused,
			created: pfl.GetCreatedUnixNanos(), expires: pfl.GetExpiresUnixNanos(),
			interval: pfl.GetIntervalNanos(), seq: pfl.GetSeq(),
		}
		if f.filters == nil {
			f.filters = make(map[filterKey]*offerFilter)
		}
		o.next = f.filters[key]
		f.filters[key] = o
		heap.Push(&a.filterHeap, o)
	}
	for _, inv := range pf.GetInverseFilters() {
		s, ok := a.agents[inv.GetAgentId()]
		if !ok {
			return fmt.Errorf("%w: inverse offer filter of framework %q on agent %q", ErrUnknownAgent, f.id, inv.GetAgentId())
		}
		if f.inverseFilters == nil {
			f.inverseFilters = make(map[*agent][]*inverseFilter)
		}
		f.inverseFilters[s] = append(f.inverseFilters[s], &inverseFilter{expires: timeOf(inv.GetExpiresUnixNanos())})
	}
	return nil
}

func optionsFromProto(po *allocatorv1.Options) Options {
	o := Options{
		AllocationInterval:           time.Duration(po.GetAllocationIntervalNanos()),
		FairnessExcludeResourceNames: po.GetFairnessExcludeResourceNames(),
		FilterGPUResources:           po.GetFilterGpuResources(),
		Domain:                       po.GetDomain(),
		MaxCompletedFrameworks:       int(po.GetMaxCompletedFrameworks()),
		PublishPerFrameworkMetrics:   po.GetPublishPerFrameworkMetrics(),
		RecoveryTimeout:              time.Duration(po.GetRecoveryTimeoutNanos()),
		AgentRecoveryFactor:          po.GetAgentRecoveryFactor(),
	}
	if po.GetHasMinAllocatable() {
		o.MinAllocatableResources = make([]resources.Quantities, 0, len(po.GetMinAllocatable()))
		for _, q := range po.GetMinAllocatable() {
			o.MinAllocatableResources = append(o.MinAllocatableResources, quantitiesFromProto(q))
		}
	}
	return o
}

func quantitiesFromProto(pq *allocatorv1.Quantities) resources.Quantities {
	if len(pq.GetItems()) == 0 {
		return nil
	}
	out := make(resources.Quantities, len(pq.GetItems()))
	for i, x := range pq.GetItems() {
		out[i] = resources.Quantity{Name: x.GetName(), Value: resources.Scalar(x.GetMillis())}
	}
	return out
}

// resourcesFromProto reads back what resourcesToProto wrote: the same
// entries in the same order.
func resourcesFromProto(prs []*allocatorv1.Resource) (resources.Resources, error) {
	if len(prs) == 0 {
		return nil, nil
	}
	out := make(resources.Resources, 0, len(prs))
	for _, pr := range prs {
		r, err := resources.ResourceFromProto(pr.GetResource())
		if err != nil {
			return nil, err
		}
		r.Copies = pr.GetCopies()
		out = append(out, r)
	}
	return out, nil
}
