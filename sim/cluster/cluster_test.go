package cluster_test

import (
	"context"
	"encoding/json"
	"net/http"
	"testing"
	"time"

	"google.golang.org/protobuf/proto"

	"github.com/mactor/mactor/actors/hooks"
	bridgev1 "github.com/mactor/mactor/messages/bridge/v1"
	"github.com/mactor/mactor/messages/mesos"
	"github.com/mactor/mactor/sim/cluster"
	"github.com/mactor/mactor/sim/master"
	"github.com/mactor/mactor/sim/simtest"
)

type policy struct{ hooks.NoChange }

func (policy) MasterLaunchTaskLabelDecorator(context.Context, *bridgev1.Call_MasterLaunchTaskLabelDecorator) (*mesos.Labels, error) {
	return &mesos.Labels{Labels: []*mesos.Label{{Key: proto.String("team"), Value: proto.String("sim")}}}, nil
}

func (policy) SlaveExecutorEnvironmentDecorator(context.Context, *bridgev1.Call_SlaveExecutorEnvironmentDecorator) (*mesos.Environment, error) {
	return &mesos.Environment{Variables: []*mesos.Environment_Variable{{Name: proto.String("SIM_HOOK"), Value: proto.String("from-policy")}}}, nil
}

// hookedCommand finishes only when the environment hook's variable is in
// the task's environment.
const hookedCommand = `test "$SIM_HOOK" = from-policy && echo hello from $MESOS_TASK_ID`

// TestCluster runs three agents with real command tasks against a real
// engine: a JSON-only scheduler (no Accept header) subscribes, takes the
// offers the allocator makes, launches three tasks (declining the offers
// beyond them), acknowledges every update, and
// /state shows the tasks finished with the launch hook's label. The
// command tasks finish only if they see the environment hook's variable.
func TestCluster(t *testing.T) {
	for _, fake := range []bool{false, true} {
		t.Run(map[bool]string{false: "command tasks", true: "fake tasks"}[fake], func(t *testing.T) {
			e := startEngine(t)
			c, err := cluster.Start(cluster.Config{MasterListen: "127.0.0.1:0", Bridge: e.BridgeAddr(), Agents: 3, FakeTasks: fake, FakeDuration: 10 * time.Millisecond, HeartbeatInterval: time.Second})
			if err != nil {
				t.Fatal(err)
			}
			defer c.Close()
			waitAgents(t, e, 3)
			simtest.Subscribe(t, c.MasterAddr(), "raw", "r", 20*time.Second).RunTasks(3, 0.1, hookedCommand, nil)
			sr, err := http.Get("http://" + c.MasterAddr() + "/state")
			if err != nil {
				t.Fatal(err)
			}
			defer sr.Body.Close()
			var state master.State
			if err := json.NewDecoder(sr.Body).Decode(&state); err != nil {
				t.Fatal(err)
			}
			if len(state.Agents) != 3 || len(state.Frameworks) != 1 || len(state.Frameworks[0].Tasks) != 3 {
				t.Fatalf("state %+v", state)
			}
			for _, task := range state.Frameworks[0].Tasks {
				if task.State != "TASK_FINISHED" || task.Labels["team"] != "sim" {
					t.Fatalf("task %+v", task)
				}
			}
		})
	}
}
