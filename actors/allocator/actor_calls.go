package allocator

import (
	"fmt"
	"time"

	"github.com/mactor/mactor/internal/resources"
	bridgev1 "github.com/mactor/mactor/messages/bridge/v1"
	"github.com/mactor/mactor/messages/mesos"
)

// applyCall turns one bridge call into the allocation core's method call.
// Errors are the core's refusals (what Mesos CHECK-fails on): the call
// changes nothing and the caller logs them.
func (c *core) applyCall(call *bridgev1.Call) error {
	a := c.lib
	switch call.GetType() {
	case bridgev1.Call_INITIALIZE:
		// A master calls initialize once, when it starts: a new allocator.
		return c.reset(optionsFromInitialize(call.GetInitialize(), c.defaults))
	case bridgev1.Call_RECOVER:
		r := call.GetRecover()
		quotas := make(map[string]Quota, len(r.GetQuotas()))
		for role, q := range r.GetQuotas() {
			quotas[role] = QuotaOf(q.GetGuarantees(), q.GetLimits())
		}
		return a.Recover(int(r.GetExpectedAgentCount()), quotas)
	case bridgev1.Call_ADD_FRAMEWORK:
		p := call.GetAddFramework()
		id := p.GetFrameworkId().GetValue()
		used, err := slaveResources(p.GetUsed())
		if err != nil {
			return err
		}
		if _, ok := a.frameworks[id]; ok {
			// The same framework added again (by a new master): as a new
			// allocator would see it.
			if err := a.RemoveFramework(id); err != nil {
				return err
			}
		}
		return a.AddFramework(id, p.GetFrameworkInfo(), used, p.GetActive(), frameworkOptions(p.GetOptions()))
	case bridgev1.Call_REMOVE_FRAMEWORK:
		return a.RemoveFramework(call.GetRemoveFramework().GetFrameworkId().GetValue())
	case bridgev1.Call_ACTIVATE_FRAMEWORK:
		return a.ActivateFramework(call.GetActivateFramework().GetFrameworkId().GetValue())
	case bridgev1.Call_DEACTIVATE_FRAMEWORK:
		return a.DeactivateFramework(call.GetDeactivateFramework().GetFrameworkId().GetValue())
	case bridgev1.Call_UPDATE_FRAMEWORK:
		p := call.GetUpdateFramework()
		return a.UpdateFramework(p.GetFrameworkId().GetValue(), p.GetFrameworkInfo(), frameworkOptions(p.GetOptions()))
	case bridgev1.Call_ADD_SLAVE:
		return c.addSlave(call.GetAddSlave())
	case bridgev1.Call_REMOVE_SLAVE:
		return a.RemoveSlave(call.GetRemoveSlave().GetSlaveId().GetValue())
	case bridgev1.Call_UPDATE_SLAVE:
		return c.updateSlave(call.GetUpdateSlave())
	case bridgev1.Call_ADD_RESOURCE_PROVIDER:
		p := call.GetAddResourceProvider()
		total, err := resources.FromProto(p.GetTotal())
		if err != nil {
			return err
		}
		used, err := frameworkResources(p.GetUsed())
		if err != nil {
			return err
		}
		return a.AddResourceProvider(p.GetSlaveId().GetValue(), total, used)
	case bridgev1.Call_ACTIVATE_SLAVE:
		return a.ActivateSlave(call.GetActivateSlave().GetSlaveId().GetValue())
	case bridgev1.Call_DEACTIVATE_SLAVE:
		return a.DeactivateSlave(call.GetDeactivateSlave().GetSlaveId().GetValue())
	case bridgev1.Call_UPDATE_WHITELIST:
		wl := call.GetUpdateWhitelist().GetWhitelist()
		if wl == nil {
			return a.UpdateWhitelist(nil)
		}
		return a.UpdateWhitelist(append([]string{}, wl.GetHostnames()...))
	case bridgev1.Call_REQUEST_RESOURCES:
		p := call.GetRequestResources()
		return a.RequestResources(p.GetFrameworkId().GetValue(), p.GetRequests())
	case bridgev1.Call_UPDATE_ALLOCATION:
		p := call.GetUpdateAllocation()
		offered, err := resources.FromProto(p.GetOfferedResources())
		if err != nil {
			return err
		}
		conversions := make([]resources.Conversion, 0, len(p.GetConversions()))
		for _, cv := range p.GetConversions() {
			consumed, err := resources.FromProto(cv.GetConsumed())
			if err != nil {
				return err
			}
			converted, err := resources.FromProto(cv.GetConverted())
			if err != nil {
				return err
			}
			conversions = append(conversions, resources.Conversion{Consumed: consumed, Converted: converted})
		}
		return a.UpdateAllocation(p.GetFrameworkId().GetValue(), p.GetSlaveId().GetValue(), offered, conversions)
	case bridgev1.Call_UPDATE_AVAILABLE:
		p := call.GetUpdateAvailable()
		return c.updateAvailable(p.GetSlaveId().GetValue(), p.GetOperations())
	case bridgev1.Call_UPDATE_UNAVAILABILITY:
		p := call.GetUpdateUnavailability()
		return a.UpdateUnavailability(p.GetSlaveId().GetValue(), p.GetUnavailability())
	case bridgev1.Call_UPDATE_INVERSE_OFFER:
		p := call.GetUpdateInverseOffer()
		var unavailable *UnavailableResources
		if u := p.GetUnavailableResources(); u != nil {
			res, err := resources.FromProto(u.GetResources())
			if err != nil {
				return err
			}
			unavailable = &UnavailableResources{Resources: res, Unavailability: u.GetUnavailability()}
		}
		return a.UpdateInverseOffer(p.GetSlaveId().GetValue(), p.GetFrameworkId().GetValue(), unavailable, p.GetStatus(), p.GetFilters())
	case bridgev1.Call_TRANSITION_OFFERED_TO_ALLOCATED:
		p := call.GetTransitionOfferedToAllocated()
		res, err := resources.FromProto(p.GetResources())
		if err != nil {
			return err
		}
		return a.TransitionOfferedToAllocated(p.GetSlaveId().GetValue(), res)
	case bridgev1.Call_RECOVER_RESOURCES:
		p := call.GetRecoverResources()
		res, err := resources.FromProto(p.GetResources())
		if err != nil {
			return err
		}
		return a.RecoverResources(p.GetFrameworkId().GetValue(), p.GetSlaveId().GetValue(), res, p.GetFilters(), p.GetIsAllocated())
	case bridgev1.Call_SUPPRESS_OFFERS:
		p := call.GetSuppressOffers()
		return a.SuppressOffers(p.GetFrameworkId().GetValue(), p.GetRoles())
	case bridgev1.Call_REVIVE_OFFERS:
		p := call.GetReviveOffers()
		return a.ReviveOffers(p.GetFrameworkId().GetValue(), p.GetRoles())
	case bridgev1.Call_UPDATE_QUOTA:
		p := call.GetUpdateQuota()
		return a.UpdateQuota(p.GetRole(), QuotaOf(p.GetQuota().GetGuarantees(), p.GetQuota().GetLimits()))
	case bridgev1.Call_UPDATE_WEIGHTS:
		return a.UpdateWeights(call.GetUpdateWeights().GetWeightInfos())
	case bridgev1.Call_PAUSE:
		a.Pause()
	case bridgev1.Call_RESUME:
		a.Resume()
	}
	return nil
}

func (c *core) addSlave(p *bridgev1.Call_AddSlave) error {
	a := c.lib
	id := p.GetSlaveId().GetValue()
	total, err := resources.FromProto(p.GetTotal())
	if err != nil {
		return err
	}
	used, err := frameworkResources(p.GetUsed())
	if err != nil {
		return err
	}
	if _, ok := a.agents[id]; ok {
		// An agent added again (by a new master): as a new allocator
		// would see it.
		if err := a.RemoveSlave(id); err != nil {
			return err
		}
	}
	info := p.GetSlaveInfo()
	if info == nil {
		info = &mesos.SlaveInfo{Id: p.GetSlaveId()}
	}
	return a.AddSlave(id, info, AgentCapabilitiesOf(p.GetCapabilities()), p.GetUnavailability(), total, used)
}

// updateSlave applies UPDATE_SLAVE: an absent SlaveInfo, total or
// capabilities leave them unchanged; oversubscribed resources replace the
// revocable part of the total (alligator's Mesos 0.23 updateSlave).
func (c *core) updateSlave(p *bridgev1.Call_UpdateSlave) error {
	a := c.lib
	id := p.GetSlaveId().GetValue()
	s, err := a.agent(id)
	if err != nil {
		return err
	}
	info := p.GetSlaveInfo()
	if info == nil {
		info = s.info
	}
	var total *resources.Resources
	if t := p.GetTotal(); t != nil {
		r, err := resources.FromProto(t.GetResources())
		if err != nil {
			return err
		}
		total = &r
	}
	if o := p.GetOversubscribed(); o != nil {
		revocable, err := resources.FromProto(o.GetResources())
		if err != nil {
			return err
		}
		base := s.total
		if total != nil {
			base = *total
		}
		r := base.Minus(base.Revocable()).Plus(revocable)
		total = &r
	}
	var caps *AgentCapabilities
	if pc := p.GetCapabilities(); pc != nil {
		ac := AgentCapabilitiesOf(pc.GetCapabilities())
		caps = &ac
	}
	return a.UpdateSlave(id, info, total, caps)
}

// updateAvailable applies UPDATE_AVAILABLE. The bridge answers it from the
// agent's record, which does not know the offers; when offers took the
// resources, the core refuses although the master was told yes. The actor
// then follows the master: the operations apply to the total if what the
// agent's tasks use leaves room for them (the agent record's own test).
func (c *core) updateAvailable(agentID string, ops []*mesos.Offer_Operation) error {
	a := c.lib
	err := a.UpdateAvailable(agentID, ops)
	if err == nil {
		return nil
	}
	s, serr := a.agent(agentID)
	if serr != nil {
		return err
	}
	if _, ferr := s.total.Minus(s.allocated.Unallocate()).ApplyOperations(ops); ferr != nil {
		return err
	}
	total, terr := s.total.ApplyOperations(ops)
	if terr != nil {
		return err
	}
	a.updateTotal(s, total)
	a.debugCheck("UpdateAvailable")
	return fmt.Errorf("%w (applied to the agent's total all the same, as the master was told it succeeded)", err)
}

// slaveResources reads hashmap<SlaveID, Resources> (used by a framework).
func slaveResources(in []*bridgev1.SlaveResources) (map[string]resources.Resources, error) {
	if len(in) == 0 {
		return nil, nil
	}
	out := make(map[string]resources.Resources, len(in))
	for _, sr := range in {
		r, err := resources.FromProto(sr.GetResources())
		if err != nil {
			return nil, fmt.Errorf("used on agent %q: %w", sr.GetSlaveId().GetValue(), err)
		}
		id := sr.GetSlaveId().GetValue()
		out[id] = out[id].Plus(r)
	}
	return out, nil
}

// frameworkResources reads hashmap<FrameworkID, Resources> (used on an
// agent).
func frameworkResources(in []*bridgev1.FrameworkResources) (map[string]resources.Resources, error) {
	if len(in) == 0 {
		return nil, nil
	}
	out := make(map[string]resources.Resources, len(in))
	for _, fr := range in {
		r, err := resources.FromProto(fr.GetResources())
		if err != nil {
			return nil, fmt.Errorf("used by framework %q: %w", fr.GetFrameworkId().GetValue(), err)
		}
		id := fr.GetFrameworkId().GetValue()
		out[id] = out[id].Plus(r)
	}
	return out, nil
}

func frameworkOptions(o *bridgev1.FrameworkOptions) FrameworkOptions {
	return FrameworkOptions{SuppressedRoles: o.GetSuppressedRoles(), OfferConstraints: o.GetOfferConstraints()}
}

// optionsFromInitialize reads INITIALIZE's options; an interval, recovery
// timeout or recovery factor left at zero keeps base's.
func optionsFromInitialize(in *bridgev1.Call_Initialize, base Options) Options {
	o := Options{
		AllocationInterval:           base.AllocationInterval,
		FairnessExcludeResourceNames: in.GetFairnessExcludeResourceNames(),
		FilterGPUResources:           in.GetFilterGpuResources(),
		Domain:                       in.GetDomain(),
		MaxCompletedFrameworks:       int(in.GetMaxCompletedFrameworks()),
		PublishPerFrameworkMetrics:   in.GetPublishPerFrameworkMetrics(),
		RecoveryTimeout:              base.RecoveryTimeout,
		AgentRecoveryFactor:          base.AgentRecoveryFactor,
	}
	if s := in.GetAllocationIntervalSeconds(); s > 0 {
		o.AllocationInterval = time.Duration(s * float64(time.Second))
	}
	if s := in.GetRecoveryTimeoutSeconds(); s > 0 {
		o.RecoveryTimeout = time.Duration(s * float64(time.Second))
	}
	if f := in.GetAgentRecoveryFactor(); f > 0 {
		o.AgentRecoveryFactor = f
	}
	if mins := in.GetMinAllocatableResources(); len(mins) > 0 {
		for _, m := range mins {
			o.MinAllocatableResources = append(o.MinAllocatableResources, resources.QuantitiesOf(m.GetQuantities()))
		}
	}
	return o
}

// initializeOf is the INITIALIZE payload that gives o (the options the
// actor starts with, journaled as its first input).
func initializeOf(o Options) *bridgev1.Call_Initialize {
	in := &bridgev1.Call_Initialize{
		AllocationIntervalSeconds:    o.AllocationInterval.Seconds(),
		FairnessExcludeResourceNames: o.FairnessExcludeResourceNames,
		FilterGpuResources:           o.FilterGPUResources,
		Domain:                       o.Domain,
		MaxCompletedFrameworks:       int64(o.MaxCompletedFrameworks),
		PublishPerFrameworkMetrics:   o.PublishPerFrameworkMetrics,
		RecoveryTimeoutSeconds:       o.RecoveryTimeout.Seconds(),
		AgentRecoveryFactor:          o.AgentRecoveryFactor,
	}
	for _, q := range o.MinAllocatableResources {
		m := make(map[string]float64, len(q))
		for _, x := range q {
			m[x.Name] = x.Value.Float()
		}
		in.MinAllocatableResources = append(in.MinAllocatableResources, &bridgev1.ResourceQuantities{Quantities: m})
	}
	return in
}
