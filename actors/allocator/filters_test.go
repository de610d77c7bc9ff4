package allocator

import (
	"math"
	"testing"
	"time"

	"google.golang.org/protobuf/proto"

	"github.com/mactor/mactor/internal/resources"
	"github.com/mactor/mactor/messages/mesos"
)

// Refuse filters, suppression and revival (Mesos's recoverResources,
// suppressOffers, reviveOffers, updateSlave and the tests cited).
func TestFilters(t *testing.T) {
	agentRes := res("cpus:1;mem:512;disk:0")
	runScenarios(t, []scenario{
		{
			name:  "a filter longer than the interval holds until it expires",
			mesos: "HierarchicalAllocatorTest.OfferFilter",
			run: func(h *harness) {
				f := h.addFramework([]string{"role"})
				a := h.addAgent(agentRes)
				o := h.only(h.pending())
				h.decline(o, 2) // 2 × the allocation interval
				h.expectNone(h.tick())
				h.expect(h.tick(), offer{f, "role", a, agentRes})
			},
		},
		{
			name:  "a filter shorter than the interval still covers the next cycle",
			mesos: "HierarchicalAllocatorTest.SmallOfferFilterTimeout (MESOS-4302)",
			opts:  []harnessOption{withOptions(func(o *Options) { o.AllocationInterval = time.Minute })},
			run: func(h *harness) {
				f1 := h.addFramework([]string{"role"})
				f2 := h.addFramework([]string{"role"})
				h.addAgent(agentRes, agentOpts{used: map[string]resources.Resources{f1: allocated("cpus:1;mem:512", "role")}})
				h.expectNone(h.pending())
				a2 := h.addAgent(agentRes)
				h.expect(h.pending(), offer{f2, "role", a2, agentRes})
				h.decline(offer{f2, "role", a2, agentRes}, 1)
				h.clock.Advance(time.Second)
				// The filter lasts max(1s, 60s): the cycle at +60s still
				// applies it, so framework1 gets the agent.
				h.expect(h.tick(time.Minute-time.Second), offer{f1, "role", a2, agentRes})
				h.recover(offer{f1, "role", a2, agentRes})
				h.expect(h.tick(), offer{f2, "role", a2, agentRes})
			},
		},
		{
			name:  "refuse_seconds 0 installs no filter",
			mesos: "hierarchical.cpp recoverResources (timeout == 0: no filter); QuotaAgainstStarvation",
			run: func(h *harness) {
				f := h.addFramework([]string{"role"})
				a := h.addAgent(agentRes)
				h.decline(h.only(h.pending()), 0)
				h.expect(h.tick(), offer{f, "role", a, agentRes})
			},
		},
		{
			name:  "negative refuse_seconds means the 5 s default",
			mesos: "hierarchical.cpp recoverResources (negative: default refuse_seconds)",
			run: func(h *harness) {
				f := h.addFramework([]string{"role"})
				a := h.addAgent(agentRes)
				h.decline(h.only(h.pending()), -3)
				for i := 0; i < 4; i++ {
					h.expectNone(h.tick())
				}
				h.expect(h.tick(), offer{f, "role", a, agentRes})
			},
		},
		{
			name:  "an unset refuse_seconds is the 5 s default",
			mesos: "mesos.proto Filters.refuse_seconds [default = 5.0]",
			run: func(h *harness) {
				f := h.addFramework([]string{"role"})
				a := h.addAgent(agentRes)
				o := h.only(h.pending())
				h.must(h.a.RecoverResources(o.fw, o.agent, o.res.Allocate(o.role), &mesos.Filters{}, false))
				h.clock.Advance(3 * time.Second)
				h.expectNone(h.tick())
				h.expect(h.tick(), offer{f, "role", a, agentRes})
			},
		},
		{
			name:  "refuse_seconds above 365 days is capped at 365 days",
			mesos: "hierarchical.cpp recoverResources (Days(365) cap)",
			run: func(h *harness) {
				f := h.addFramework([]string{"role"})
				a := h.addAgent(agentRes)
				h.decline(h.only(h.pending()), math.MaxInt32)
				h.expectNone(h.tick(365*24*time.Hour - time.Second))
				h.expect(h.tick(time.Second), offer{f, "role", a, agentRes})
			},
		},
		{
			name:  "a filter covers only resources it contains",
			mesos: "RefusedOfferFilter::filter (refused resources contain the offer)",
			run: func(h *harness) {
				f := h.addFramework([]string{"role"})
				a := h.addAgent(res("cpus:2;mem:1024"))
				o := h.only(h.pending())
				// Decline half, keep half: the filter is for cpus:1;mem:512.
				h.decline(offer{f, "role", a, res("cpus:1;mem:512")}, 100)
				h.expectNone(h.tick())
				// Once the rest comes back the offer is bigger than the
				// filtered resources and is made.
				h.recover(offer{f, "role", a, res("cpus:1;mem:512")})
				h.expect(h.tick(), offer{f, "role", a, o.res})
			},
		},
		{
			name:  "changed agent attributes drop the agent's filters",
			mesos: "HierarchicalAllocatorTest.RemoveFilters",
			run: func(h *harness) {
				f := h.addFramework([]string{"role"})
				a := h.addAgent(agentRes)
				h.decline(h.only(h.pending()), 2)
				h.expectNone(h.tick())
				info := slaveInfo(a)
				info.Attributes = []*mesos.Attribute{textAttribute("foo", "bar"), textAttribute("baz", "quux")}
				h.must(h.a.UpdateSlave(a, info, &agentRes, nil))
				h.expect(h.pending(), offer{f, "role", a, agentRes})
			},
		},
		{
			name:  "revive clears filters",
			mesos: "HierarchicalAllocatorTest.ReviveOffers",
			run: func(h *harness) {
				f := h.addFramework([]string{"role1"})
				a := h.addAgent(res("cpus:2;mem:1024;disk:0"))
				h.decline(h.only(h.pending()), 1000)
				h.expectNone(h.tick())
				h.must(h.a.ReviveOffers(f, nil))
				h.expect(h.pending(), offer{f, "role1", a, res("cpus:2;mem:1024")})
			},
		},
		{
			name:  "suppress stops offers until revive",
			mesos: "HierarchicalAllocatorTest.SuppressAndReviveOffers",
			run: func(h *harness) {
				a := h.addAgent(res("cpus:2;mem:1024;disk:0"))
				f := h.addFramework([]string{"role1"})
				o := h.only(h.pending())
				h.must(h.a.ReviveOffers(f, nil))
				h.expectNone(h.pending())
				h.recover(o)
				h.must(h.a.SuppressOffers(f, nil))
				h.expectNone(h.tick())
				h.must(h.a.ReviveOffers(f, nil))
				h.expect(h.pending(), offer{f, "role1", a, res("cpus:2;mem:1024")})
			},
		},
		{
			name:  "suppress and revive per role of a multi-role framework",
			mesos: "HierarchicalAllocatorTest.SuppressAndReviveOffersWithMultiRole",
			run: func(h *harness) {
				f := h.addFramework([]string{"role1", "role2"})
				h.must(h.a.SuppressOffers(f, []string{"role1"}))
				a := h.addAgent(res("cpus:2;mem:1024;disk:0"))
				r := res("cpus:2;mem:1024")
				h.expect(h.pending(), offer{f, "role2", a, r})
				h.decline(offer{f, "role2", a, r}, 24*3600)
				h.expectNone(h.tick())
				h.must(h.a.ReviveOffers(f, []string{"role1"}))
				h.expect(h.pending(), offer{f, "role1", a, r})
				h.decline(offer{f, "role1", a, r}, 24*3600)
				h.expectNone(h.tick())
			},
		},
		{
			name:  "a deactivated framework gets nothing; reactivated and revived it does",
			mesos: "HierarchicalAllocatorTest.DeactivateAndReactivateFramework",
			run: func(h *harness) {
				a := h.addAgent(res("cpus:2;mem:1024;disk:0"))
				f := h.addFramework([]string{"role1"})
				h.recover(h.only(h.pending()))
				h.must(h.a.SuppressOffers(f, nil))
				h.must(h.a.DeactivateFramework(f))
				h.expectNone(h.tick())
				h.must(h.a.ActivateFramework(f))
				h.expectNone(h.pending()) // still suppressed
				h.must(h.a.ReviveOffers(f, nil))
				h.expect(h.pending(), offer{f, "role1", a, res("cpus:2;mem:1024")})
			},
		},
		{
			name:  "deactivating a framework clears its filters",
			mesos: "hierarchical.cpp deactivateFramework (offerFilters.clear())",
			run: func(h *harness) {
				f := h.addFramework([]string{"role"})
				a := h.addAgent(agentRes)
				h.decline(h.only(h.pending()), 1000)
				h.must(h.a.DeactivateFramework(f))
				h.must(h.a.ActivateFramework(f))
				h.expect(h.pending(), offer{f, "role", a, agentRes})
			},
		},
		{
			name:  "suppressing a role the framework has not subscribed to is an error",
			mesos: "hierarchical.cpp suppressRoles (CHECK_NOTNONE(getFrameworkSorter(role)))",
			run: func(h *harness) {
				f := h.addFramework([]string{"role"})
				if err := h.a.SuppressOffers(f, []string{"other"}); err == nil {
					h.t.Fatal("want an error")
				}
			},
		},
	})
}

func textAttribute(name, value string) *mesos.Attribute {
	return &mesos.Attribute{Name: proto.String(name), Type: mesos.Value_TEXT.Enum(), Text: &mesos.Value_Text{Value: proto.String(value)}}
}
