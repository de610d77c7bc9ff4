package allocator_test

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"time"

	"google.golang.org/protobuf/proto"

	"github.com/mactor/mactor/actors/allocator"
	"github.com/mactor/mactor/internal/resources"
	"github.com/mactor/mactor/messages/mesos"
)

func agentInfo(id string) *mesos.SlaveInfo {
	return &mesos.SlaveInfo{Hostname: proto.String(id), Id: &mesos.SlaveID{Value: proto.String(id)}}
}

func frameworkInfo(id string, roles ...string) *mesos.FrameworkInfo {
	return &mesos.FrameworkInfo{
		User: proto.String("user"), Name: proto.String(id), Id: &mesos.FrameworkID{Value: proto.String(id)},
		Roles:        roles,
		Capabilities: []*mesos.FrameworkInfo_Capability{{Type: mesos.FrameworkInfo_Capability_MULTI_ROLE.Enum()}},
	}
}

func printOffers(r allocator.Result) {
	for _, o := range r.Offers {
		for _, ro := range o.Roles {
			for _, ar := range ro.Agents {
				fmt.Printf("%s (%s) on %s: %v\n", o.FrameworkID, ro.Role, ar.AgentID, ar.Resources.Unallocate())
			}
		}
	}
}

// The allocator actor's loop in miniature: calls come in, an
// event-driven cycle runs when Pending says so, offers go out.
func Example() {
	clock := allocator.NewManualClock(time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC))
	a := allocator.New(allocator.Config{Clock: clock, Seed: 1})
	if err := a.Initialize(allocator.DefaultOptions()); err != nil {
		panic(err)
	}
	_ = a.AddSlave("agent1", agentInfo("agent1"), allocator.AllAgentCapabilities(), nil,
		resources.MustParse("cpus:4;mem:4096;ports:[31000-31009]"), nil)
	_ = a.AddFramework("web", frameworkInfo("web", "prod"), nil, true, allocator.FrameworkOptions{})
	if a.Pending() {
		printOffers(a.AllocatePending())
	}

	// The framework declines for 10 seconds: nothing is offered until then.
	_ = a.RecoverResources("web", "agent1", resources.MustParse("cpus:4;mem:4096;ports:[31000-31009]").Allocate("prod"),
		&mesos.Filters{RefuseSeconds: proto.Float64(10)}, false)
	clock.Advance(time.Second)
	fmt.Println("after 1 s:", a.Allocate().Count(), "offers")
	clock.Advance(10 * time.Second)
	printOffers(a.Allocate())
	// Output:
	// web (prod) on agent1: cpus:4; mem:4096; ports:[31000-31009]
	// after 1 s: 0 offers
	// web (prod) on agent1: cpus:4; mem:4096; ports:[31000-31009]
}

// capped is a Policy that keeps DRF's order but offers at most 2 cpus at
// a time: the amount is the policy's, everything else stays the core's.
type capped struct {
	allocator.Policy
}

func (capped) Offer(c *allocator.Candidate) resources.Resources {
	return resources.ShrinkToLimits(c.Allowed, resources.LimitsOf(map[string]float64{"cpus": 2}), nil)
}

func ExamplePolicy() {
	a := allocator.New(allocator.Config{Policy: capped{allocator.DRF()}, Clock: allocator.NewManualClock(time.Unix(0, 0)), Seed: 1})
	_ = a.Initialize(allocator.DefaultOptions())
	_ = a.AddSlave("agent1", agentInfo("agent1"), allocator.AllAgentCapabilities(), nil, resources.MustParse("cpus:5;mem:1024"), nil)
	_ = a.AddFramework("f1", frameworkInfo("f1", "r"), nil, true, allocator.FrameworkOptions{})
	_ = a.AddFramework("f2", frameworkInfo("f2", "r"), nil, true, allocator.FrameworkOptions{})
	printOffers(a.AllocatePending())
	// Output:
	// f1 (r) on agent1: cpus:2; mem:1024
	// f2 (r) on agent1: cpus:2
}

// packing is a Policy that visits the busiest agents first (bin packing)
// instead of Mesos's random order.
type packing struct {
	allocator.Policy
}

func (packing) OrderAgents(_ int, agents []allocator.AgentView, _ *rand.Rand) {
	cpus := func(v allocator.AgentView) resources.Scalar {
		c, _ := v.Available.ScalarValue("cpus")
		return c
	}
	slices.SortStableFunc(agents, func(x, y allocator.AgentView) int { return int(cpus(x) - cpus(y)) })
}

func ExampleAgentOrderer() {
	a := allocator.New(allocator.Config{Policy: packing{allocator.DRF()}, Clock: allocator.NewManualClock(time.Unix(0, 0))})
	_ = a.Initialize(allocator.DefaultOptions())
	_ = a.AddSlave("big", agentInfo("big"), allocator.AllAgentCapabilities(), nil, resources.MustParse("cpus:8;mem:1024"), nil)
	_ = a.AddSlave("small", agentInfo("small"), allocator.AllAgentCapabilities(), nil, resources.MustParse("cpus:1;mem:1024"), nil)
	_ = a.AddFramework("f1", frameworkInfo("f1", "r"), nil, true, allocator.FrameworkOptions{})
	_ = a.AddFramework("f2", frameworkInfo("f2", "r"), nil, true, allocator.FrameworkOptions{})
	// The small agent is visited first and goes to the first framework in
	// DRF order; the big one then goes to the other.
	printOffers(a.AllocatePending())
	// Output:
	// f1 (r) on small: cpus:1; mem:1024
	// f2 (r) on big: cpus:8; mem:1024
}
