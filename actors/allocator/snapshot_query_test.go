package allocator

import (
	"maps"
	"reflect"
	"testing"

	"github.com/mactor/mactor/messages/mesos"
)

// TestView: the read-only view has the roles' weighted DRF shares, what
// is used and what is only offered, per role, framework and agent, the
// quotas and the suppressed frameworks, with the DRF sorters and with
// random sorters (where the share is computed with the same formula).
func TestView(t *testing.T) {
	for _, tc := range []struct {
		name string
		opts []harnessOption
	}{
		{"drf", nil},
		{"random", []harnessOption{withPolicy(Random())}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h := newHarness(t, tc.opts...)
			a1 := h.addAgent(res("cpus:2;mem:1024;disk:0"))
			f1 := h.addFramework([]string{"role1"})
			h.expect(h.pending(), offer{f1, "role1", a1, res("cpus:2;mem:1024")})
			if v := h.a.View(); len(v.Roles) != 1 || v.Roles[0].Share != 1 {
				t.Fatalf("one agent, all offered to role1: %+v", v.Roles)
			}
			// f1 is suppressed meanwhile so that even a random sorter
			// offers agent2 to f2.
			h.must(h.a.SuppressOffers(f1, nil))
			a2 := h.addAgent(res("cpus:2;mem:1024;disk:0"))
			f2 := h.addFramework([]string{"role2"})
			h.expect(h.pending(), offer{f2, "role2", a2, res("cpus:2;mem:1024")})
			h.must(h.a.ReviveOffers(f1, nil))
			h.must(h.a.TransitionOfferedToAllocated(a1, allocated("cpus:1;mem:256", "role1")))
			h.must(h.a.UpdateWeights([]*mesos.WeightInfo{weight("role2", 2)}))
			h.must(h.a.UpdateQuota("role1", QuotaOf(map[string]float64{"cpus": 1}, map[string]float64{"cpus": 3})))
			h.must(h.a.SuppressOffers(f2, []string{"role2"}))

			before := h.a.View()
			v := h.a.View()
			if !reflect.DeepEqual(before, v) {
				t.Fatal("two views of the same state differ")
			}
			if want := map[string]float64{"cpus": 4, "mem": 2048}; !maps.Equal(v.Total, want) {
				t.Errorf("total %v, want %v", v.Total, want)
			}
			if len(v.Roles) != 2 {
				t.Fatalf("roles %+v", v.Roles)
			}
			r1, r2 := v.Roles[0], v.Roles[1]
			for _, c := range []struct {
				what      string
				got, want any
			}{
				{"role1 name", r1.Role, "role1"},
				{"role1 share", r1.Share, 0.5},
				{"role1 weight", r1.Weight, 1.0},
				{"role1 allocated", r1.Allocated, map[string]float64{"cpus": 1, "mem": 256}},
				{"role1 offered", r1.Offered, map[string]float64{"cpus": 1, "mem": 768}},
				{"role1 quota guarantee", r1.QuotaGuarantee, map[string]float64{"cpus": 1}},
				{"role1 quota limit", r1.QuotaLimit, map[string]float64{"cpus": 3}},
				{"role1 suppressed", r1.SuppressedBy, []string{}},
				{"role2 share (weight 2)", r2.Share, 0.25},
				{"role2 weight", r2.Weight, 2.0},
				{"role2 suppressed", r2.SuppressedBy, []string{f2}},
				{"role2 allocated", r2.Allocated, map[string]float64{}},
				{"role2 offered", r2.Offered, map[string]float64{"cpus": 2, "mem": 1024}},
				{"role1 frameworks", len(r1.Frameworks), 1},
				{"role1 framework id", r1.Frameworks[0].FrameworkID, f1},
				{"role1 framework share", r1.Frameworks[0].Share, 0.5},
				{"role1 framework allocated", r1.Frameworks[0].Allocated, map[string]float64{"cpus": 1, "mem": 256}},
				{"allocations", v.Allocations, []AllocationView{
					{FrameworkID: f1, Role: "role1", AgentID: a1, Allocated: map[string]float64{"cpus": 1, "mem": 256}, Offered: map[string]float64{"cpus": 1, "mem": 768}},
					{FrameworkID: f2, Role: "role2", AgentID: a2, Allocated: map[string]float64{}, Offered: map[string]float64{"cpus": 2, "mem": 1024}},
				}},
			} {
				if !reflect.DeepEqual(c.got, c.want) {
					t.Errorf("%s = %v, want %v", c.what, c.got, c.want)
				}
			}
			// The view does not change what the allocator does next.
			h.expectNone(h.pending())
		})
	}
}
