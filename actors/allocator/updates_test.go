package allocator

import (
	"errors"
	"testing"

	"github.com/mactor/mactor/internal/resources"
	"github.com/mactor/mactor/messages/mesos"
)

func createVolumeOp(v resources.Resource) *mesos.Offer_Operation {
	return &mesos.Offer_Operation{Type: mesos.Offer_Operation_CREATE.Enum(), Create: &mesos.Offer_Operation_Create{Volumes: []*mesos.Resource{v.ToProto()}}}
}

func destroyVolumeOp(v resources.Resource) *mesos.Offer_Operation {
	return &mesos.Offer_Operation{Type: mesos.Offer_Operation_DESTROY.Enum(), Destroy: &mesos.Offer_Operation_Destroy{Volumes: []*mesos.Resource{v.ToProto()}}}
}

func conversionsOf(t testing.TB, op *mesos.Offer_Operation) []resources.Conversion {
	t.Helper()
	cs, err := resources.ConversionsOf(op)
	if err != nil {
		t.Fatal(err)
	}
	return cs
}

// updateAllocation, updateAvailable, transitionOfferedToAllocated and
// shared resources.
func TestAllocationUpdates(t *testing.T) {
	runScenarios(t, []scenario{
		{
			name:  "CREATE converts offered disk into a volume that is offered back",
			mesos: "HierarchicalAllocatorTest.UpdateAllocation",
			run: func(h *harness) {
				total := res("cpus:100;mem:100;disk:100")
				a := h.addAgent(total)
				f := h.addFramework([]string{"role1"})
				h.expect(h.pending(), offer{f, "role1", a, total})
				v := volumeUnreserved("ID", 5)
				v.Allocation = "role1"
				cs := conversionsOf(h.t, createVolumeOp(v))
				updated, err := total.Allocate("role1").ApplyAll(cs)
				h.must(err)
				h.must(h.a.UpdateAllocation(f, a, total.Allocate("role1"), cs))
				h.must(h.a.RecoverResources(f, a, updated, nil, false))
				h.expect(h.tick(), offer{f, "role1", a, updated.Unallocate()})
			},
		},
		{
			name:  "a conversion to nothing removes resources from the agent",
			mesos: "HierarchicalAllocatorTest.UpdateAllocationRemoveResources",
			run: func(h *harness) {
				total := res("cpus:100;mem:100;disk:100")
				a := h.addAgent(total)
				f := h.addFramework([]string{"role1"})
				h.expect(h.pending(), offer{f, "role1", a, total})
				cs := []resources.Conversion{{Consumed: allocated("disk:100", "role1")}}
				updated, err := total.Allocate("role1").ApplyAll(cs)
				h.must(err)
				h.must(h.a.UpdateAllocation(f, a, total.Allocate("role1"), cs))
				h.must(h.a.RecoverResources(f, a, updated, nil, false))
				h.expect(h.tick(), offer{f, "role1", a, res("cpus:100;mem:100")})
			},
		},
		{
			name:  "a shared volume is created, offered, destroyed",
			mesos: "HierarchicalAllocatorTest.UpdateAllocationSharedPersistentVolume",
			run: func(h *harness) {
				total := res("cpus:100;mem:100;disk(role1):100")
				a := h.addAgent(total)
				f := h.addFramework([]string{"role1"}, mesos.FrameworkInfo_Capability_SHARED_RESOURCES)
				h.expect(h.pending(), offer{f, "role1", a, total})
				v := staticVolume("id1", 5, "role1", true)
				v.Allocation = "role1"
				cs := conversionsOf(h.t, createVolumeOp(v))
				updated, err := total.Allocate("role1").ApplyAll(cs)
				h.must(err)
				h.must(h.a.UpdateAllocation(f, a, total.Allocate("role1"), cs))
				h.must(h.a.RecoverResources(f, a, updated, nil, false))
				h.expect(h.tick(), offer{f, "role1", a, updated.Unallocate()})
				cs = conversionsOf(h.t, destroyVolumeOp(v))
				h.must(h.a.UpdateAllocation(f, a, updated, cs))
				back, err := updated.ApplyAll(cs)
				h.must(err)
				if !back.Equal(total.Allocate("role1")) {
					h.t.Fatalf("destroy gave %v", back)
				}
				h.must(h.a.RecoverResources(f, a, back, nil, false))
				h.expect(h.tick(), offer{f, "role1", a, total})
			},
		},
		{
			name:  "shared resources only for SHARED_RESOURCES frameworks",
			mesos: "HierarchicalAllocatorTest.SharedResourcesCapability",
			run: func(h *harness) {
				total := res("cpus:100;mem:100;disk(role1):100")
				a := h.addAgent(total)
				f1 := h.addFramework([]string{"role1"})
				h.expect(h.pending(), offer{f1, "role1", a, total})
				v := staticVolume("id1", 5, "role1", true)
				v.Allocation = "role1"
				cs := conversionsOf(h.t, createVolumeOp(v))
				updated, err := total.Allocate("role1").ApplyAll(cs)
				h.must(err)
				h.must(h.a.UpdateAllocation(f1, a, total.Allocate("role1"), cs))
				h.must(h.a.RecoverResources(f1, a, updated, nil, false))
				withoutVolume := updated.Unallocate().Minus(resources.Of(staticVolume("id1", 5, "role1", true)))
				h.expect(h.tick(), offer{f1, "role1", a, withoutVolume})
				h.recover(offer{f1, "role1", a, withoutVolume})
				f2 := h.addFramework([]string{"role1"}, mesos.FrameworkInfo_Capability_SHARED_RESOURCES)
				h.expect(h.pending(), offer{f2, "role1", a, updated.Unallocate()})
			},
		},
		{
			name:  "a shared volume in use is offered to another framework, once per cycle",
			mesos: "HierarchicalAllocatorTestWithParam.AllocateSharedResources",
			run: func(h *harness) {
				for _, withQuota := range []bool{false, true} {
					h := newHarness(h.t)
					f1 := h.addFramework([]string{"role1"}, mesos.FrameworkInfo_Capability_SHARED_RESOURCES)
					f2 := h.addFramework([]string{"role1"}, mesos.FrameworkInfo_Capability_SHARED_RESOURCES)
					if withQuota {
						h.quota("role1", "cpus:8;mem:2048;disk:4096", "cpus:8;mem:2048;disk:4096")
					}
					total := res("cpus:4;mem:1024;disk(role1):2048")
					a := h.addAgent(total)
					h.expect(h.pending(), offer{f1, "role1", a, total})
					v := staticVolume("id1", 5, "role1", true)
					v.Allocation = "role1"
					cs := conversionsOf(h.t, createVolumeOp(v))
					updated, err := total.Allocate("role1").ApplyAll(cs)
					h.must(err)
					h.must(h.a.UpdateAllocation(f1, a, total.Allocate("role1"), cs))
					task := allocated("cpus:1;mem:5", "role1").Plus(resources.Of(v))
					h.must(h.a.RecoverResources(f1, a, updated.Minus(task), nil, false))
					want := updated.Minus(task).Plus(resources.Of(v)).Unallocate()
					h.expect(h.tick(), offer{f2, "role1", a, want})
				}
			},
		},
		{
			name:  "updateAvailable applies a RESERVE to available resources",
			mesos: "HierarchicalAllocatorTest.UpdateAvailableSuccess",
			run: func(h *harness) {
				total := res("cpus:100;mem:100;disk:100")
				a := h.addAgent(total)
				reserved := dynamicRes("cpus:25;mem:50", "role1", "ops")
				h.must(h.a.UpdateAvailable(a, []*mesos.Offer_Operation{reserveOp(reserved)}))
				f := h.addFramework([]string{"role1"})
				h.expect(h.pending(), offer{f, "role1", a, total.Minus(res("cpus:25;mem:50")).Plus(reserved)})
			},
		},
		{
			name:  "updateAvailable fails when the resources are offered",
			mesos: "HierarchicalAllocatorTest.UpdateAvailableFail",
			run: func(h *harness) {
				total := res("cpus:100;mem:100;disk:100")
				a := h.addAgent(total)
				f := h.addFramework([]string{"role1"})
				h.expect(h.pending(), offer{f, "role1", a, total})
				err := h.a.UpdateAvailable(a, []*mesos.Offer_Operation{reserveOp(dynamicRes("cpus:25;mem:50", "role1", "ops"))})
				if !errors.Is(err, ErrInvalidResources) {
					h.t.Fatalf("err = %v", err)
				}
			},
		},
		{
			name:  "allocated resources are recovered with isAllocated",
			mesos: "hierarchical.cpp transitionOfferedToAllocated and recoverResources(isAllocated)",
			run: func(h *harness) {
				r := res("cpus:2;mem:1024")
				a := h.addAgent(r)
				f := h.addFramework([]string{"role"})
				h.expect(h.pending(), offer{f, "role", a, r})
				h.must(h.a.TransitionOfferedToAllocated(a, r.Allocate("role")))
				if err := h.a.RecoverResources(f, a, allocated("cpus:4", "role"), nil, true); !errors.Is(err, ErrInvalidResources) {
					h.t.Fatalf("recovering more than allocated: %v", err)
				}
				h.must(h.a.RecoverResources(f, a, r.Allocate("role"), nil, true))
				h.expect(h.tick(), offer{f, "role", a, r})
			},
		},
		{
			name:  "recovering for a removed framework or agent is ignored",
			mesos: "hierarchical.cpp recoverResources (framework.isNone() || slave.isNone())",
			run: func(h *harness) {
				r := res("cpus:2;mem:1024")
				a := h.addAgent(r)
				f := h.addFramework([]string{"role"})
				h.expect(h.pending(), offer{f, "role", a, r})
				h.must(h.a.RemoveFramework(f))
				h.must(h.a.RecoverResources(f, a, r.Allocate("role"), nil, false))
				h.must(h.a.RecoverResources("gone", "gone", r.Allocate("role"), nil, false))
			},
		},
		{
			name:  "resources of several roles cannot be recovered at once",
			mesos: "hierarchical.cpp recoverResources (CHECK_EQ(1u, allocations.size()))",
			run: func(h *harness) {
				a := h.addAgent(res("cpus:2;mem:1024"))
				f := h.addFramework([]string{"r1", "r2"})
				h.pending()
				mixed := allocated("cpus:1", "r1").Plus(allocated("mem:1", "r2"))
				if err := h.a.RecoverResources(f, a, mixed, nil, false); !errors.Is(err, ErrInvalidResources) {
					h.t.Fatalf("err = %v", err)
				}
			},
		},
	})
}

// volumeUnreserved returns an unreserved persistent volume (not shared).
func volumeUnreserved(id string, size float64) resources.Resource {
	v := volume(id, size, "x", false)
	m := *v.Meta
	m.Reservations = nil
	v.Meta = &m
	return v
}

// staticVolume returns a volume on disk statically reserved to role.
func staticVolume(id string, size float64, role string, shared bool) resources.Resource {
	v := volume(id, size, role, shared)
	m := *v.Meta
	m.Reservations = []resources.Reservation{resources.StaticReservation(role)}
	v.Meta = &m
	return v
}
