package allocator_test

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/asynkron/protoactor-go/actor"
	"google.golang.org/protobuf/proto"

	"github.com/mactor/mactor/actors/allocator"
	"github.com/mactor/mactor/actors/allocator/bench"
	"github.com/mactor/mactor/bridge/client"
	"github.com/mactor/mactor/internal/engine"
	"github.com/mactor/mactor/internal/resources"
	"github.com/mactor/mactor/internal/testutil"
	bridgev1 "github.com/mactor/mactor/messages/bridge/v1"
	"github.com/mactor/mactor/messages/mesos"
)

// BenchmarkEngineAllocator runs the allocator actor in a real engine (bbolt
// journal, bridge over loopback, Go client as the module) at DeclineOffers'
// size, 10,000 agents and 1,000 frameworks: the calls to add them, the time
// until every agent has been offered, the engine's resident memory, and the
// allocator's recovery when the engine starts again on the same data.
// Metrics: add_calls_per_s, all_offered_ms (after the last add is
// acknowledged), rss_mb, restart_ms (engine start until the allocator is
// ready).
func BenchmarkEngineAllocator(b *testing.B) {
	for range b.N {
		benchmarkEngineAllocator(b, 10000, 1000)
	}
}

func benchmarkEngineAllocator(b *testing.B, agents, frameworks int) {
	dir := b.TempDir()
	cfg := engine.Config{Listen: "127.0.0.1:0", HTTP: "127.0.0.1:0", DataDir: dir}
	e, err := engine.Start(cfg, nil)
	if err != nil {
		b.Fatal(err)
	}
	c := client.New(client.Config{Addr: e.BridgeAddr(), SessionID: "bench"})
	ctx, cancel := context.WithCancel(context.Background())
	var mu sync.Mutex
	offered := map[string]bool{}
	done := make(chan struct{})
	go func() {
		defer close(done)
		_ = c.Subscribe(ctx, client.SubscribeOptions{}, func(ev *bridgev1.Event) {
			mu.Lock()
			defer mu.Unlock()
			for _, rr := range ev.GetOffers().GetRoles() {
				for _, sr := range rr.GetSlaves() {
					offered[sr.GetSlaveId().GetValue()] = true
				}
			}
		})
	}()
	total := resources.MustParse("cpus:24;mem:4096;disk:4096;ports:[31000-32000]").ToProto()
	calls := []*bridgev1.Call{client.InitializeCall(&bridgev1.Call_Initialize{AllocationIntervalSeconds: 1, FilterGpuResources: true})}
	for i := range frameworks {
		id := fmt.Sprintf("framework-%04d", i)
		calls = append(calls, client.AddFrameworkCall(&bridgev1.Call_AddFramework{FrameworkId: &mesos.FrameworkID{Value: proto.String(id)}, Active: true,
			FrameworkInfo: &mesos.FrameworkInfo{User: proto.String("u"), Name: proto.String(id), Id: &mesos.FrameworkID{Value: proto.String(id)}, Roles: []string{"*"},
				Capabilities: []*mesos.FrameworkInfo_Capability{{Type: mesos.FrameworkInfo_Capability_MULTI_ROLE.Enum()}}}}))
	}
	for i := range agents {
		id := fmt.Sprintf("agent-%05d", i)
		calls = append(calls, client.AddSlaveCall(&bridgev1.Call_AddSlave{SlaveId: &mesos.SlaveID{Value: proto.String(id)},
			SlaveInfo:    &mesos.SlaveInfo{Hostname: proto.String(id), Id: &mesos.SlaveID{Value: proto.String(id)}},
			Capabilities: []*mesos.SlaveInfo_Capability{{Type: mesos.SlaveInfo_Capability_MULTI_ROLE.Enum()}}, Total: total}))
	}
	start := time.Now()
	pending := make([]*client.Pending, 0, len(calls))
	for _, call := range calls {
		p, err := c.Go(context.Background(), call)
		if err != nil {
			b.Fatal(err)
		}
		pending = append(pending, p)
	}
	for _, p := range pending {
		if _, err := p.Result(context.Background()); err != nil {
			b.Fatal(err)
		}
	}
	added := time.Since(start)
	last := time.Now()
	count := func() int {
		mu.Lock()
		defer mu.Unlock()
		return len(offered)
	}
	if !testutil.Poll(time.Minute, time.Millisecond, func() bool { return count() == agents }) {
		b.Fatalf("%d of %d agents offered", count(), agents)
	}
	allOffered := time.Since(last)
	rss := bench.ResidentMB()
	cancel()
	<-done
	_ = c.Close()
	e.Stop(context.Background())

	start = time.Now()
	e, err = engine.Start(cfg, nil)
	if err != nil {
		b.Fatal(err)
	}
	defer e.Stop(context.Background())
	var info allocator.ActorInfo
	for !info.Ready {
		got := make(chan allocator.ActorInfo, 1)
		e.System().Root.Send(actor.NewPID(e.System().Address(), "root/allocation/offers"), &allocator.Inspect{Reply: func(i allocator.ActorInfo) { got <- i }})
		info = <-got
	}
	restart := time.Since(start)
	b.ReportMetric(float64(len(calls))/added.Seconds(), "add_calls_per_s")
	b.ReportMetric(float64(allOffered.Microseconds())/1000, "all_offered_ms")
	b.ReportMetric(rss, "rss_mb")
	b.ReportMetric(float64(restart.Microseconds())/1000, "restart_ms")
	b.Logf("%d calls in %v; every agent offered %v after the last; engine RSS %.0f MB; restart %v (allocator: %d cycles, %d owners, journal %d)",
		len(calls), added, allOffered, rss, restart, info.Cycles, info.Owners, info.Journaled)
}
