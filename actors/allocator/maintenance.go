package allocator

import (
	"fmt"
	"time"

	"google.golang.org/protobuf/proto"

	"github.com/mactor/mactor/internal/resources"
	"github.com/mactor/mactor/messages/mesos"
	mesosallocator "github.com/mactor/mactor/messages/mesos/allocator"
)

// UnavailableResources are resources that will be unavailable during a
// maintenance window (Mesos's allocator UnavailableResources). The
// hierarchical allocator sends inverse offers with no resources, meaning
// the whole agent.
type UnavailableResources struct {
	Resources      resources.Resources
	Unavailability *mesos.Unavailability
}

// UpdateUnavailability is Mesos's updateUnavailability: it replaces the
// agent's maintenance schedule (nil removes it), drops every framework's
// inverse offer filters for the agent and schedules a cycle for it.
func (a *Allocator) UpdateUnavailability(agentID string, u *mesos.Unavailability) error {
	s, err := a.agent(agentID)
	if err != nil {
		return err
	}
	for _, f := range a.frameworks {
		delete(f.inverseFilters, s)
	}
	s.maintenance = nil
	if u != nil {
		s.maintenance = newMaintenance(proto.Clone(u).(*mesos.Unavailability))
	}
	a.trigger(s)
	a.debugCheck("UpdateUnavailability")
	return nil
}

// UpdateInverseOffer is Mesos's updateInverseOffer: the framework answered
// (status set) or its inverse offer for the agent timed out or was
// rescinded (status nil). Either way a new inverse offer may be sent; with
// filters, not before refuse_seconds (same defaults and cap as offers, not
// raised to the allocation interval).
func (a *Allocator) UpdateInverseOffer(agentID, frameworkID string, _ *UnavailableResources, status *mesosallocator.InverseOfferStatus, filters *mesos.Filters) error {
	f, err := a.framework(frameworkID)
	if err != nil {
		return err
	}
	s, err := a.agent(agentID)
	if err != nil {
		return err
	}
	if s.maintenance == nil {
		return fmt.Errorf("%w: %q", ErrNoMaintenance, agentID)
	}
	if status != nil && status.GetStatus() == mesosallocator.InverseOfferStatus_UNKNOWN {
		return fmt.Errorf("%w: inverse offer status UNKNOWN", ErrInvalidOption)
	}
	m := s.maintenance
	if m.outstanding[f] {
		delete(m.outstanding, f)
		if status != nil {
			m.statuses[f] = proto.Clone(status).(*mesosallocator.InverseOfferStatus)
		}
	}
	if timeout, ok := refuseTimeout(filters); ok {
		if f.inverseFilters == nil {
			f.inverseFilters = make(map[*agent][]*inverseFilter)
		}
		f.inverseFilters[s] = append(f.inverseFilters[s], &inverseFilter{expires: a.clock.Now().Add(timeout)})
	}
	a.debugCheck("UpdateInverseOffer")
	return nil
}

// GetInverseOfferStatuses is Mesos's getInverseOfferStatuses: the latest
// answers, per agent under maintenance and framework.
func (a *Allocator) GetInverseOfferStatuses() (map[string]map[string]*mesosallocator.InverseOfferStatus, error) {
	if !a.initialized {
		return nil, ErrNotInitialized
	}
	out := make(map[string]map[string]*mesosallocator.InverseOfferStatus)
	for id, s := range a.agents {
		if s.maintenance == nil {
			continue
		}
		m := make(map[string]*mesosallocator.InverseOfferStatus, len(s.maintenance.statuses))
		for f, st := range s.maintenance.statuses {
			m[f.id] = proto.Clone(st).(*mesosallocator.InverseOfferStatus)
		}
		out[id] = m
	}
	return out, nil
}

// generateInverseOffers is Mesos's generateInverseOffers over the cycle's
// agents: every active framework holding resources on an agent under
// maintenance gets one outstanding inverse offer for it, unless it filtered
// them.
func (a *Allocator) generateInverseOffers(agents []*agent, now time.Time) []InverseOffer {
	byFramework := make(map[*framework][]AgentUnavailability)
	for _, s := range agents {
		m := s.maintenance
		if m == nil {
			continue
		}
		for _, fw := range sortedKeys(s.alloc) {
			f, ok := a.frameworks[fw]
			if !ok || !f.active || m.outstanding[f] || a.isInverseFiltered(f, s, now) {
				continue
			}
			byFramework[f] = append(byFramework[f], AgentUnavailability{
				AgentID:     s.id,
				Unavailable: UnavailableResources{Unavailability: proto.Clone(m.unavailability).(*mesos.Unavailability)},
			})
			m.outstanding[f] = true
		}
	}
	out := make([]InverseOffer, 0, len(byFramework))
	for f, list := range byFramework {
		out = append(out, InverseOffer{FrameworkID: f.id, Agents: list})
	}
	sortInverseOffers(out)
	return out
}
