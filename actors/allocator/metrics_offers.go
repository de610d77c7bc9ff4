package allocator

import (
	"github.com/prometheus/client_golang/prometheus"

	bridgev1 "github.com/mactor/mactor/messages/bridge/v1"
)

// newOffersCounter is mactor_allocator_offers_total.
func newOffersCounter() prometheus.Counter {
	return prometheus.NewCounter(prometheus.CounterOpts{
		Name: "mactor_allocator_offers_total",
		Help: "Offers published: one per framework and agent of an OFFERS event (the master makes one offer of each, whatever the roles).",
	})
}

// offerCount counts the offers an OFFERS event makes: its distinct agents.
func offerCount(ev *bridgev1.Event) int {
	roles := ev.GetOffers().GetRoles()
	if len(roles) == 1 {
		return len(roles[0].GetSlaves())
	}
	agents := map[string]struct{}{}
	for _, r := range roles {
		for _, s := range r.GetSlaves() {
			agents[s.GetSlaveId().GetValue()] = struct{}{}
		}
	}
	return len(agents)
}

// publishedEvent counts a published event and, for OFFERS, its offers.
func (m *Metrics) publishedEvent(ev *bridgev1.Event) {
	if m == nil {
		return
	}
	m.published(ev.GetType().String())
	if ev.GetType() == bridgev1.Event_OFFERS {
		m.offers.Add(float64(offerCount(ev)))
	}
}
