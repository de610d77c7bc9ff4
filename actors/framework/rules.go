package framework

import (
	"slices"
	"time"

	"github.com/mactor/mactor/bridge/owner"
	bridgev1 "github.com/mactor/mactor/messages/bridge/v1"
	mesos "github.com/mactor/mactor/messages/mesos"
)

// Rules are the framework actor's rules: how each call it owns changes a
// FrameworkRecord.
func Rules() owner.Rules[*bridgev1.FrameworkRecord] {
	return owner.Rules[*bridgev1.FrameworkRecord]{
		Kind:     owner.Framework,
		New:      newRecord,
		Meta:     meta,
		Apply:    apply,
		Internal: internal,
	}
}

func newRecord(k owner.Key) *bridgev1.FrameworkRecord {
	return &bridgev1.FrameworkRecord{FrameworkId: &mesos.FrameworkID{Value: &k.ID}, Meta: &bridgev1.OwnerMeta{}}
}

func meta(r *bridgev1.FrameworkRecord) *bridgev1.OwnerMeta {
	if r.Meta == nil {
		r.Meta = &bridgev1.OwnerMeta{}
	}
	return r.Meta
}

func apply(r *bridgev1.FrameworkRecord, c *bridgev1.Call, at time.Time) *bridgev1.Response {
	switch c.GetType() {
	case bridgev1.Call_ADD_FRAMEWORK:
		a := c.GetAddFramework()
		r.FrameworkInfo, r.Options = a.GetFrameworkInfo(), a.GetOptions()
		r.Added, r.Removed, r.Active = true, false, a.GetActive()
		r.SuppressedRoles = sortedSet(a.GetOptions().GetSuppressedRoles())
		r.Allocations = nil
		for _, u := range a.GetUsed() {
			al := allocation(r, u.GetSlaveId())
			al.Allocated = u.GetResources()
		}
	case bridgev1.Call_REMOVE_FRAMEWORK:
		r.Added, r.Removed, r.Active = false, true, false
		r.Allocations, r.RefuseFilters, r.SuppressedRoles, r.Requests = nil, nil, nil, nil
	case bridgev1.Call_ACTIVATE_FRAMEWORK:
		r.Active = true
	case bridgev1.Call_DEACTIVATE_FRAMEWORK:
		r.Active = false
	case bridgev1.Call_UPDATE_FRAMEWORK:
		u := c.GetUpdateFramework()
		r.FrameworkInfo, r.Options = u.GetFrameworkInfo(), u.GetOptions()
		r.SuppressedRoles = sortedSet(u.GetOptions().GetSuppressedRoles())
	case bridgev1.Call_REQUEST_RESOURCES:
		r.Requests = c.GetRequestResources().GetRequests()
	case bridgev1.Call_UPDATE_ALLOCATION:
		updateAllocation(r, c.GetUpdateAllocation())
	case bridgev1.Call_RECOVER_RESOURCES:
		recoverResources(r, c.GetRecoverResources(), at)
	case bridgev1.Call_SUPPRESS_OFFERS:
		roles := c.GetSuppressOffers().GetRoles()
		if len(roles) == 0 {
			roles = Roles(r.GetFrameworkInfo())
		}
		r.SuppressedRoles = sortedSet(append(slices.Clone(r.SuppressedRoles), roles...))
	case bridgev1.Call_REVIVE_OFFERS:
		revive(r, c.GetReviveOffers().GetRoles())
	}
	return nil
}

// internal records offers the allocator made.
func internal(r *bridgev1.FrameworkRecord, ev *bridgev1.OwnerEvent, _ time.Time) {
	for _, o := range ev.GetOffers() {
		al := allocation(r, o.GetSlaveId())
		if sum, err := owner.Plus(al.Offered, o.GetResources()); err == nil {
			al.Offered = sum
		}
	}
}

// Roles returns the roles a framework subscribes to: FrameworkInfo.roles
// for MULTI_ROLE frameworks, else its single (deprecated) role.
func Roles(info *mesos.FrameworkInfo) []string {
	for _, c := range info.GetCapabilities() {
		if c.GetType() == mesos.FrameworkInfo_Capability_MULTI_ROLE {
			return info.GetRoles()
		}
	}
	//lint:ignore SA1019 frameworks without MULTI_ROLE still use the single role
	return []string{info.GetRole()}
}

func revive(r *bridgev1.FrameworkRecord, roles []string) {
	if len(roles) == 0 {
		r.SuppressedRoles, r.RefuseFilters = nil, nil
		return
	}
	r.SuppressedRoles = slices.DeleteFunc(r.SuppressedRoles, func(s string) bool { return slices.Contains(roles, s) })
	r.RefuseFilters = slices.DeleteFunc(r.RefuseFilters, func(f *bridgev1.RefuseFilter) bool {
		for _, res := range f.GetResources() {
			if slices.Contains(roles, res.GetAllocationInfo().GetRole()) {
				return true
			}
		}
		return false
	})
}

func updateAllocation(r *bridgev1.FrameworkRecord, u *bridgev1.Call_UpdateAllocation) {
	al := allocation(r, u.GetSlaveId())
	consumed := make([][]*mesos.Resource, len(u.GetConversions()))
	converted := make([][]*mesos.Resource, len(u.GetConversions()))
	for i, cv := range u.GetConversions() {
		consumed[i], converted[i] = cv.GetConsumed(), cv.GetConverted()
	}
	updated, err := owner.Convert(u.GetOfferedResources(), consumed, converted)
	if err != nil {
		return
	}
	bucket := &al.Allocated
	if owner.Contains(al.Offered, u.GetOfferedResources()) {
		bucket = &al.Offered
	}
	rest, err := owner.Minus(*bucket, u.GetOfferedResources())
	if err != nil {
		return
	}
	if sum, err := owner.Plus(rest, updated); err == nil {
		*bucket = sum
	}
}

func recoverResources(r *bridgev1.FrameworkRecord, rr *bridgev1.Call_RecoverResources, at time.Time) {
	al := allocation(r, rr.GetSlaveId())
	first, second := &al.Offered, &al.Allocated
	if rr.GetIsAllocated() {
		first, second = second, first
	}
	if !owner.Contains(*first, rr.GetResources()) && owner.Contains(*second, rr.GetResources()) {
		first = second
	}
	if rest, err := owner.Minus(*first, rr.GetResources()); err == nil {
		*first = rest
	}
	if len(al.Allocated) == 0 && len(al.Offered) == 0 {
		r.Allocations = slices.DeleteFunc(r.Allocations, func(a *bridgev1.AgentAllocation) bool { return a == al })
	}
	r.RefuseFilters = slices.DeleteFunc(r.RefuseFilters, func(f *bridgev1.RefuseFilter) bool {
		return f.GetExpiresUnixNanos() <= at.UnixNano()
	})
	if d := owner.RefuseFor(rr.GetFilters()); d > 0 && len(rr.GetResources()) > 0 {
		r.RefuseFilters = append(r.RefuseFilters, &bridgev1.RefuseFilter{
			SlaveId: rr.GetSlaveId(), Resources: rr.GetResources(), ExpiresUnixNanos: at.Add(d).UnixNano(),
		})
	}
}

// allocation returns the record's entry for an agent, adding it.
func allocation(r *bridgev1.FrameworkRecord, id *mesos.SlaveID) *bridgev1.AgentAllocation {
	for _, a := range r.Allocations {
		if a.GetSlaveId().GetValue() == id.GetValue() {
			return a
		}
	}
	a := &bridgev1.AgentAllocation{SlaveId: id}
	r.Allocations = append(r.Allocations, a)
	return a
}

func sortedSet(s []string) []string {
	if len(s) == 0 {
		return nil
	}
	out := slices.Clone(s)
	slices.Sort(out)
	return slices.Compact(out)
}
