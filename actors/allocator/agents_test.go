package allocator

import (
	"testing"

	"google.golang.org/protobuf/proto"

	"github.com/mactor/mactor/internal/resources"
	"github.com/mactor/mactor/messages/mesos"
)

func revocableRes(name string, v float64) resources.Resources {
	r := resources.NewScalar(name, v)
	r.Meta = &resources.Meta{Revocable: true}
	return resources.Of(r)
}

// Agents: reservations, whitelists, activation, total and capability
// updates, oversubscription, resource providers, capability filters.
func TestAgents(t *testing.T) {
	runScenarios(t, []scenario{
		{
			name:  "reserved resources go to their role, unreserved to anyone",
			mesos: "HierarchicalAllocatorTest.Reservations",
			run: func(h *harness) {
				s1 := res("cpus(role1):2;mem(role1):1024;disk(role1):0")
				a1 := h.addAgent(s1)
				s2 := res("cpus(role2):2;mem(role2):1024;cpus:1;mem:1024;disk:0")
				a2 := h.addAgent(s2)
				h.addAgent(res("cpus(role3):1;mem(role3):1024;disk(role3):0"))
				f1 := h.addFramework([]string{"role1"})
				h.expect(h.pending(), offer{f1, "role1", a1, s1}, offer{f1, "role1", a2, s2.Unreserved()})
				f2 := h.addFramework([]string{"role2"})
				h.expect(h.pending(), offer{f2, "role2", a2, s2.ReservedTo("role2")})
			},
		},
		{
			name:  "recovered reserved and unreserved resources are offered again",
			mesos: "HierarchicalAllocatorTest.RecoverResources",
			run: func(h *harness) {
				total := res("cpus(role1):1;mem(role1):200;cpus:1;mem:200;disk:0")
				a := h.addAgent(total)
				f := h.addFramework([]string{"role1"})
				h.expect(h.pending(), offer{f, "role1", a, total})
				h.recover(offer{f, "role1", a, total.Reserved()})
				h.expect(h.tick(), offer{f, "role1", a, total.Reserved()})
				h.recover(offer{f, "role1", a, total.Unreserved()})
				h.expect(h.tick(), offer{f, "role1", a, total.Unreserved()})
			},
		},
		{
			name:  "an ancestor's reservations are offered to a descendant role",
			mesos: "HierarchicalAllocatorTest.OfferAncestorReservationsToDescendantChild",
			run: func(h *harness) {
				f := h.addFramework([]string{"a/b/c"})
				s1 := res("cpus(a):1;mem(a):512;disk(a):0")
				a1 := h.addAgent(s1)
				h.expect(h.pending(), offer{f, "a/b/c", a1, s1})
				s2 := res("cpus:2;mem:1024;disk:0;cpus(a/b):4;mem(a/b):2048;disk(a/b):0")
				a2 := h.addAgent(s2)
				h.expect(h.pending(), offer{f, "a/b/c", a2, s2})
			},
		},
		{
			name:  "refined reservations only for RESERVATION_REFINEMENT frameworks, without looping",
			mesos: "HierarchicalAllocatorTest.FrameworkLoopMESOS_9554",
			run: func(h *harness) {
				f1 := h.addFramework([]string{"parent/child"}, mesos.FrameworkInfo_Capability_RESERVATION_REFINEMENT)
				a1 := h.addAgent(res("cpus:1;mem:1;disk:1"))
				h.expect(h.pending(), offer{f1, "parent/child", a1, res("cpus:1;mem:1;disk:1")})
				h.addFramework([]string{"parent/child"})
				h.expectNone(h.pending())
				refined := res("cpus:1;mem:1;disk:1").
					PushReservation(resources.DynamicReservation("parent", "")).
					PushReservation(resources.DynamicReservation("parent/child", ""))
				a2 := h.addAgent(refined)
				h.expect(h.pending(), offer{f1, "parent/child", a2, refined})
			},
		},
		{
			name:  "non-scalar reservations are tracked and untracked",
			mesos: "HierarchicalAllocatorTest.NonScalarReservationTrackingMESOS_9555",
			run: func(h *harness) {
				r := res("cpus:1;mem:1;disk:1;ports(role):[1-2]")
				a1 := h.addAgent(r)
				a2 := h.addAgent(r)
				h.must(h.a.RemoveSlave(a1))
				h.must(h.a.RemoveSlave(a2))
				h.pending()
			},
		},
		{
			name:  "only whitelisted agents are offered",
			mesos: "HierarchicalAllocatorTest.Whitelist",
			run: func(h *harness) {
				h.must(h.a.UpdateWhitelist([]string{"dummy-agent"}))
				r := res("cpus:2;mem:1024")
				a := h.addAgent(r)
				f := h.addFramework([]string{"*"})
				h.expectNone(h.pending())
				h.expectNone(h.tick())
				h.must(h.a.UpdateWhitelist([]string{"dummy-agent", a}))
				h.expect(h.tick(), offer{f, "*", a, r})
				h.must(h.a.UpdateWhitelist([]string{}))
				h.recover(offer{f, "*", a, r})
				h.expectNone(h.tick())
				h.must(h.a.UpdateWhitelist(nil))
				h.expect(h.tick(), offer{f, "*", a, r})
			},
		},
		{
			name:  "a deactivated agent is not offered until reactivated",
			mesos: "hierarchical.cpp deactivateSlave/activateSlave (__generateOffers skips !activated)",
			run: func(h *harness) {
				r := res("cpus:2;mem:1024")
				a := h.addAgent(r)
				h.must(h.a.DeactivateSlave(a))
				f := h.addFramework([]string{"*"})
				h.expectNone(h.pending())
				h.must(h.a.ActivateSlave(a))
				h.expect(h.tick(), offer{f, "*", a, r})
			},
		},
		{
			name:  "revocable resources go to REVOCABLE_RESOURCES frameworks as they change",
			mesos: "HierarchicalAllocatorTest.UpdateSlaveOversubscribedResources",
			run: func(h *harness) {
				total := res("cpus:100;mem:100;disk:100")
				a := h.addAgent(total)
				f := h.addFramework([]string{"role1"}, mesos.FrameworkInfo_Capability_REVOCABLE_RESOURCES)
				h.expect(h.pending(), offer{f, "role1", a, total})
				t10 := total.Plus(revocableRes("cpus", 10))
				h.must(h.a.UpdateSlave(a, slaveInfo(a), &t10, nil))
				h.expect(h.pending(), offer{f, "role1", a, revocableRes("cpus", 10)})
				t12 := total.Plus(revocableRes("cpus", 12))
				h.must(h.a.UpdateSlave(a, slaveInfo(a), &t12, nil))
				h.expect(h.pending(), offer{f, "role1", a, revocableRes("cpus", 2)})
				t5 := total.Plus(revocableRes("cpus", 5))
				h.must(h.a.UpdateSlave(a, slaveInfo(a), &t5, nil))
				h.expectNone(h.pending())
			},
		},
		{
			name:  "revocable resources are not offered to frameworks without the capability",
			mesos: "HierarchicalAllocatorTest.OversubscribedNotAllocated",
			run: func(h *harness) {
				total := res("cpus:100;mem:100;disk:100")
				a := h.addAgent(total)
				f := h.addFramework([]string{"role1"})
				h.expect(h.pending(), offer{f, "role1", a, total})
				t10 := total.Plus(revocableRes("cpus", 10))
				h.must(h.a.UpdateSlave(a, slaveInfo(a), &t10, nil))
				h.expectNone(h.pending())
			},
		},
		{
			name:  "recovered revocable resources are offered again",
			mesos: "HierarchicalAllocatorTest.RecoverOversubscribedResources",
			run: func(h *harness) {
				total := res("cpus:100;mem:100;disk:100")
				a := h.addAgent(total)
				f := h.addFramework([]string{"role1"}, mesos.FrameworkInfo_Capability_REVOCABLE_RESOURCES)
				h.expect(h.pending(), offer{f, "role1", a, total})
				t10 := total.Plus(revocableRes("cpus", 10))
				h.must(h.a.UpdateSlave(a, slaveInfo(a), &t10, nil))
				h.expect(h.pending(), offer{f, "role1", a, revocableRes("cpus", 10)})
				recovered := revocableRes("cpus", 6).Plus(res("cpus:2"))
				h.recover(offer{f, "role1", a, recovered})
				h.expect(h.tick(), offer{f, "role1", a, recovered})
			},
		},
		{
			name:  "a new total is offered as it grows and shrinks",
			mesos: "HierarchicalAllocatorTest.UpdateSlaveTotalResources",
			run: func(h *harness) {
				total := res("cpus:100;mem:100;disk:100")
				a := h.addAgent(total)
				f := h.addFramework([]string{"role1"})
				h.expect(h.pending(), offer{f, "role1", a, total})
				grown := total.Plus(res("cpus:12"))
				h.must(h.a.UpdateSlave(a, slaveInfo(a), &grown, nil))
				h.expect(h.pending(), offer{f, "role1", a, res("cpus:12")})
				smaller := res("cpus:50;mem:50;disk:50")
				h.must(h.a.UpdateSlave(a, slaveInfo(a), &smaller, nil))
				h.recover(offer{f, "role1", a, grown})
				h.expect(h.tick(), offer{f, "role1", a, smaller})
				h.must(h.a.UpdateSlave(a, slaveInfo(a), &smaller, nil))
				h.expectNone(h.pending())
			},
		},
		{
			name:  "MULTI_ROLE frameworks get agents only once the agent is MULTI_ROLE capable",
			mesos: "HierarchicalAllocatorTest.UpdateSlaveCapabilities, DontOfferOldAgentToMultiRoleFramework",
			run: func(h *harness) {
				none := AgentCapabilities{}
				r := res("cpus:1;mem:1;disk:1")
				a := h.addAgent(r, agentOpts{caps: &none})
				f := h.addFramework([]string{"role1"})
				h.expectNone(h.pending())
				h.expectNone(h.tick())
				all := AllAgentCapabilities()
				h.must(h.a.UpdateSlave(a, slaveInfo(a), nil, &all))
				h.expect(h.pending(), offer{f, "role1", a, r})
			},
		},
		{
			name:  "hierarchical roles only get HIERARCHICAL_ROLE agents",
			mesos: "hierarchical.cpp isFiltered (non-HIERARCHICAL_ROLE agents and nested roles)",
			run: func(h *harness) {
				caps := AllAgentCapabilities()
				caps.HierarchicalRole = false
				r := res("cpus:1;mem:64")
				a := h.addAgent(r, agentOpts{caps: &caps})
				h.addFramework([]string{"a/b"})
				h.expectNone(h.pending())
				f2 := h.addFramework([]string{"a"})
				h.expect(h.pending(), offer{f2, "a", a, r})
			},
		},
		{
			name:  "removing an agent frees its share for others",
			mesos: "HierarchicalAllocatorTest.RemoveSlaveRecoverResources",
			run: func(h *harness) {
				s1 := res("cpus:2;mem:200")
				a1 := h.addAgent(s1)
				f1 := h.addFramework([]string{"role"})
				h.expect(h.pending(), offer{f1, "role", a1, s1})
				f2 := h.addFramework([]string{"role"})
				s2 := res("cpus:1;mem:100")
				a2 := h.addAgent(s2)
				h.expect(h.pending(), offer{f2, "role", a2, s2})
				h.must(h.a.RemoveSlave(a1))
				a3 := h.addAgent(s2)
				h.expect(h.pending(), offer{f1, "role", a3, s2})
			},
		},
		{
			name:  "a resource provider grows the agent; its used resources are accounted",
			mesos: "HierarchicalAllocatorTest.AddResourceProvider",
			run: func(h *harness) {
				r := res("cpus:1;mem:100;disk:10")
				f1 := h.addInactiveFramework([]string{"role1"})
				f2 := h.addInactiveFramework([]string{"role2"})
				a1 := h.addAgent(r)
				h.must(h.a.AddResourceProvider(a1, r.Plus(r), map[string]resources.Resources{f1: r.Plus(r).Allocate("role1")}))
				h.must(h.a.ActivateFramework(f2))
				h.expect(h.pending(), offer{f2, "role2", a1, r})
				h.must(h.a.ActivateFramework(f1))
				a2 := h.addAgent(r)
				h.expect(h.pending(), offer{f2, "role2", a2, r})
			},
		},
		{
			name:  "a resource provider's used resources may exceed what it adds",
			mesos: "HierarchicalAllocatorTest.AddResourceProviderOverallocated",
			run: func(h *harness) {
				r := res("cpus:1;mem:100;disk:10")
				a := h.addAgent(r.Plus(r))
				f := h.addInactiveFramework([]string{"role"})
				h.must(h.a.AddResourceProvider(a, nil, map[string]resources.Resources{f: r.Allocate("role")}))
				h.must(h.a.ActivateFramework(f))
				h.expect(h.tick(), offer{f, "role", a, r})
			},
		},
		{
			name:  "GPU agents only for GPU_RESOURCES frameworks when filtering GPUs",
			mesos: "hierarchical.cpp isCapableOfReceivingAgent (MESOS-5634)",
			run: func(h *harness) {
				r := res("cpus:1;mem:64;gpus:1")
				a := h.addAgent(r)
				h.addFramework([]string{"role"})
				h.expectNone(h.pending())
				f2 := h.addFramework([]string{"role"}, mesos.FrameworkInfo_Capability_GPU_RESOURCES)
				h.expect(h.pending(), offer{f2, "role", a, r})
			},
		},
		{
			name:  "GPU agents for anyone when not filtering GPUs",
			mesos: "hierarchical.cpp isCapableOfReceivingAgent (--filter_gpu_resources=false)",
			opts:  []harnessOption{withOptions(func(o *Options) { o.FilterGPUResources = false })},
			run: func(h *harness) {
				r := res("cpus:1;mem:64;gpus:1")
				a := h.addAgent(r)
				f := h.addFramework([]string{"role"})
				h.expect(h.pending(), offer{f, "role", a, r})
			},
		},
		{
			name:  "agents in a remote region only for REGION_AWARE frameworks",
			mesos: "hierarchical.cpp isRemoteSlave / isCapableOfReceivingAgent",
			opts:  []harnessOption{withOptions(func(o *Options) { o.Domain = domain("us-east", "a") })},
			run: func(h *harness) {
				r := res("cpus:1;mem:64")
				a := h.addAgent(r, agentOpts{info: func(i *mesos.SlaveInfo) { i.Domain = domain("eu-west", "b") }})
				local := h.addAgent(r, agentOpts{info: func(i *mesos.SlaveInfo) { i.Domain = domain("us-east", "c") }})
				f1 := h.addFramework([]string{"role"})
				h.expect(h.pending(), offer{f1, "role", local, r})
				f2 := h.addFramework([]string{"role"}, mesos.FrameworkInfo_Capability_REGION_AWARE)
				h.expect(h.pending(), offer{f2, "role", a, r})
			},
		},
		{
			name:  "unknown and duplicate agents are errors, state unchanged",
			mesos: "hierarchical.cpp CHECK_NOT_CONTAINS(slaves, slaveId) / CHECK_NOTNONE(getSlave(slaveId))",
			run: func(h *harness) {
				a := h.addAgent(res("cpus:1"))
				if err := h.a.AddSlave(a, slaveInfo(a), AllAgentCapabilities(), nil, res("cpus:1"), nil); err == nil {
					h.t.Fatal("duplicate agent accepted")
				}
				for _, err := range []error{
					h.a.RemoveSlave("nope"),
					h.a.ActivateSlave("nope"),
					h.a.DeactivateSlave("nope"),
					h.a.UpdateSlave("nope", slaveInfo("nope"), nil, nil),
					h.a.UpdateUnavailability("nope", nil),
					h.a.TransitionOfferedToAllocated("nope", allocated("cpus:1", "r")),
				} {
					if err == nil {
						h.t.Fatal("unknown agent accepted")
					}
				}
				if err := h.a.AddSlave("x", slaveInfo("y"), AllAgentCapabilities(), nil, res("cpus:1"), nil); err == nil {
					h.t.Fatal("mismatched SlaveInfo.id accepted")
				}
			},
		},
	})
}

func domain(region, zone string) *mesos.DomainInfo {
	return &mesos.DomainInfo{FaultDomain: &mesos.DomainInfo_FaultDomain{
		Region: &mesos.DomainInfo_FaultDomain_RegionInfo{Name: proto.String(region)},
		Zone:   &mesos.DomainInfo_FaultDomain_ZoneInfo{Name: proto.String(zone)},
	}}
}

// addInactiveFramework adds the next framework inactive.
func (h *harness) addInactiveFramework(roles []string, caps ...mesos.FrameworkInfo_Capability_Type) string {
	h.t.Helper()
	info := h.frameworkInfo(roles, caps...)
	h.must(h.a.AddFramework(info.GetId().GetValue(), info, nil, false, FrameworkOptions{}))
	return info.GetId().GetValue()
}
