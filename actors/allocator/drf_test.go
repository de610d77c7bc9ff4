package allocator

import "testing"

// Weighted DRF across roles and frameworks (Mesos's DRFSorter and
// HierarchicalAllocatorTest).
func TestDRF(t *testing.T) {
	tests := []struct {
		name  string
		mesos string
		run   func(h *harness)
	}{
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
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Logf("reproduces %s", tt.mesos)
			tt.run(newHarness(t))
		})
	}
}
