package cluster_test

import (
	"sync"

	"github.com/mactor/mactor/bridge"
	"github.com/mactor/mactor/bridge/owner"
	bridgev1 "github.com/mactor/mactor/messages/bridge/v1"
)

// standIn stands in for the allocator actor, which is not wired into the
// engine yet: from the records the engine announces, it offers each agent's
// total once to every framework that is added, in the framework's first
// role, by publishing OFFERS on the engine's hub. Offers still reach the
// sim only over the bridge's SUBSCRIBE stream.
type standIn struct {
	mu      sync.Mutex
	hub     func() *bridge.Hub
	agents  map[string]*bridgev1.AgentRecord
	offered map[string]bool
}

func newStandIn() *standIn {
	return &standIn{agents: map[string]*bridgev1.AgentRecord{}, offered: map[string]bool{}}
}

func (s *standIn) changed(c *owner.RecordChanged) {
	s.mu.Lock()
	defer s.mu.Unlock()
	switch rec := c.Record.(type) {
	case *bridgev1.AgentRecord:
		s.agents[rec.GetSlaveId().GetValue()] = rec
	case *bridgev1.FrameworkRecord:
		id := rec.GetFrameworkId().GetValue()
		if !rec.GetAdded() || s.offered[id] || s.hub == nil {
			return
		}
		s.offered[id] = true
		role := "*"
		if roles := rec.GetFrameworkInfo().GetRoles(); len(roles) > 0 {
			role = roles[0]
		}
		rr := &bridgev1.RoleResources{Role: role}
		for _, a := range s.agents {
			rr.Slaves = append(rr.Slaves, &bridgev1.SlaveResources{SlaveId: a.GetSlaveId(), Resources: a.GetTotal()})
		}
		_, _ = s.hub().PublishOffers(&bridgev1.Event_Offers{FrameworkId: rec.GetFrameworkId(), Roles: []*bridgev1.RoleResources{rr}})
	}
}

func (s *standIn) agentCount() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.agents)
}
