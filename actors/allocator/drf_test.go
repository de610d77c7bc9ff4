package allocator

import (
	"testing"

	"google.golang.org/protobuf/proto"

	"github.com/mactor/mactor/messages/mesos"
)

// scenario is one table entry: a behaviour, the Mesos test or function it
// reproduces, and the steps.
type scenario struct {
	name  string
	mesos string
	opts  []harnessOption
	run   func(h *harness)
}

func runScenarios(t *testing.T, tests []scenario) {
	t.Helper()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Logf("reproduces %s", tt.mesos)
			tt.run(newHarness(t, tt.opts...))
		})
	}
}

func weight(role string, w float64) *mesos.WeightInfo {
	return &mesos.WeightInfo{Role: proto.String(role), Weight: proto.Float64(w)}
}

// Weighted DRF across roles and frameworks (Mesos's DRFSorter and the
// DRF tests of hierarchical_allocator_tests.cpp).
func TestDRF(t *testing.T) {
	runScenarios(t, []scenario{
		{
			name:  "each new agent goes to the lowest share",
			mesos: "HierarchicalAllocatorTest.UnreservedDRF",
			run: func(h *harness) {
				a1 := h.addAgent(res("cpus:2;mem:1024;disk:0"))
				f1 := h.addFramework([]string{"role1"})
				h.expect(h.pending(), offer{f1, "role1", a1, res("cpus:2;mem:1024")})
				f2 := h.addFramework([]string{"role2"})
				h.expectNone(h.pending())
				a2 := h.addAgent(res("cpus:1;mem:512;disk:0"))
				h.expect(h.pending(), offer{f2, "role2", a2, res("cpus:1;mem:512")})
				a3 := h.addAgent(res("cpus:3;mem:2048;disk:0"))
				h.expect(h.pending(), offer{f2, "role2", a3, res("cpus:3;mem:2048")})
				f3 := h.addFramework([]string{"role1"})
				h.expectNone(h.pending())
				a4 := h.addAgent(res("cpus:4;mem:4096;disk:0"))
				h.expect(h.pending(), offer{f3, "role1", a4, res("cpus:4;mem:4096")})
				h.addFramework([]string{"role1"})
				h.expectNone(h.pending())
				a5 := h.addAgent(res("cpus:1;mem:512;disk:0"))
				h.expect(h.pending(), offer{f2, "role2", a5, res("cpus:1;mem:512")})
			},
		},
		{
			name:  "reservations count towards a role's share",
			mesos: "HierarchicalAllocatorTest.ReservedDRF",
			run: func(h *harness) {
				a1r := res("cpus:1;mem:512;disk:0;cpus(role1):100;mem(role1):1024;disk(role1):0")
				a1 := h.addAgent(a1r)
				f1 := h.addFramework([]string{"role1"})
				h.expect(h.pending(), offer{f1, "role1", a1, a1r})
				f2 := h.addFramework([]string{"role2"})
				h.expectNone(h.pending())
				a2 := h.addAgent(res("cpus:2;mem:512;disk:0"))
				h.expect(h.pending(), offer{f2, "role2", a2, res("cpus:2;mem:512")})
				a3 := h.addAgent(res("cpus:2;mem:512;disk:0"))
				h.expect(h.pending(), offer{f2, "role2", a3, res("cpus:2;mem:512")})
				f3 := h.addFramework([]string{"role1"})
				h.expectNone(h.pending())
				a4r := res("cpus(role1):2;mem(role1):1024;disk(role1):0")
				a4 := h.addAgent(a4r)
				h.expect(h.pending(), offer{f3, "role1", a4, a4r})
			},
		},
		{
			name:  "excluded resource names do not count towards shares",
			mesos: "HierarchicalAllocatorTest.DRFWithFairnessExclusion",
			opts:  []harnessOption{withOptions(func(o *Options) { o.FairnessExcludeResourceNames = []string{"gpus"} })},
			run: func(h *harness) {
				a1 := h.addAgent(res("cpus:2;mem:1024;disk:0;gpus:1"))
				f1 := h.addFramework([]string{"role1"}, mesos.FrameworkInfo_Capability_GPU_RESOURCES)
				h.expect(h.pending(), offer{f1, "role1", a1, res("cpus:2;mem:1024;gpus:1")})
				f2 := h.addFramework([]string{"role2"})
				h.expectNone(h.pending())
				a2 := h.addAgent(res("cpus:1;mem:512;disk:0"))
				h.expect(h.pending(), offer{f2, "role2", a2, res("cpus:1;mem:512")})
				a3 := h.addAgent(res("cpus:3;mem:2048;disk:0"))
				h.expect(h.pending(), offer{f2, "role2", a3, res("cpus:3;mem:2048")})
				f3 := h.addFramework([]string{"role1"})
				h.expectNone(h.pending())
				a4 := h.addAgent(res("cpus:4;mem:4096;disk:0"))
				h.expect(h.pending(), offer{f3, "role1", a4, res("cpus:4;mem:4096")})
				h.addFramework([]string{"role1"})
				h.expectNone(h.pending())
				a5 := h.addAgent(res("cpus:1;mem:512;disk:0"))
				h.expect(h.pending(), offer{f2, "role2", a5, res("cpus:1;mem:512")})
			},
		},
		{
			name:  "hierarchical roles share by subtree",
			mesos: "HierarchicalAllocatorTest.NestedRoleDRF",
			run: func(h *harness) {
				a1 := h.addAgent(res("cpus:2;mem:1024;disk:0"))
				f1 := h.addFramework([]string{"a/b"})
				h.expect(h.pending(), offer{f1, "a/b", a1, res("cpus:2;mem:1024")})
				h.addFramework([]string{"a/c"})
				f3 := h.addFramework([]string{"d/e"})
				h.expectNone(h.pending())
				a2 := h.addAgent(res("cpus:1;mem:512;disk:0"))
				h.expect(h.pending(), offer{f3, "d/e", a2, res("cpus:1;mem:512")})
				f4 := h.addFramework([]string{"d/f"})
				h.expectNone(h.pending())
				a3 := h.addAgent(res("cpus:2;mem:1024;disk:0"))
				h.expect(h.pending(), offer{f4, "d/f", a3, res("cpus:2;mem:1024")})
			},
		},
		{
			name:  "equal shares alternate by allocation count",
			mesos: "HierarchicalAllocatorTest.SameShareFairness",
			run: func(h *harness) {
				f1 := h.addFramework([]string{"*"})
				f2 := h.addFramework([]string{"*"})
				a := h.addAgent(res("cpus:2;mem:1024;disk:0"))
				counts := map[string]int{}
				r := h.pending()
				for i := 0; i < 10; i++ {
					o := h.only(r)
					counts[o.fw]++
					h.recover(o)
					r = h.tick()
				}
				if counts[f1] != 5 || counts[f2] != 5 {
					h.t.Fatalf("counts = %v, want 5 and 5", counts)
				}
				_ = a
			},
		},
		{
			name:  "offers are coarse-grained: a framework gets whole agents",
			mesos: "HierarchicalAllocatorTest.CoarseGrained",
			run: func(h *harness) {
				a1 := h.addAgent(res("cpus:2;mem:1024;disk:0"))
				a2 := h.addAgent(res("cpus:2;mem:1024;disk:0"))
				f1 := h.addFramework([]string{"role1"})
				h.expect(h.pending(), offer{f1, "role1", a1, res("cpus:2;mem:1024")}, offer{f1, "role1", a2, res("cpus:2;mem:1024")})
				h.recover(offer{f1, "role1", a1, res("cpus:2;mem:1024")})
				h.recover(offer{f1, "role1", a2, res("cpus:2;mem:1024")})
				h.addFramework([]string{"role2"})
				got := flatten(h.pending())
				if len(got) != 2 || got[0].fw == got[1].fw {
					h.t.Fatalf("want one agent per framework, got %v", got)
				}
			},
		},
		{
			name:  "weights divide shares: 1:1, then 1:2, then 1:2:3",
			mesos: "HierarchicalAllocatorTest.UpdateWeight",
			run: func(h *harness) {
				for i := 0; i < 6; i++ {
					h.addAgent(res("cpus:2;mem:1024"))
				}
				f1 := h.addFramework([]string{"role1"})
				recoverAll := func(r *Result) map[string]float64 {
					got := map[string]float64{}
					for _, o := range flatten(r) {
						cpus, _ := o.res.ScalarValue("cpus")
						got[o.fw] += cpus.Float()
						h.recover(o)
					}
					return got
				}
				recoverAll(h.pending())
				f2 := h.addFramework([]string{"role2"})
				recoverAll(h.pending())
				if got := recoverAll(h.tick()); got[f1] != 6 || got[f2] != 6 {
					h.t.Fatalf("equal weights: %v", got)
				}
				h.must(h.a.UpdateWeights([]*mesos.WeightInfo{weight("role2", 2)}))
				if got := recoverAll(h.tick()); got[f1] != 4 || got[f2] != 8 {
					h.t.Fatalf("weights 1:2: %v", got)
				}
				h.must(h.a.UpdateWeights([]*mesos.WeightInfo{weight("role3", 3)}))
				f3 := h.addFramework([]string{"role3"})
				got := map[string]float64{}
				for _, o := range flatten(h.pending()) {
					cpus, _ := o.res.ScalarValue("cpus")
					got[o.fw] += cpus.Float()
				}
				if got[f1] != 2 || got[f2] != 4 || got[f3] != 6 {
					h.t.Fatalf("weights 1:2:3: %v", got)
				}
			},
		},
		{
			name:  "random sorters still offer everything, deterministically per seed",
			mesos: "RandomSorter (sorter/random/sorter.cpp), --role_sorter=random",
			opts:  []harnessOption{withPolicy(Random())},
			run: func(h *harness) {
				h.addFramework([]string{"role1"})
				h.addFramework([]string{"role2"})
				for i := 0; i < 4; i++ {
					h.addAgent(res("cpus:1;mem:64"))
				}
				if got := flatten(h.pending()); len(got) != 4 {
					h.t.Fatalf("want 4 offers, got %v", got)
				}
			},
		},
	})
}
