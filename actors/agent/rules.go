package agent

import (
	"slices"
	"time"

	"github.com/mactor/mactor/bridge/owner"
	bridgev1 "github.com/mactor/mactor/messages/bridge/v1"
	mesos "github.com/mactor/mactor/messages/mesos"
)

// Rules are the agent actor's rules: how each call it owns changes an
// AgentRecord.
func Rules() owner.Rules[*bridgev1.AgentRecord] {
	return owner.Rules[*bridgev1.AgentRecord]{Kind: owner.Agent, New: newRecord, Meta: meta, Apply: apply}
}

func newRecord(k owner.Key) *bridgev1.AgentRecord {
	return &bridgev1.AgentRecord{SlaveId: &mesos.SlaveID{Value: &k.ID}, Meta: &bridgev1.OwnerMeta{}}
}

func meta(r *bridgev1.AgentRecord) *bridgev1.OwnerMeta {
	if r.Meta == nil {
		r.Meta = &bridgev1.OwnerMeta{}
	}
	return r.Meta
}

func apply(r *bridgev1.AgentRecord, c *bridgev1.Call, at time.Time) *bridgev1.Response {
	switch c.GetType() {
	case bridgev1.Call_ADD_SLAVE:
		a := c.GetAddSlave()
		r.SlaveInfo, r.Capabilities, r.Unavailability = a.GetSlaveInfo(), a.GetCapabilities(), a.GetUnavailability()
		r.Total, r.Used = a.GetTotal(), a.GetUsed()
		r.Added, r.Removed, r.Active = true, false, true
		r.InverseOffers, r.OfferedToAllocated = nil, nil
	case bridgev1.Call_REMOVE_SLAVE:
		r.Added, r.Removed, r.Active = false, true, false
		r.Used, r.InverseOffers, r.OfferedToAllocated, r.Unavailability = nil, nil, nil, nil
	case bridgev1.Call_UPDATE_SLAVE:
		updateSlave(r, c.GetUpdateSlave())
	case bridgev1.Call_ADD_RESOURCE_PROVIDER:
		a := c.GetAddResourceProvider()
		if sum, err := owner.Plus(r.Total, a.GetTotal()); err == nil {
			r.Total = sum
		}
		for _, u := range a.GetUsed() {
			addUsed(r, u)
		}
	case bridgev1.Call_ACTIVATE_SLAVE:
		r.Active = true
	case bridgev1.Call_DEACTIVATE_SLAVE:
		r.Active = false
	case bridgev1.Call_UPDATE_AVAILABLE:
		return updateAvailable(r, c.GetUpdateAvailable())
	case bridgev1.Call_UPDATE_UNAVAILABILITY:
		// A new maintenance schedule resets the frameworks' answers, as in
		// Mesos's allocator.
		r.Unavailability = c.GetUpdateUnavailability().GetUnavailability()
		r.InverseOffers = nil
	case bridgev1.Call_UPDATE_INVERSE_OFFER:
		updateInverseOffer(r, c.GetUpdateInverseOffer(), at)
	case bridgev1.Call_TRANSITION_OFFERED_TO_ALLOCATED:
		if sum, err := owner.Plus(r.OfferedToAllocated, c.GetTransitionOfferedToAllocated().GetResources()); err == nil {
			r.OfferedToAllocated = sum
		}
	}
	return nil
}

func updateSlave(r *bridgev1.AgentRecord, u *bridgev1.Call_UpdateSlave) {
	if u.GetSlaveInfo() != nil {
		r.SlaveInfo = u.GetSlaveInfo()
	}
	if u.GetTotal() != nil {
		r.Total = u.GetTotal().GetResources()
	}
	if u.GetCapabilities() != nil {
		r.Capabilities = u.GetCapabilities().GetCapabilities()
	}
	if o := u.GetOversubscribed(); o != nil {
		// Mesos 0.23's updateSlave: the revocable part of the total is
		// replaced by the oversubscribed resources.
		kept := slices.DeleteFunc(slices.Clone(r.Total), func(res *mesos.Resource) bool { return res.GetRevocable() != nil })
		if sum, err := owner.Plus(kept, o.GetResources()); err == nil {
			r.Total = sum
		}
	}
}

func addUsed(r *bridgev1.AgentRecord, u *bridgev1.FrameworkResources) {
	for _, e := range r.Used {
		if e.GetFrameworkId().GetValue() == u.GetFrameworkId().GetValue() {
			if sum, err := owner.Plus(e.Resources, u.GetResources()); err == nil {
				e.Resources = sum
			}
			return
		}
	}
	r.Used = append(r.Used, u)
}

// Available returns what of the agent's total is neither reported in use
// nor turned from offered into allocated.
func Available(r *bridgev1.AgentRecord) ([]*mesos.Resource, error) {
	avail := r.GetTotal()
	var err error
	for _, u := range r.GetUsed() {
		if avail, err = owner.Minus(avail, u.GetResources()); err != nil {
			return nil, err
		}
	}
	return owner.Minus(avail, r.GetOfferedToAllocated())
}

func updateAvailable(r *bridgev1.AgentRecord, u *bridgev1.Call_UpdateAvailable) *bridgev1.Response {
	fail := func(err error) *bridgev1.Response {
		return &bridgev1.Response{Result: &bridgev1.Response_UpdateAvailable{UpdateAvailable: &bridgev1.UpdateAvailableResult{Error: err.Error()}}}
	}
	avail, err := Available(r)
	if err != nil {
		return fail(err)
	}
	if _, err := owner.ApplyOperations(avail, u.GetOperations()); err != nil {
		return fail(err)
	}
	total, err := owner.ApplyOperations(r.Total, u.GetOperations())
	if err != nil {
		return fail(err)
	}
	r.Total = total
	return &bridgev1.Response{Result: &bridgev1.Response_UpdateAvailable{UpdateAvailable: &bridgev1.UpdateAvailableResult{}}}
}

func updateInverseOffer(r *bridgev1.AgentRecord, u *bridgev1.Call_UpdateInverseOffer, at time.Time) {
	var st *bridgev1.InverseOfferState
	for _, s := range r.InverseOffers {
		if s.GetFrameworkId().GetValue() == u.GetFrameworkId().GetValue() {
			st = s
		}
	}
	if st == nil {
		st = &bridgev1.InverseOfferState{FrameworkId: u.GetFrameworkId()}
		r.InverseOffers = append(r.InverseOffers, st)
	}
	if u.GetUnavailableResources() != nil {
		st.UnavailableResources = u.GetUnavailableResources()
	}
	if u.GetStatus() != nil {
		st.Status = u.GetStatus()
	}
	if d := owner.RefuseFor(u.GetFilters()); d > 0 {
		st.RefuseUntilUnixNanos = at.Add(d).UnixNano()
	}
}
