package allocator

import (
	"fmt"
	"testing"

	"google.golang.org/protobuf/proto"

	"github.com/mactor/mactor/messages/mesos"
)

// BenchmarkView measures View (what GET /state costs the allocator
// actor) with 10,000 agents each offered to one of 1,000 frameworks in 10
// roles.
func BenchmarkView(b *testing.B) {
	a := New(Config{Clock: NewManualClock(epoch), Seed: 1})
	_ = a.Initialize(DefaultOptions())
	for i := range 1000 {
		id := fmt.Sprintf("f%04d", i)
		_ = a.AddFramework(id, &mesos.FrameworkInfo{User: proto.String("u"), Name: proto.String(id), Id: &mesos.FrameworkID{Value: proto.String(id)},
			Roles: []string{fmt.Sprintf("role%d", i%10)}, Capabilities: []*mesos.FrameworkInfo_Capability{{Type: mesos.FrameworkInfo_Capability_MULTI_ROLE.Enum()}}}, nil, true, FrameworkOptions{})
	}
	for i := range 10000 {
		id := fmt.Sprintf("a%05d", i)
		_ = a.AddSlave(id, slaveInfo(id), AllAgentCapabilities(), nil, res("cpus:24;mem:4096;disk:4096"), nil)
	}
	if n := a.Allocate().Count(); n == 0 {
		b.Fatal("nothing offered")
	}
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		v := a.View()
		if len(v.Allocations) != 10000 {
			b.Fatalf("%d allocations", len(v.Allocations))
		}
	}
}
