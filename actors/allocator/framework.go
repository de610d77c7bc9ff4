package allocator

import (
	"slices"

	"github.com/mactor/mactor/internal/resources"
	"github.com/mactor/mactor/messages/mesos"
	schedulerv1 "github.com/mactor/mactor/messages/mesos/v1/scheduler"
)

// FrameworkOptions are Mesos's allocator::FrameworkOptions: the roles the
// framework starts suppressed in, and its offer constraints.
type FrameworkOptions struct {
	SuppressedRoles  []string
	OfferConstraints *schedulerv1.OfferConstraints
}

// framework is the allocator's record of one framework (Mesos's Framework
// in hierarchical.hpp).
type framework struct {
	id   string
	idx  int32
	info *mesos.FrameworkInfo
	// roles the framework is subscribed to, sorted.
	roles      []string
	suppressed map[string]bool
	caps       frameworkCaps
	active     bool
	// minAllocatable overrides the global minimum per role (offer_filters
	// in FrameworkInfo); a present but empty list allows anything.
	minAllocatable map[string][]resources.Quantities
	constraints    offerConstraints
	// constraintsPB is what constraints were compiled from (snapshots).
	constraintsPB *schedulerv1.OfferConstraints

	// tracked are the roles the framework is tracked under; holding counts,
	// per role, the agents where it holds resources in that role.
	tracked map[string]*role
	holding map[string]int

	// offer and inverse offer filters.
	filters        map[filterKey]*offerFilter
	inverseFilters map[*agent][]*inverseFilter
}

type filterKey struct {
	role  string
	agent *agent
}

func (f *framework) subscribed(role string) bool {
	_, ok := slices.BinarySearch(f.roles, role)
	return ok
}

// minAllocatableOf unpacks FrameworkInfo.offer_filters (Mesos's
// unpackFrameworkOfferFilters): only roles whose OfferFilters set
// min_allocatable_resources are present.
func minAllocatableOf(info *mesos.FrameworkInfo) map[string][]resources.Quantities {
	var out map[string][]resources.Quantities
	for role, of := range info.GetOfferFilters() {
		mar := of.GetMinAllocatableResources()
		if mar == nil {
			continue
		}
		if out == nil {
			out = make(map[string][]resources.Quantities)
		}
		alts := []resources.Quantities{}
		for _, rq := range mar.GetQuantities() {
			m := make(map[string]float64, len(rq.GetQuantities()))
			for name, s := range rq.GetQuantities() {
				m[name] = s.GetValue()
			}
			alts = append(alts, resources.QuantitiesOf(m))
		}
		out[role] = alts
	}
	return out
}

func sortedSet(roles []string) []string {
	out := slices.Clone(roles)
	slices.Sort(out)
	return slices.Compact(out)
}
