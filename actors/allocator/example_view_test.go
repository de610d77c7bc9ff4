package allocator_test

import (
	"fmt"
	"time"

	"github.com/mactor/mactor/actors/allocator"
	"github.com/mactor/mactor/internal/resources"
)

// What GET /state shows of the allocation: the role's weighted DRF share,
// and what each framework is offered and uses, per agent. The allocator
// actor answers a StateQuery with the same view.
func ExampleAllocator_View() {
	a := allocator.New(allocator.Config{Clock: allocator.NewManualClock(time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)), Seed: 1})
	_ = a.Initialize(allocator.DefaultOptions())
	_ = a.AddSlave("agent1", agentInfo("agent1"), allocator.AllAgentCapabilities(), nil, resources.MustParse("cpus:4;mem:4096"), nil)
	_ = a.AddSlave("agent2", agentInfo("agent2"), allocator.AllAgentCapabilities(), nil, resources.MustParse("cpus:4;mem:4096"), nil)
	_ = a.AddFramework("web", frameworkInfo("web", "prod"), nil, true, allocator.FrameworkOptions{})
	a.AllocatePending() // both agents are offered to web
	// web launches a task with 1 cpu and 1 GB on agent1.
	_ = a.TransitionOfferedToAllocated("agent1", resources.MustParse("cpus:1;mem:1024").Allocate("prod"))

	v := a.View()
	for _, r := range v.Roles {
		fmt.Printf("role %s: share %.2f, allocated %v, offered %v\n", r.Role, r.Share, r.Allocated, r.Offered)
	}
	for _, al := range v.Allocations {
		fmt.Printf("%s on %s: allocated %v, offered %v\n", al.FrameworkID, al.AgentID, al.Allocated, al.Offered)
	}
	// Output:
	// role prod: share 1.00, allocated map[cpus:1 mem:1024], offered map[cpus:7 mem:7168]
	// web on agent1: allocated map[cpus:1 mem:1024], offered map[cpus:3 mem:3072]
	// web on agent2: allocated map[], offered map[cpus:4 mem:4096]
}
