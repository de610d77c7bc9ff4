package engine

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"google.golang.org/protobuf/proto"

	"github.com/mactor/mactor/bridge/client"
	"github.com/mactor/mactor/internal/testutil"
	bridgev1 "github.com/mactor/mactor/messages/bridge/v1"
	"github.com/mactor/mactor/messages/mesos"
)

// TestInitializeIsABarrier sends, as a master starting up does, INITIALIZE
// and right behind it (in the same batches) the agents and a framework.
// They go to different owners; if the allocator heard of an agent before
// INITIALIZE, the initialization would forget it and the agent would never
// be offered. Every agent must be offered, in every round.
func TestInitializeIsABarrier(t *testing.T) {
	const agents, rounds = 4, 5
	for round := range rounds {
		t.Run(fmt.Sprintf("round %d", round), func(t *testing.T) {
			e, err := Start(Config{Listen: "127.0.0.1:0", HTTP: "127.0.0.1:0", DataDir: t.TempDir()}, nil)
			if err != nil {
				t.Fatal(err)
			}
			defer e.Stop(context.Background())
			c := client.New(client.Config{Addr: e.BridgeAddr(), SessionID: "barrier", BackoffInitial: 10 * time.Millisecond, BackoffMax: 100 * time.Millisecond})
			defer c.Close()
			ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
			defer cancel()

			var mu sync.Mutex
			offered := map[string]bool{}
			subDone := make(chan struct{})
			go func() {
				defer close(subDone)
				_ = c.Subscribe(ctx, client.SubscribeOptions{MasterID: "m"}, func(ev *bridgev1.Event) {
					mu.Lock()
					defer mu.Unlock()
					for _, rr := range ev.GetOffers().GetRoles() {
						for _, sr := range rr.GetSlaves() {
							offered[sr.GetSlaveId().GetValue()] = true
						}
					}
				})
			}()
			defer func() { cancel(); <-subDone }()
			testutil.Eventually(t, 10*time.Second, func() bool { return e.Bridge().Hub().Subscribed() }, "subscribed")

			calls := []*bridgev1.Call{client.InitializeCall(&bridgev1.Call_Initialize{AllocationIntervalSeconds: 0.2})}
			for i := range agents {
				id := fmt.Sprintf("a%d", i)
				calls = append(calls, client.AddSlaveCall(&bridgev1.Call_AddSlave{
					SlaveId:   &mesos.SlaveID{Value: proto.String(id)},
					SlaveInfo: &mesos.SlaveInfo{Hostname: proto.String(id), Id: &mesos.SlaveID{Value: proto.String(id)}},
					Total:     []*mesos.Resource{{Name: proto.String("cpus"), Type: mesos.Value_SCALAR.Enum(), Scalar: &mesos.Value_Scalar{Value: proto.Float64(4)}}},
				}))
			}
			calls = append(calls, client.AddFrameworkCall(&bridgev1.Call_AddFramework{
				FrameworkId:   &mesos.FrameworkID{Value: proto.String("f")},
				FrameworkInfo: &mesos.FrameworkInfo{User: proto.String("u"), Name: proto.String("f"), Id: &mesos.FrameworkID{Value: proto.String("f")}},
				Active:        true,
			}))
			var pending []*client.Pending
			for _, call := range calls {
				p, err := c.Go(ctx, call)
				if err != nil {
					t.Fatal(err)
				}
				pending = append(pending, p)
			}
			for _, p := range pending {
				if _, err := p.Result(ctx); err != nil {
					t.Fatal(err)
				}
			}
			testutil.Eventually(t, 10*time.Second, func() bool {
				mu.Lock()
				defer mu.Unlock()
				return len(offered) == agents
			}, "every agent offered")
		})
	}
}
