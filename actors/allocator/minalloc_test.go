package allocator

import (
	"testing"

	"google.golang.org/protobuf/proto"

	"github.com/mactor/mactor/internal/resources"
	"github.com/mactor/mactor/messages/mesos"
)

// withMinAllocatable sets a role's min_allocatable_resources offer filter
// (alternatives as quantity strings; none means "an empty list").
func withMinAllocatable(info *mesos.FrameworkInfo, role string, alternatives ...string) {
	mar := &mesos.OfferFilters_MinAllocatableResources{}
	for _, alt := range alternatives {
		q := map[string]*mesos.Value_Scalar{}
		for name, v := range quantities(alt).Map() {
			q[name] = &mesos.Value_Scalar{Value: proto.Float64(v)}
		}
		mar.Quantities = append(mar.Quantities, &mesos.OfferFilters_ResourceQuantities{Quantities: q})
	}
	if info.OfferFilters == nil {
		info.OfferFilters = map[string]*mesos.OfferFilters{}
	}
	info.OfferFilters[role] = &mesos.OfferFilters{MinAllocatableResources: mar}
}

// Minimum allocatable resources (Mesos's allocatable()).
func TestMinAllocatable(t *testing.T) {
	runScenarios(t, []scenario{
		{
			name:  "agents below every minimum are not offered",
			mesos: "HierarchicalAllocatorTest.Allocatable",
			run: func(h *harness) {
				f := h.addFramework([]string{"role1"})
				h.addAgent(res("cpus:0.005;mem:16;disk:128"))
				a2r := res("cpus:0.01;mem:16;disk:128")
				a2 := h.addAgent(a2r)
				h.expect(h.pending(), offer{f, "role1", a2, a2r})
				a3r := res("cpus:0.005;mem:32;disk:128")
				a3 := h.addAgent(a3r)
				h.expect(h.pending(), offer{f, "role1", a3, a3r})
				a4r := res("cpus:0.015;mem:16;cpus(role1):0.015;mem(role1):16;disk:128")
				a4 := h.addAgent(a4r)
				h.expect(h.pending(), offer{f, "role1", a4, a4r})
			},
		},
		{
			name:  "a framework's own minimum overrides the global one",
			mesos: "HierarchicalAllocatorTest.FrameworkMinAllocatable",
			run: func(h *harness) {
				info := h.frameworkInfo([]string{"role1"})
				f := info.GetId().GetValue()
				h.must(h.a.AddFramework(f, info, nil, true, FrameworkOptions{}))
				r := res("cpus:0.005;mem:16;disk:128")
				a := h.addAgent(r)
				h.expectNone(h.pending())
				withMinAllocatable(info, "role1", "cpus:0.003")
				h.must(h.a.UpdateFramework(f, info, FrameworkOptions{}))
				h.expect(h.tick(), offer{f, "role1", a, r})
			},
		},
		{
			name:  "an empty framework minimum allows any resources",
			mesos: "HierarchicalAllocatorTest.FrameworkEmptyMinAllocatable",
			run: func(h *harness) {
				info := h.frameworkInfo([]string{"role1"})
				withMinAllocatable(info, "role1")
				f := info.GetId().GetValue()
				h.must(h.a.AddFramework(f, info, nil, true, FrameworkOptions{}))
				r := res("cpus:0.005;mem:16;disk:128")
				a := h.addAgent(r)
				h.expect(h.pending(), offer{f, "role1", a, r})
			},
		},
		{
			name:  "no global minimum: anything non-empty is allocatable",
			mesos: "hierarchical.cpp allocatable (minAllocatableResources none)",
			opts:  []harnessOption{withOptions(func(o *Options) { o.MinAllocatableResources = nil })},
			run: func(h *harness) {
				f := h.addFramework([]string{"r"})
				r := res("disk:1")
				a := h.addAgent(r)
				h.expect(h.pending(), offer{f, "r", a, r})
			},
		},
		{
			name:  "non-scalar minimums count range integers",
			mesos: "Resources::contains(ResourceQuantities) in allocatable",
			opts: []harnessOption{withOptions(func(o *Options) {
				o.MinAllocatableResources = []resources.Quantities{quantities("ports:3")}
			})},
			run: func(h *harness) {
				f := h.addFramework([]string{"r"})
				h.addAgent(res("cpus:1;ports:[1-2]"))
				h.expectNone(h.pending())
				r := res("cpus:1;ports:[1-2,5-5]")
				a := h.addAgent(r)
				h.expect(h.pending(), offer{f, "r", a, r})
			},
		},
	})
}
