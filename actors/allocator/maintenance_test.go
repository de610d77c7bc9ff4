package allocator

import (
	"testing"
	"time"

	"google.golang.org/protobuf/proto"

	"github.com/mactor/mactor/internal/resources"
	"github.com/mactor/mactor/messages/mesos"
	mesosallocator "github.com/mactor/mactor/messages/mesos/allocator"
)

func unavailability(start time.Time) *mesos.Unavailability {
	return &mesos.Unavailability{Start: &mesos.TimeInfo{Nanoseconds: proto.Int64(start.UnixNano())}}
}

func inverseAgents(r *Result, fw string) []string {
	var out []string
	for _, io := range r.InverseOffers {
		if io.FrameworkID == fw {
			for _, au := range io.Agents {
				out = append(out, au.AgentID)
			}
		}
	}
	return out
}

// Maintenance: unavailability and inverse offers (Mesos's
// generateInverseOffers, updateInverseOffer, getInverseOfferStatuses).
func TestMaintenance(t *testing.T) {
	r := res("cpus:2;mem:1024;disk:0")
	runScenarios(t, []scenario{
		{
			name:  "frameworks holding resources on an agent under maintenance get one inverse offer",
			mesos: "HierarchicalAllocatorTest.MaintenanceInverseOffers",
			run: func(h *harness) {
				a1 := h.addAgent(r)
				f := h.addFramework([]string{"*"})
				h.expect(h.pending(), offer{f, "*", a1, r})
				a2 := h.addAgent(r)
				h.expect(h.pending(), offer{f, "*", a2, r})
				h.decline(offer{f, "*", a2, r}, 24*3600)
				start := epoch.Add(time.Minute)
				h.must(h.a.UpdateUnavailability(a1, unavailability(start)))
				h.must(h.a.UpdateUnavailability(a2, unavailability(start)))
				got := h.pending()
				if agents := inverseAgents(got, f); len(agents) != 1 || agents[0] != a1 {
					h.t.Fatalf("inverse offers %v, want only %s", got.InverseOffers, a1)
				}
				u := got.InverseOffers[0].Agents[0].Unavailable
				if !u.Resources.Empty() || u.Unavailability.GetStart().GetNanoseconds() != start.UnixNano() {
					h.t.Fatalf("unavailable = %+v", u)
				}
				// Outstanding: not sent again.
				if agents := inverseAgents(h.tick(), f); len(agents) != 0 {
					h.t.Fatalf("sent again: %v", agents)
				}
			},
		},
		{
			name:  "an agent re-registering with an unknown framework's resources under maintenance",
			mesos: "HierarchicalAllocatorTest.AddAgentWithUnknownFrameworkAndMaintenance",
			run: func(h *harness) {
				unknownFw := "framework-unknown"
				h.addAgent(r, agentOpts{used: map[string]resources.Resources{unknownFw: r.Allocate("role")}, unavail: unavailability(epoch.Add(365 * 24 * time.Hour))})
				f := h.addFramework([]string{"role"})
				h.expectNone(h.pending())
				a2 := h.addAgent(r)
				h.expect(h.pending(), offer{f, "role", a2, r})
				h.must(h.a.UpdateUnavailability(a2, unavailability(epoch.Add(time.Minute))))
				if agents := inverseAgents(h.pending(), f); len(agents) != 1 || agents[0] != a2 {
					h.t.Fatalf("inverse offers %v", agents)
				}
			},
		},
		{
			name:  "answers are recorded; filters delay the next inverse offer",
			mesos: "hierarchical.cpp updateInverseOffer / getInverseOfferStatuses",
			run: func(h *harness) {
				a := h.addAgent(r)
				f := h.addFramework([]string{"*"})
				h.pending()
				h.must(h.a.UpdateUnavailability(a, unavailability(epoch.Add(time.Hour))))
				if agents := inverseAgents(h.pending(), f); len(agents) != 1 {
					h.t.Fatal("no inverse offer")
				}
				st := &mesosallocator.InverseOfferStatus{
					Status:      mesosallocator.InverseOfferStatus_DECLINE.Enum(),
					FrameworkId: &mesos.FrameworkID{Value: proto.String(f)},
					Timestamp:   &mesos.TimeInfo{Nanoseconds: proto.Int64(epoch.UnixNano())},
				}
				h.must(h.a.UpdateInverseOffer(a, f, nil, st, &mesos.Filters{RefuseSeconds: proto.Float64(10)}))
				statuses, err := h.a.GetInverseOfferStatuses()
				h.must(err)
				if got := statuses[a][f].GetStatus(); got != mesosallocator.InverseOfferStatus_DECLINE {
					h.t.Fatalf("status = %v", got)
				}
				for i := 0; i < 9; i++ {
					if agents := inverseAgents(h.tick(), f); len(agents) != 0 {
						h.t.Fatalf("filtered inverse offer sent at %d s", i+1)
					}
				}
				if agents := inverseAgents(h.tick(), f); len(agents) != 1 {
					h.t.Fatal("inverse offer not sent after the filter")
				}
				if err := h.a.UpdateInverseOffer(a, f, nil, &mesosallocator.InverseOfferStatus{Status: mesosallocator.InverseOfferStatus_UNKNOWN.Enum()}, nil); err == nil {
					h.t.Fatal("UNKNOWN status accepted")
				}
			},
		},
		{
			name:  "new unavailability and revive clear inverse offer filters",
			mesos: "hierarchical.cpp updateUnavailability / reviveRoles (inverseOfferFilters)",
			run: func(h *harness) {
				a := h.addAgent(r)
				f := h.addFramework([]string{"*"})
				h.pending()
				h.must(h.a.UpdateUnavailability(a, unavailability(epoch.Add(time.Hour))))
				h.pending()
				h.must(h.a.UpdateInverseOffer(a, f, nil, nil, &mesos.Filters{RefuseSeconds: proto.Float64(100)}))
				if agents := inverseAgents(h.tick(), f); len(agents) != 0 {
					h.t.Fatal("filtered")
				}
				h.must(h.a.ReviveOffers(f, nil))
				if agents := inverseAgents(h.pending(), f); len(agents) != 1 {
					h.t.Fatal("revive did not clear the filter")
				}
				h.must(h.a.UpdateInverseOffer(a, f, nil, nil, &mesos.Filters{RefuseSeconds: proto.Float64(100)}))
				h.must(h.a.UpdateUnavailability(a, unavailability(epoch.Add(2*time.Hour))))
				if agents := inverseAgents(h.pending(), f); len(agents) != 1 {
					h.t.Fatal("new unavailability did not clear the filter")
				}
				h.must(h.a.UpdateUnavailability(a, nil))
				if err := h.a.UpdateInverseOffer(a, f, nil, nil, nil); err == nil {
					h.t.Fatal("inverse offer update without maintenance accepted")
				}
			},
		},
		{
			name:  "inactive frameworks get no inverse offers",
			mesos: "hierarchical.cpp generateInverseOffers (!framework.active)",
			run: func(h *harness) {
				a := h.addAgent(r)
				f := h.addFramework([]string{"*"})
				h.pending()
				h.must(h.a.DeactivateFramework(f))
				h.must(h.a.UpdateUnavailability(a, unavailability(epoch.Add(time.Hour))))
				if got := h.pending(); len(got.InverseOffers) != 0 {
					h.t.Fatalf("inverse offers %v", got.InverseOffers)
				}
			},
		},
	})
}
