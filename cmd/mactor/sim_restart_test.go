package main

import (
	"bytes"
	"net/http"
	"slices"
	"testing"
	"time"

	"google.golang.org/protobuf/proto"

	"github.com/mactor/mactor/internal/mesoshttp"
	"github.com/mactor/mactor/internal/testutil"
	mesosv1 "github.com/mactor/mactor/messages/mesos/v1"
	schedulerv1 "github.com/mactor/mactor/messages/mesos/v1/scheduler"
	"github.com/mactor/mactor/sim/cluster"
	"github.com/mactor/mactor/sim/master"
)

// TestSimEngineKillRestart runs a framework on the simulated cluster
// against `mactor serve` (a real process), kills the engine with SIGKILL
// while tasks run and offers flow, and starts it again on the same data
// and ports. The sim's module side resends what was not acknowledged and
// resubscribes; the framework gets offers again and every one of its
// tasks finishes; the engine still knows the framework and every agent.
func TestSimEngineKillRestart(t *testing.T) {
	const tasks, killAfter = 12, 4
	bin := binary(t)
	listen, status, data := freeAddr(t), freeAddr(t), t.TempDir()
	p := startServe(t, bin, listen, status, data)
	defer func() { p.stop(t) }()

	c, err := cluster.Start(cluster.Config{MasterListen: "127.0.0.1:0", Bridge: listen, Agents: 3, FakeTasks: true,
		FakeDuration: 300 * time.Millisecond, HeartbeatInterval: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()

	base := "http://" + c.MasterAddr() + "/api/v1/scheduler"
	resp, err := http.Post(base, "application/json", bytes.NewBufferString(`{"type":"SUBSCRIBE","subscribe":{"framework_info":{"user":"u","name":"restart","roles":["r"],"capabilities":[{"type":"MULTI_ROLE"}]}}}`))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	stream := resp.Header.Get(master.StreamIDHeader)
	post := func(call *schedulerv1.Call) {
		t.Helper()
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
	deadline := time.AfterFunc(90*time.Second, func() { resp.Body.Close() })
	defer deadline.Stop()

	r := mesoshttp.NewEventReader(resp.Body, mesoshttp.JSON, 0)
	var fw *mesosv1.FrameworkID
	launched, finished, killed := 0, 0, false
	for finished < tasks {
		ev := &schedulerv1.Event{}
		if err := r.Read(ev); err != nil {
			t.Fatalf("stream: %v (launched %d, finished %d, engine killed %v)", err, launched, finished, killed)
		}
		switch ev.GetType() {
		case schedulerv1.Event_SUBSCRIBED:
			fw = ev.GetSubscribed().GetFrameworkId()
		case schedulerv1.Event_OFFERS:
			for _, o := range ev.GetOffers().GetOffers() {
				if launched == tasks {
					post(&schedulerv1.Call{Type: schedulerv1.Call_DECLINE.Enum(), FrameworkId: fw, Decline: &schedulerv1.Call_Decline{OfferIds: []*mesosv1.OfferID{o.GetId()}}})
					continue
				}
				launched++
				task := &mesosv1.TaskInfo{Name: proto.String("t"), TaskId: &mesosv1.TaskID{Value: proto.String(o.GetId().GetValue() + "-task")}, AgentId: o.GetAgentId(),
					Resources: []*mesosv1.Resource{{Name: proto.String("cpus"), Type: mesosv1.Value_SCALAR.Enum(), Scalar: &mesosv1.Value_Scalar{Value: proto.Float64(1)}}},
					Command:   &mesosv1.CommandInfo{Value: proto.String("true")}}
				post(&schedulerv1.Call{Type: schedulerv1.Call_ACCEPT.Enum(), FrameworkId: fw, Accept: &schedulerv1.Call_Accept{
					OfferIds:   []*mesosv1.OfferID{o.GetId()},
					Operations: []*mesosv1.Offer_Operation{{Type: mesosv1.Offer_Operation_LAUNCH.Enum(), Launch: &mesosv1.Offer_Operation_Launch{TaskInfos: []*mesosv1.TaskInfo{task}}}},
					Filters:    &mesosv1.Filters{RefuseSeconds: proto.Float64(0)},
				}})
			}
			if launched >= killAfter && !killed {
				// Tasks are running and their ends are still to be
				// reported to the allocator: kill the engine now.
				killed = true
				p.kill(t)
				p = startServe(t, bin, listen, status, data)
			}
		case schedulerv1.Event_UPDATE:
			st := ev.GetUpdate().GetStatus()
			switch st.GetState() {
			case mesosv1.TaskState_TASK_FINISHED:
				finished++
			case mesosv1.TaskState_TASK_RUNNING, mesosv1.TaskState_TASK_STARTING:
			default:
				t.Fatalf("update %v", st)
			}
			post(&schedulerv1.Call{Type: schedulerv1.Call_ACKNOWLEDGE.Enum(), FrameworkId: fw, Acknowledge: &schedulerv1.Call_Acknowledge{AgentId: st.GetAgentId(), TaskId: st.GetTaskId(), Uuid: st.GetUuid()}})
		}
	}
	if !killed {
		t.Fatal("the engine was never killed")
	}
	// The engine, restarted, knows the framework and every agent, and its
	// allocator holds nothing for the framework but offers.
	agents := c.Master().Snapshot().Agents
	testutil.Eventually(t, 20*time.Second, func() bool {
		var st struct {
			Frameworks []string `json:"frameworks"`
			Agents     []string `json:"agents"`
		}
		p.get(t, "/state", &st)
		if !slices.Contains(st.Frameworks, fw.GetValue()) || len(st.Agents) != len(agents) {
			return false
		}
		for _, a := range agents {
			if !slices.Contains(st.Agents, a.ID) {
				return false
			}
		}
		return true
	}, "engine knows the framework and every agent after the restart")
	sim := c.Master().Snapshot()
	if len(sim.Frameworks) != 1 || len(sim.Frameworks[0].Tasks) != tasks {
		t.Fatalf("sim state %+v", sim)
	}
	for _, task := range sim.Frameworks[0].Tasks {
		if task.State != "TASK_FINISHED" {
			t.Fatalf("task %+v", task)
		}
	}
}
