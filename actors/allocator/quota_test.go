package allocator

import (
	"testing"

	"github.com/mactor/mactor/internal/resources"
	"github.com/mactor/mactor/messages/mesos"
)

// quota builds Mesos's createQuota(guarantees, limits) from quantity
// strings; createQuota(r) is quota(r, r).
func quota(guarantees, limits string) Quota {
	q, err := ParseQuota(guarantees, limits)
	if err != nil {
		panic(err)
	}
	return q
}

func (h *harness) quota(role, guarantees, limits string) {
	h.t.Helper()
	h.must(h.a.UpdateQuota(role, quota(guarantees, limits)))
}

// Quota guarantees, limits and headroom: the two stages of Mesos's
// __generateOffers and the quota tests of hierarchical_allocator_tests.cpp.
func TestQuota(t *testing.T) {
	half := res("cpus:1;mem:512;disk:0")
	runScenarios(t, []scenario{
		{
			name:  "unsatisfied guarantees are served first, and declined resources kept for them",
			mesos: "HierarchicalAllocatorTest.QuotaProvidesGuarantee",
			run: func(h *harness) {
				f1 := h.addFramework([]string{"quota-role"})
				h.quota("quota-role", "cpus:2;mem:1024", "cpus:2;mem:1024")
				h.addFramework([]string{"no-quota-role"})
				h.expectNone(h.pending())
				a1 := h.addAgent(half)
				h.expect(h.pending(), offer{f1, "quota-role", a1, half})
				a2 := h.addAgent(half)
				h.expect(h.pending(), offer{f1, "quota-role", a2, half})
				h.decline(offer{f1, "quota-role", a2, half}, 2)
				h.expectNone(h.tick())
				h.expect(h.tick(), offer{f1, "quota-role", a2, half})
			},
		},
		{
			name:  "limits cap a role and chop agents (quota on \"*\", MESOS-3938)",
			mesos: "HierarchicalAllocatorTest.QuotaProvidesLimit",
			run: func(h *harness) {
				f1 := h.addFramework([]string{"*"})
				h.quota("*", "", "cpus:0;mem:0;disk:0")
				a1 := h.addAgent(res("cpus:2;mem:1024;disk:1024"))
				h.expectNone(h.pending())
				f2 := h.addFramework([]string{"no-quota-role"})
				h.expect(h.pending(), offer{f2, "no-quota-role", a1, res("cpus:2;mem:1024;disk:1024")})
				h.quota("*", "", "cpus:1;mem:512;disk:512")
				a2 := h.addAgent(res("cpus:2;mem:1024;disk:1024"))
				h.expect(h.pending(),
					offer{f1, "*", a2, res("cpus:1;mem:512;disk:512")},
					offer{f2, "no-quota-role", a2, res("cpus:1;mem:512;disk:512")})
			},
		},
		{
			name:  "removing quota restores fair sharing",
			mesos: "HierarchicalAllocatorTest.RemoveQuota",
			run: func(h *harness) {
				h.quota("quota-role", "cpus:2;mem:1024", "cpus:2;mem:1024")
				f1 := h.addFramework([]string{"quota-role"})
				f2 := h.addFramework([]string{"no-quota-role"})
				a1 := h.addAgent(half, agentOpts{used: map[string]resources.Resources{f1: half.Allocate("quota-role")}})
				h.addAgent(half, agentOpts{used: map[string]resources.Resources{f1: half.Allocate("quota-role")}})
				h.expectNone(h.pending())
				h.must(h.a.UpdateQuota("quota-role", Quota{}))
				h.must(h.a.RecoverResources(f1, a1, half.Allocate("quota-role"), nil, true))
				h.expect(h.tick(), offer{f2, "no-quota-role", a1, half})
			},
		},
		{
			name:  "frameworks of a quota role share it by DRF",
			mesos: "HierarchicalAllocatorTest.MultipleFrameworksInRoleWithQuota",
			run: func(h *harness) {
				f1a := h.addFramework([]string{"quota-role"})
				h.quota("quota-role", "cpus:4;mem:2048", "cpus:4;mem:2048")
				h.addFramework([]string{"no-quota-role"})
				h.expectNone(h.pending())
				a1 := h.addAgent(half)
				h.expect(h.pending(), offer{f1a, "quota-role", a1, half})
				f1b := h.addFramework([]string{"quota-role"})
				h.expectNone(h.pending())
				a2 := h.addAgent(res("cpus:2;mem:1024;disk:0"))
				h.expect(h.pending(), offer{f1b, "quota-role", a2, res("cpus:2;mem:1024")})
				a3 := h.addAgent(half)
				h.expect(h.pending(), offer{f1a, "quota-role", a3, half})
				h.decline(offer{f1a, "quota-role", a3, half}, 5)
				h.expect(h.tick(), offer{f1b, "quota-role", a3, half})
			},
		},
		{
			name:  "quota allocations are fine-grained",
			mesos: "HierarchicalAllocatorTest.QuotaAllocationGranularity",
			run: func(h *harness) {
				f1 := h.addFramework([]string{"quota-role"})
				h.quota("quota-role", "cpus:0.5;mem:200", "cpus:0.5;mem:200")
				a := h.addAgent(half)
				h.expect(h.pending(), offer{f1, "quota-role", a, res("cpus:0.5;mem:200")})
				f2 := h.addFramework([]string{"no-quota-role"})
				h.expect(h.pending(), offer{f2, "no-quota-role", a, res("cpus:0.5;mem:312")})
			},
		},
		{
			name:  "MOUNT disks are not chopped for quota",
			mesos: "HierarchicalAllocatorTest.QuotaAllocationGranularityUnchoppableResource",
			run: func(h *harness) {
				h.quota("quota-role", "cpus:2;mem:2048;disk:150", "cpus:2;mem:2048;disk:150")
				mount := resources.Of(mountDisk("/mnt", 100))
				agentRes := res("cpus:0.5;mem:512").Plus(mount)
				a1 := h.addAgent(agentRes)
				f := h.addFramework([]string{"quota-role"})
				h.expect(h.pending(), offer{f, "quota-role", a1, agentRes})
				a2 := h.addAgent(agentRes)
				h.expect(h.pending(), offer{f, "quota-role", a2, res("cpus:0.5;mem:512")})
				a3 := h.addAgent(res("cpus:2;mem:2048;disk:150"))
				h.expect(h.pending(), offer{f, "quota-role", a3, res("cpus:1;mem:1024;disk:50")})
			},
		},
		{
			name:  "several unreserved disks add up to a disk guarantee",
			mesos: "HierarchicalAllocatorTest.QuotaAllocationMultipleDisk (MESOS-9692)",
			run: func(h *harness) {
				h.quota("quota-role", "cpus:1;mem:512;disk:100", "cpus:1;mem:512;disk:100")
				agentRes := res("cpus:1;mem:512;disk:50").Plus(resources.Of(mountDisk("/mnt", 50)))
				a := h.addAgent(agentRes)
				f := h.addFramework([]string{"quota-role"})
				h.expect(h.pending(), offer{f, "quota-role", a, agentRes})
			},
		},
		{
			name:  "a quota role gets non-quota resources only beside its guarantees and within headroom",
			mesos: "HierarchicalAllocatorTest.QuotaRoleAllocateNonQuotaResource",
			run: func(h *harness) {
				agentRes := res("cpus:1;mem:1024;ports:[31000-32000]")
				h.quota("quota-role-1", "cpus:2", "cpus:2")
				a1 := h.addAgent(agentRes)
				f := h.addFramework([]string{"quota-role-1"})
				h.expect(h.pending(), offer{f, "quota-role-1", a1, agentRes})
				h.quota("quota-role-2", "mem:1024", "mem:1024")
				a2 := h.addAgent(agentRes)
				h.expect(h.pending(), offer{f, "quota-role-1", a2, res("cpus:1;ports:[31000-32000]")})
				a3 := h.addAgent(agentRes)
				h.expect(h.pending(), offer{f, "quota-role-1", a3, res("mem:1024;ports:[31000-32000]")})
			},
		},
		{
			name:  "once quotas are satisfied the rest goes by DRF to roles without quota",
			mesos: "HierarchicalAllocatorTest.DRFWithQuota",
			run: func(h *harness) {
				h.quota("quota-role", "cpus:0.25;mem:128", "cpus:0.25;mem:128")
				f1 := h.addFramework([]string{"quota-role"})
				f2 := h.addFramework([]string{"no-quota-role"})
				h.expectNone(h.pending())
				a1 := h.addAgent(half, agentOpts{used: map[string]resources.Resources{f1: allocated("cpus:0.25;mem:128", "quota-role")}})
				h.expect(h.pending(), offer{f2, "no-quota-role", a1, res("cpus:0.75;mem:384")})
				a2 := h.addAgent(half)
				h.expect(h.pending(), offer{f2, "no-quota-role", a2, half})
			},
		},
		{
			name:  "setting quota on a starving role gets it the free resources",
			mesos: "HierarchicalAllocatorTest.QuotaAgainstStarvation",
			run: func(h *harness) {
				f1 := h.addFramework([]string{"quota-role"})
				f2 := h.addFramework([]string{"no-quota-role"})
				h.addAgent(half, agentOpts{used: map[string]resources.Resources{f1: half.Allocate("quota-role")}})
				a2 := h.addAgent(half)
				h.expect(h.pending(), offer{f2, "no-quota-role", a2, half})
				h.decline(offer{f2, "no-quota-role", a2, half}, 0)
				h.expect(h.tick(), offer{f2, "no-quota-role", a2, half})
				h.decline(offer{f2, "no-quota-role", a2, half}, 0)
				h.quota("quota-role", "cpus:2;mem:1024", "cpus:2;mem:1024")
				h.expect(h.tick(), offer{f1, "quota-role", a2, half})
			},
		},
		{
			name:  "guarantees of a role without frameworks are set aside",
			mesos: "HierarchicalAllocatorTest.QuotaAbsentFrameworkWholeAgent",
			run: func(h *harness) {
				h.quota("quota-role", "cpus:2;mem:1024", "cpus:2;mem:1024")
				f := h.addFramework([]string{"no-quota-role"})
				h.expectNone(h.pending())
				h.addAgent(res("cpus:2;mem:1024"))
				h.expectNone(h.pending())
				h.addAgent(res("cpus:2;mem:1024"))
				o := h.only(h.pending())
				if o.fw != f || !o.res.Equal(res("cpus:2;mem:1024")) {
					h.t.Fatalf("got %v", o)
				}
			},
		},
		{
			name:  "a quota role without frameworks does not block other quota roles",
			mesos: "HierarchicalAllocatorTest.MultiQuotaAbsentFrameworks",
			run: func(h *harness) {
				a := h.addAgent(res("cpus:2;mem:2048;disk:0"))
				h.quota("quota-role-1", "cpus:1;mem:1024", "cpus:1;mem:1024")
				h.quota("quota-role-2", "cpus:2;mem:2048", "cpus:2;mem:2048")
				f := h.addFramework([]string{"quota-role-2"})
				h.expect(h.pending(), offer{f, "quota-role-2", a, res("cpus:2;mem:2048")})
			},
		},
		{
			name:  "a satisfied quota role does not starve an unsatisfied one",
			mesos: "HierarchicalAllocatorTest.MultiQuotaWithFrameworks",
			run: func(h *harness) {
				h.quota("quota-role-1", "cpus:1;mem:200", "cpus:1;mem:200")
				h.quota("quota-role-2", "cpus:2;mem:2000", "cpus:2;mem:2000")
				f1 := h.addFramework([]string{"quota-role-1"})
				f2 := h.addFramework([]string{"quota-role-2"})
				h.expectNone(h.pending())
				a := res("cpus:1;mem:1024;disk:0")
				h.addAgent(a, agentOpts{used: map[string]resources.Resources{f1: a.Allocate("quota-role-1")}})
				h.addAgent(a, agentOpts{used: map[string]resources.Resources{f2: a.Allocate("quota-role-2")}})
				h.expectNone(h.pending())
				a3 := h.addAgent(res("cpus:2;mem:2048"))
				h.expect(h.pending(), offer{f2, "quota-role-2", a3, res("cpus:1;mem:976")})
			},
		},
		{
			name:  "reservations count against quota",
			mesos: "HierarchicalAllocatorTest.ReservationWithinQuota",
			run: func(h *harness) {
				h.quota("quota-role", "cpus:2;mem:256", "cpus:2;mem:256")
				f1 := h.addFramework([]string{"quota-role"})
				f2 := h.addFramework([]string{"non-quota-role"})
				h.expectNone(h.pending())
				a1 := h.addAgent(res("cpus:8;mem(quota-role):256"), agentOpts{used: map[string]resources.Resources{f1: allocated("cpus:2;mem(quota-role):256", "quota-role")}})
				h.expect(h.pending(), offer{f2, "non-quota-role", a1, res("cpus:6")})
				a2 := h.addAgent(res("cpus:4"))
				h.expect(h.pending(), offer{f2, "non-quota-role", a2, res("cpus:4")})
			},
		},
		{
			name:  "headroom is never taken from other roles' reservations",
			mesos: "HierarchicalAllocatorTest.QuotaSetAsideReservedResources",
			run: func(h *harness) {
				a1 := h.addAgent(res("cpus:4;mem:512;disk:0"))
				a2 := h.addAgent(res("cpus:4;mem:512;disk:0"))
				reserved := dynamicRes("cpus:4;mem:512", "no-quota-role", "ops")
				h.must(h.a.UpdateAvailable(a2, []*mesos.Offer_Operation{reserveOp(reserved)}))
				f1 := h.addFramework([]string{"quota-role"})
				h.quota("quota-role", "cpus:4;mem:512", "cpus:4;mem:512")
				h.expect(h.tick(), offer{f1, "quota-role", a1, res("cpus:4;mem:512")})
				h.decline(offer{f1, "quota-role", a1, res("cpus:4;mem:512")}, 10)
				h.expectNone(h.tick())
				f2 := h.addFramework([]string{"no-quota-role"})
				h.expect(h.pending(), offer{f2, "no-quota-role", a2, reserved})
				h.decline(offer{f2, "no-quota-role", a2, reserved}, 10)
				h.expectNone(h.tick())
			},
		},
		{
			name:  "a role short of only some guarantees gets only those",
			mesos: "HierarchicalAllocatorTest.DisproportionateQuotaVsAllocation",
			run: func(h *harness) {
				h.quota("quota-role", "cpus:4;mem:1024", "cpus:4;mem:1024")
				f := h.addFramework([]string{"quota-role"})
				a1 := h.addAgent(res("cpus:2;mem:1024"))
				h.expect(h.pending(), offer{f, "quota-role", a1, res("cpus:2;mem:1024")})
				a2 := h.addAgent(res("cpus:2;mem:1024"))
				h.expect(h.pending(), offer{f, "quota-role", a2, res("cpus:2")})
			},
		},
		{
			name:  "a subrole's reservation counts against its parent's quota",
			mesos: "HierarchicalAllocatorTest.QuotaWithNestedRoleReservation (MESOS-9688)",
			run: func(h *harness) {
				h.quota("a", "cpus:2;mem:200", "cpus:2;mem:200")
				h.addAgent(res("cpus(a/b):1;mem(a/b):100"))
				a2 := h.addAgent(res("cpus:10;mem:1000"))
				f := h.addFramework([]string{"a"})
				h.expect(h.pending(), offer{f, "a", a2, res("cpus:1;mem:100")})
			},
		},
		{
			name:  "a subrole's allocation counts against its parent's quota but is not limited by it",
			mesos: "HierarchicalAllocatorTest.QuotaWithNestedRoleAllocation",
			run: func(h *harness) {
				f1 := h.addFramework([]string{"a/b"})
				a1 := h.addAgent(res("cpus:1;mem:1024"))
				h.expect(h.pending(), offer{f1, "a/b", a1, res("cpus:1;mem:1024")})
				h.quota("a", "cpus:1;mem:1024", "cpus:1;mem:1024")
				h.addFramework([]string{"a"})
				a2 := h.addAgent(res("cpus:1;mem:1024"))
				h.expect(h.pending(), offer{f1, "a/b", a2, res("cpus:1;mem:1024")})
			},
		},
		{
			name:  "headroom accounts for subrole allocations",
			mesos: "HierarchicalAllocatorTest.QuotaHeadroomWithNestedRoleAllocation",
			run: func(h *harness) {
				r := res("cpus:1;mem:100")
				f1 := h.addFramework([]string{"a/b"})
				a1 := h.addAgent(r)
				h.expect(h.pending(), offer{f1, "a/b", a1, r})
				f2 := h.addFramework([]string{"a"})
				a2 := h.addAgent(r)
				h.expect(h.pending(), offer{f2, "a", a2, r})
				h.quota("quota-role", "cpus:1;mem:100", "cpus:1;mem:100")
				h.addAgent(r)
				h.expectNone(h.pending())
				h.addAgent(r)
				if got := flatten(h.pending()); len(got) != 1 {
					h.t.Fatalf("want one of the two agents offered, got %v", got)
				}
			},
		},
		{
			name:  "an unallocated reservation satisfies the guarantee and holds no headroom",
			mesos: "HierarchicalAllocatorTestWithReservations.ReservationUnallocated",
			run: func(h *harness) {
				for _, typ := range []resources.ReservationType{resources.Static, resources.Dynamic} {
					h := newHarness(h.t)
					reserved := res("cpus:1;mem:1024").PushReservation(resources.Reservation{Type: typ, Role: "quota-role"})
					a1 := h.addAgent(reserved)
					h.quota("quota-role", "cpus:1;mem:1024", "cpus:1;mem:1024")
					f1 := h.addFramework([]string{"quota-role"})
					h.expect(h.pending(), offer{f1, "quota-role", a1, reserved})
					h.decline(offer{f1, "quota-role", a1, reserved}, 24*3600)
					h.addAgent(res("cpus:1;mem:1024"))
					h.expectNone(h.pending())
				}
			},
		},
		{
			name:  "an allocated reservation counts once",
			mesos: "HierarchicalAllocatorTestWithReservations.ReservationAllocated",
			run: func(h *harness) {
				for _, typ := range []resources.ReservationType{resources.Static, resources.Dynamic} {
					h := newHarness(h.t)
					reserved := res("cpus:1;mem:1024").PushReservation(resources.Reservation{Type: typ, Role: "quota-role"})
					a1 := h.addAgent(reserved)
					h.quota("quota-role", "cpus:2;mem:2048", "cpus:2;mem:2048")
					f1 := h.addFramework([]string{"quota-role"})
					h.expect(h.pending(), offer{f1, "quota-role", a1, reserved})
					a2 := h.addAgent(res("cpus:1;mem:1024"))
					h.expect(h.pending(), offer{f1, "quota-role", a2, res("cpus:1;mem:1024")})
					h.addAgent(res("cpus:1;mem:1024"))
					h.expectNone(h.pending())
				}
			},
		},
		{
			name:  "another role's reservation is offered to it, not held for quota",
			mesos: "HierarchicalAllocatorTestWithReservations.NonQuotaRoleReservationWithQuotaRole",
			run: func(h *harness) {
				unreserved := res("cpus:2;mem:2048")
				reserved := unreserved.PushReservation(resources.DynamicReservation("non-quota-role", ""))
				a1 := h.addAgent(unreserved.Plus(reserved))
				h.quota("quota-role", "cpus:2;mem:2048", "cpus:2;mem:2048")
				f1 := h.addFramework([]string{"quota-role"})
				h.expect(h.pending(), offer{f1, "quota-role", a1, unreserved})
				h.decline(offer{f1, "quota-role", a1, unreserved}, 24*3600)
				f2 := h.addFramework([]string{"non-quota-role"})
				h.expect(h.pending(), offer{f2, "non-quota-role", a1, reserved})
			},
		},
		{
			name:  "reservations beyond a guarantee hold no headroom",
			mesos: "HierarchicalAllocatorTestWithReservations.QuotaHeadroomWhenReservationsExceedQuota",
			run: func(h *harness) {
				h.quota("quota-role-w-reservation", "cpus:1;mem:1024", "cpus:1;mem:1024")
				h.quota("quota-role-no-reservation", "cpus:1;mem:1024", "cpus:1;mem:1024")
				h.addAgent(res("cpus:2;mem:2048").PushReservation(resources.DynamicReservation("quota-role-w-reservation", "")))
				h.addAgent(res("cpus:1;mem:1024"))
				f := h.addFramework([]string{"non-quota-role"})
				h.expectNone(h.pending())
				a3 := h.addAgent(res("cpus:1;mem:1024"))
				h.expect(h.pending(), offer{f, "non-quota-role", a3, res("cpus:1;mem:1024")})
			},
		},
		{
			name:  "reserving allocated resources does not double-count quota",
			mesos: "HierarchicalAllocatorTest.QuotaAccountingReserveAllocatedResources",
			run: func(h *harness) {
				h.quota("quota-role", "cpus:10;mem:1024", "cpus:10;mem:1024")
				f := h.addFramework([]string{"quota-role"})
				agentRes := res("cpus:5;mem:512")
				a1 := h.addAgent(agentRes)
				h.expect(h.pending(), offer{f, "quota-role", a1, agentRes})
				reserved := agentRes.Allocate("quota-role").PushReservation(resources.DynamicReservation("quota-role", "principal"))
				conv := resources.Conversion{Consumed: agentRes.Allocate("quota-role"), Converted: reserved}
				h.must(h.a.UpdateAllocation(f, a1, agentRes.Allocate("quota-role"), []resources.Conversion{conv}))
				a2 := h.addAgent(agentRes)
				h.expect(h.pending(), offer{f, "quota-role", a2, agentRes})
			},
		},
		{
			name:  "unreserving allocated resources does not free quota",
			mesos: "HierarchicalAllocatorTest.QuotaAccountingUnreserveAllocatedResources",
			run: func(h *harness) {
				h.quota("quota-role", "cpus:1;mem:1024", "cpus:1;mem:1024")
				f := h.addFramework([]string{"quota-role"})
				reservedRes := res("cpus(quota-role):1;mem(quota-role):1024")
				a1 := h.addAgent(reservedRes)
				h.expect(h.pending(), offer{f, "quota-role", a1, reservedRes})
				h.addAgent(res("cpus:1;mem:1024"))
				h.expectNone(h.pending())
				conv := resources.Conversion{Consumed: reservedRes.Allocate("quota-role"), Converted: reservedRes.Allocate("quota-role").PopReservation()}
				h.must(h.a.UpdateAllocation(f, a1, reservedRes.Allocate("quota-role"), []resources.Conversion{conv}))
				h.expectNone(h.tick())
			},
		},
		{
			name:  "a reservation of a parent role allocated to a child counts as allocated for headroom",
			mesos: "HierarchicalAllocatorTest.QuotaWithAncestorReservations (MESOS-8604)",
			run: func(h *harness) {
				h.quota("quota-role", "cpus:1;mem:1024", "cpus:1;mem:1024")
				a1 := h.addAgent(res("cpus(a):1;mem(a):1024"))
				f1 := h.addFramework([]string{"a/b"})
				h.expect(h.pending(), offer{f1, "a/b", a1, res("cpus(a):1;mem(a):1024")})
				f2 := h.addFramework([]string{"no-quota-role"})
				h.expectNone(h.pending())
				h.addAgent(res("cpus:1;mem:1024"))
				h.addAgent(res("cpus:1;mem:1024"))
				o := h.only(h.pending())
				if o.fw != f2 || !o.res.Equal(res("cpus:1;mem:1024")) {
					h.t.Fatalf("got %v", o)
				}
			},
		},
		{
			name:  "quota only on top-level roles; guarantees within limits",
			mesos: "master quota validation (\"Only top-level roles may have quota\") and hierarchical.cpp rolesConsumedQuota over top-level roles",
			run: func(h *harness) {
				if err := h.a.UpdateQuota("a/b", quota("cpus:1", "cpus:1")); err == nil {
					h.t.Fatal("nested quota accepted")
				}
				if err := h.a.UpdateQuota("a", quota("cpus:2", "cpus:1")); err == nil {
					h.t.Fatal("guarantees above limits accepted")
				}
				h.must(h.a.UpdateQuota("a", quota("cpus:1", "")))
				if q := h.a.Quota("a"); q.Guarantees.String() != "cpus:1" || !q.Limits.Empty() {
					h.t.Fatalf("quota = %+v", q)
				}
			},
		},
	})
}

func dynamicRes(s, role, principal string) resources.Resources {
	return res(s).PushReservation(resources.DynamicReservation(role, principal))
}

func reserveOp(r resources.Resources) *mesos.Offer_Operation {
	return &mesos.Offer_Operation{Type: mesos.Offer_Operation_RESERVE.Enum(), Reserve: &mesos.Offer_Operation_Reserve{Resources: r.ToProto()}}
}
