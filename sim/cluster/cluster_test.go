package cluster_test

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"testing"
	"time"

	"google.golang.org/protobuf/proto"

	"github.com/mactor/mactor/actors/hooks"
	"github.com/mactor/mactor/internal/mesoshttp"
	bridgev1 "github.com/mactor/mactor/messages/bridge/v1"
	"github.com/mactor/mactor/messages/mesos"
	mesosv1 "github.com/mactor/mactor/messages/mesos/v1"
	schedulerv1 "github.com/mactor/mactor/messages/mesos/v1/scheduler"
	"github.com/mactor/mactor/sim/cluster"
	"github.com/mactor/mactor/sim/master"
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
			base := "http://" + c.MasterAddr() + "/api/v1/scheduler"

			resp, err := http.Post(base, "application/json", bytes.NewBufferString(`{"type":"SUBSCRIBE","subscribe":{"framework_info":{"user":"u","name":"raw","roles":["r"],"capabilities":[{"type":"MULTI_ROLE"}]}}}`))
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			stream := resp.Header.Get(master.StreamIDHeader)
			r := mesoshttp.NewEventReader(resp.Body, mesoshttp.JSON, 0)
			post := func(call *schedulerv1.Call) {
				b, _ := mesoshttp.JSON.Marshal(call)
				req, _ := http.NewRequest(http.MethodPost, base, bytes.NewReader(b))
				req.Header.Set("Content-Type", "application/json")
				req.Header.Set(master.StreamIDHeader, stream)
				res, err := http.DefaultClient.Do(req)
				if err != nil {
					t.Fatal(err)
				}
				res.Body.Close()
				if res.StatusCode != http.StatusAccepted {
					t.Fatalf("%s: %d", call.GetType(), res.StatusCode)
				}
			}
			var fw *mesosv1.FrameworkID
			launched, finished := 0, 0
			deadline := time.AfterFunc(20*time.Second, func() { resp.Body.Close() })
			defer deadline.Stop()
			for finished < 3 {
				ev := &schedulerv1.Event{}
				if err := r.Read(ev); err != nil {
					t.Fatalf("stream: %v (finished %d)", err, finished)
				}
				switch ev.GetType() {
				case schedulerv1.Event_SUBSCRIBED:
					fw = ev.GetSubscribed().GetFrameworkId()
				case schedulerv1.Event_OFFERS:
					for i, o := range ev.GetOffers().GetOffers() {
						if launched == 3 {
							post(&schedulerv1.Call{Type: schedulerv1.Call_DECLINE.Enum(), FrameworkId: fw, Decline: &schedulerv1.Call_Decline{OfferIds: []*mesosv1.OfferID{o.GetId()}}})
							continue
						}
						launched++
						task := &mesosv1.TaskInfo{Name: proto.String("hello"), TaskId: &mesosv1.TaskID{Value: proto.String(o.GetId().GetValue() + "-t" + string(rune('0'+i)))}, AgentId: o.GetAgentId(),
							Resources: []*mesosv1.Resource{{Name: proto.String("cpus"), Type: mesosv1.Value_SCALAR.Enum(), Scalar: &mesosv1.Value_Scalar{Value: proto.Float64(0.1)}}},
							Command:   &mesosv1.CommandInfo{Value: proto.String(hookedCommand)}}
						post(&schedulerv1.Call{Type: schedulerv1.Call_ACCEPT.Enum(), FrameworkId: fw, Accept: &schedulerv1.Call_Accept{
							OfferIds:   []*mesosv1.OfferID{o.GetId()},
							Operations: []*mesosv1.Offer_Operation{{Type: mesosv1.Offer_Operation_LAUNCH.Enum(), Launch: &mesosv1.Offer_Operation_Launch{TaskInfos: []*mesosv1.TaskInfo{task}}}},
						}})
					}
				case schedulerv1.Event_UPDATE:
					st := ev.GetUpdate().GetStatus()
					if st.GetState() == mesosv1.TaskState_TASK_FINISHED {
						finished++
					} else if st.GetState() != mesosv1.TaskState_TASK_RUNNING {
						t.Fatalf("update %v", st)
					}
					post(&schedulerv1.Call{Type: schedulerv1.Call_ACKNOWLEDGE.Enum(), FrameworkId: fw, Acknowledge: &schedulerv1.Call_Acknowledge{AgentId: st.GetAgentId(), TaskId: st.GetTaskId(), Uuid: st.GetUuid()}})
				}
			}
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
