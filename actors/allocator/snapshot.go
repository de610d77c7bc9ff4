package allocator

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/mactor/mactor/internal/resources"
	allocatorv1 "github.com/mactor/mactor/messages/allocator/v1"
	bridgev1 "github.com/mactor/mactor/messages/bridge/v1"
	"github.com/mactor/mactor/messages/mesos"
)

// Snapshot returns the allocator's complete state: everything its decisions
// depend on, including what is history rather than records (the cycle
// number that seeds each cycle, the DRF sorters' allocation counts, the
// creation times of refuse filters, the order of each agent's resources).
// Restore with the same Config (policy, seed) gives an allocator that makes
// exactly the decisions this one would make from here on. The protobuf
// messages of the state (FrameworkInfo, SlaveInfo, ...) are shared with the
// allocator, not copied: do not modify them.
func (a *Allocator) Snapshot() (*allocatorv1.State, error) {
	st := &allocatorv1.State{
		Options:                   optionsToProto(a.opts),
		Initialized:               a.initialized,
		Paused:                    a.paused,
		ExpectedAgents:            int64(a.expectedAgents),
		RecoveryDeadlineUnixNanos: unixNanos(a.recoveryDeadline),
		Cycles:                    a.cycles,
		FilterSeq:                 a.filterSeq,
	}
	if a.whitelist != nil {
		st.Whitelist = &bridgev1.Hostnames{Hostnames: sortedKeys(a.whitelist)}
	}
	for _, name := range sortedKeys(a.roles.roles) {
		r := a.roles.roles[name]
		if r.quota.IsDefault() && !r.hasWeight {
			continue
		}
		pr := &allocatorv1.Role{
			Name:       name,
			Guarantees: quantitiesToProto(r.quota.Guarantees),
			Limits:     quantitiesToProto(resources.Quantities(r.quota.Limits)),
		}
		if r.hasWeight {
			pr.HasWeight, pr.Weight = true, r.weight
		}
		st.Roles = append(st.Roles, pr)
	}
	for _, s := range a.sortedAgents() {
		st.Agents = append(st.Agents, agentToProto(s))
	}
	var filters []*offerFilter
	// Filters that refuse the same resources share them (the agent's
	// lastRefused): written once.
	type sliceID struct {
		first *resources.Resource
		n     int
	}
	sets := map[sliceID]uint32{}
	for _, id := range sortedKeys(a.frameworks) {
		f := a.frameworks[id]
		st.Frameworks = append(st.Frameworks, frameworkToProto(f))
		filters = filters[:0]
		for _, head := range f.filters {
			for o := head; o != nil; o = o.next {
				filters = append(filters, o)
			}
		}
		slices.SortFunc(filters, func(x, y *offerFilter) int { return cmpUint64(x.seq, y.seq) })
		pf := st.Frameworks[len(st.Frameworks)-1]
		for _, o := range filters {
			pfl := &allocatorv1.Filter{
				Role: o.key.role, AgentId: o.key.agent.id,
				CreatedUnixNanos: o.created, ExpiresUnixNanos: o.expires, IntervalNanos: o.interval, Seq: o.seq,
			}
			if len(o.refused) > 0 {
				k := sliceID{&o.refused[0], len(o.refused)}
				idx, ok := sets[k]
				if !ok {
					st.RefusedSets = append(st.RefusedSets, &allocatorv1.ResourceList{Items: resourcesToProto(o.refused)})
					idx = uint32(len(st.RefusedSets))
					sets[k] = idx
				}
				pfl.RefusedSet = idx
			}
			pf.Filters = append(pf.Filters, pfl)
		}
		for _, s := range a.sortedAgents() {
			for _, inv := range f.inverseFilters[s] {
				pf.InverseFilters = append(pf.InverseFilters, &allocatorv1.InverseFilter{AgentId: s.id, ExpiresUnixNanos: unixNanos(inv.expires)})
			}
		}
	}
	for s := range a.candidates {
		st.Candidates = append(st.Candidates, s.id)
	}
	slices.Sort(st.Candidates)
	if h, err := sorterHistory(a.roleSorter); err != nil {
		return nil, fmt.Errorf("role sorter: %w", err)
	} else if h != nil {
		st.Sorters = append(st.Sorters, &allocatorv1.SorterHistory{RoleSorter: true, History: h})
	}
	for _, r := range a.roleByIdx {
		if r == nil || r.fwSorter == nil {
			continue
		}
		h, err := sorterHistory(r.fwSorter)
		if err != nil {
			return nil, fmt.Errorf("framework sorter of role %q: %w", r.name, err)
		}
		if h != nil {
			st.Sorters = append(st.Sorters, &allocatorv1.SorterHistory{Role: r.name, History: h})
		}
	}
	slices.SortFunc(st.Sorters, func(x, y *allocatorv1.SorterHistory) int { return strings.Compare(x.GetRole(), y.GetRole()) })
	return st, nil
}

func sorterHistory(s Sorter) ([]byte, error) {
	if s == nil {
		return nil, nil
	}
	hs, ok := s.(HistorySorter)
	if !ok {
		return nil, nil
	}
	return hs.MarshalHistory()
}

func agentToProto(s *agent) *allocatorv1.Agent {
	pa := &allocatorv1.Agent{
		Id:           s.id,
		Info:         s.info,
		Capabilities: capabilitiesToProto(s.caps),
		Activated:    s.activated,
		Total:        resourcesToProto(s.total),
		Held:         resourcesToProto(s.allocTotal),
		Allocated:    resourcesToProto(s.allocated),
		Available:    resourcesToProto(s.available),
		Exact:        s.exact,
	}
	for _, fw := range sortedKeys(s.alloc) {
		pa.Holdings = append(pa.Holdings, &allocatorv1.Holding{FrameworkId: fw, Resources: resourcesToProto(s.alloc[fw])})
	}
	if m := s.maintenance; m != nil {
		pm := &allocatorv1.Maintenance{Unavailability: m.unavailability}
		for f, status := range m.statuses {
			pm.Statuses = append(pm.Statuses, &allocatorv1.InverseOfferStatus{FrameworkId: f.id, Status: status})
		}
		slices.SortFunc(pm.Statuses, func(x, y *allocatorv1.InverseOfferStatus) int {
			return strings.Compare(x.GetFrameworkId(), y.GetFrameworkId())
		})
		for f, out := range m.outstanding {
			if out {
				pm.Outstanding = append(pm.Outstanding, f.id)
			}
		}
		slices.Sort(pm.Outstanding)
		pa.Maintenance = pm
	}
	return pa
}

func frameworkToProto(f *framework) *allocatorv1.Framework {
	pf := &allocatorv1.Framework{
		Id:               f.id,
		Info:             f.info,
		OfferConstraints: f.constraintsPB,
		Active:           f.active,
	}
	for _, name := range f.roles {
		if f.suppressed[name] {
			pf.SuppressedRoles = append(pf.SuppressedRoles, name)
		}
	}
	return pf
}

func optionsToProto(o Options) *allocatorv1.Options {
	po := &allocatorv1.Options{
		AllocationIntervalNanos:      int64(o.AllocationInterval),
		FairnessExcludeResourceNames: o.FairnessExcludeResourceNames,
		FilterGpuResources:           o.FilterGPUResources,
		Domain:                       o.Domain,
		HasMinAllocatable:            o.MinAllocatableResources != nil,
		MaxCompletedFrameworks:       int64(o.MaxCompletedFrameworks),
		PublishPerFrameworkMetrics:   o.PublishPerFrameworkMetrics,
		RecoveryTimeoutNanos:         int64(o.RecoveryTimeout),
		AgentRecoveryFactor:          o.AgentRecoveryFactor,
	}
	for _, q := range o.MinAllocatableResources {
		po.MinAllocatable = append(po.MinAllocatable, quantitiesToProto(q))
	}
	return po
}

func quantitiesToProto(q resources.Quantities) *allocatorv1.Quantities {
	if len(q) == 0 {
		return nil
	}
	out := &allocatorv1.Quantities{Items: make([]*allocatorv1.Quantity, len(q))}
	for i, x := range q {
		out.Items[i] = &allocatorv1.Quantity{Name: x.Name, Millis: int64(x.Value)}
	}
	return out
}

// resourcesToProto writes a collection entry by entry, in order, with the
// copies of shared resources: Restore reads back the same slice.
func resourcesToProto(rs resources.Resources) []*allocatorv1.Resource {
	if len(rs) == 0 {
		return nil
	}
	out := make([]*allocatorv1.Resource, len(rs))
	for i := range rs {
		out[i] = &allocatorv1.Resource{Resource: rs[i].ToProto(), Copies: rs[i].Copies}
	}
	return out
}

// capabilitiesToProto is the inverse of AgentCapabilitiesOf.
func capabilitiesToProto(c AgentCapabilities) []*mesos.SlaveInfo_Capability {
	var out []*mesos.SlaveInfo_Capability
	add := func(on bool, t mesos.SlaveInfo_Capability_Type) {
		if on {
			out = append(out, &mesos.SlaveInfo_Capability{Type: t.Enum()})
		}
	}
	add(c.MultiRole, mesos.SlaveInfo_Capability_MULTI_ROLE)
	add(c.HierarchicalRole, mesos.SlaveInfo_Capability_HIERARCHICAL_ROLE)
	add(c.ReservationRefinement, mesos.SlaveInfo_Capability_RESERVATION_REFINEMENT)
	add(c.ResourceProvider, mesos.SlaveInfo_Capability_RESOURCE_PROVIDER)
	add(c.ResizeVolume, mesos.SlaveInfo_Capability_RESIZE_VOLUME)
	add(c.AgentOperationFeedback, mesos.SlaveInfo_Capability_AGENT_OPERATION_FEEDBACK)
	add(c.AgentDraining, mesos.SlaveInfo_Capability_AGENT_DRAINING)
	add(c.TaskResourceLimits, mesos.SlaveInfo_Capability_TASK_RESOURCE_LIMITS)
	return out
}

func unixNanos(t time.Time) int64 {
	if t.IsZero() {
		return 0
	}
	return t.UnixNano()
}

func timeOf(n int64) time.Time {
	if n == 0 {
		return time.Time{}
	}
	return time.Unix(0, n)
}

func cmpUint64(x, y uint64) int {
	switch {
	case x < y:
		return -1
	case x > y:
		return 1
	}
	return 0
}
