package allocator

import (
	"fmt"
	"testing"
	"time"

	"google.golang.org/protobuf/proto"

	allocatorv1 "github.com/mactor/mactor/messages/allocator/v1"
	"github.com/mactor/mactor/messages/mesos"
)

// BenchmarkSnapshot measures Snapshot, its encoding, decoding and Restore
// at DeclineOffers' scale after its 20 rounds: 10,000 agents, 1,000
// frameworks, 200,000 refuse filters (what the allocator actor's snapshots
// and recoveries cost).
func BenchmarkSnapshot(b *testing.B) {
	for range b.N {
		benchmarkSnapshot(b)
	}
}

func benchmarkSnapshot(t *testing.B) {
	clock := NewManualClock(epoch)
	a := New(Config{Clock: clock, Seed: 1})
	_ = a.Initialize(DefaultOptions())
	for i := 0; i < 1000; i++ {
		id := fmt.Sprintf("f%04d", i)
		_ = a.AddFramework(id, &mesos.FrameworkInfo{User: proto.String("u"), Name: proto.String(id), Id: &mesos.FrameworkID{Value: proto.String(id)}, Roles: []string{"*"}, Capabilities: []*mesos.FrameworkInfo_Capability{{Type: mesos.FrameworkInfo_Capability_MULTI_ROLE.Enum()}}}, nil, true, FrameworkOptions{})
	}
	for i := 0; i < 10000; i++ {
		id := fmt.Sprintf("a%05d", i)
		_ = a.AddSlave(id, slaveInfo(id), AllAgentCapabilities(), nil, res("cpus:24;mem:4096;disk:4096;ports:[31000-32000]"), nil)
	}
	for round := 0; round < 20; round++ {
		r := a.Allocate()
		for _, o := range r.Offers {
			for _, ro := range o.Roles {
				for _, ar := range ro.Agents {
					_ = a.RecoverResources(o.FrameworkID, ar.AgentID, ar.Resources, &mesos.Filters{RefuseSeconds: proto.Float64(1e9)}, false)
				}
			}
		}
		clock.Advance(time.Second)
	}
	start := time.Now()
	st, err := a.Snapshot()
	if err != nil {
		t.Fatal(err)
	}
	snap := time.Since(start)
	start = time.Now()
	b, _ := proto.Marshal(st)
	enc := time.Since(start)
	start = time.Now()
	st2 := &allocatorv1.State{}
	_ = proto.Unmarshal(b, st2)
	dec := time.Since(start)
	start = time.Now()
	if _, err := Restore(Config{Clock: clock, Seed: 1}, st2); err != nil {
		t.Fatal(err)
	}
	restore := time.Since(start)
	t.ReportMetric(float64(snap.Microseconds())/1000, "snapshot_ms")
	t.ReportMetric(float64(enc.Microseconds())/1000, "marshal_ms")
	t.ReportMetric(float64(len(b))/(1<<20), "snapshot_mb")
	t.ReportMetric(float64(dec.Microseconds())/1000, "unmarshal_ms")
	t.ReportMetric(float64(restore.Microseconds())/1000, "restore_ms")
}
