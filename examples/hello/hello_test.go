package main

import (
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/asynkron/protoactor-go/actor"
	"go.uber.org/goleak"
	"go.uber.org/zap/zaptest"
	"google.golang.org/protobuf/proto"

	"github.com/mactor/mactor/actors/scheduler"
	"github.com/mactor/mactor/internal/mesoshttp"
	mesosv1 "github.com/mactor/mactor/messages/mesos/v1"
	schedulerv1 "github.com/mactor/mactor/messages/mesos/v1/scheduler"
)

func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m, goleak.IgnoreAnyFunction("github.com/asynkron/protoactor-go/actor.NewDeadLetter.NewThrottle.func4.1"))
}

// miniMaster offers one agent's resources at a time and runs every
// launched task to TASK_FINISHED, as a Mesos master and agent would.
type miniMaster struct {
	mu       sync.Mutex
	calls    []*schedulerv1.Call
	launched chan *mesosv1.TaskInfo
}

func (m *miniMaster) serve(w http.ResponseWriter, r *http.Request) {
	enc, _ := mesoshttp.EncodingOf(r.Header.Get("Content-Type"))
	body, _ := io.ReadAll(r.Body)
	call := &schedulerv1.Call{}
	if err := enc.Unmarshal(body, call); err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	m.mu.Lock()
	m.calls = append(m.calls, call)
	m.mu.Unlock()
	if call.GetType() != schedulerv1.Call_SUBSCRIBE {
		for _, op := range call.GetAccept().GetOperations() {
			for _, t := range op.GetLaunch().GetTaskInfos() {
				m.launched <- t
			}
		}
		w.WriteHeader(http.StatusAccepted)
		return
	}
	sub := call.GetSubscribe().GetFrameworkInfo()
	if sub.GetRoles()[0] != "hello_world_role" || sub.GetCapabilities()[0].GetType() != mesosv1.FrameworkInfo_Capability_MULTI_ROLE {
		http.Error(w, "want role hello_world_role with MULTI_ROLE", http.StatusBadRequest)
		return
	}
	w.Header().Set("Content-Type", enc.ContentType())
	w.Header().Set(mesoshttp.HeaderStreamID, "0b4b1e9a-2f0e-4d55-9c1a-6f7e8d9c0b1a")
	ev := mesoshttp.NewEventWriter(w, enc)
	fid := &mesosv1.FrameworkID{Value: proto.String("hello-fw")}
	_ = ev.Write(&schedulerv1.Event{Type: schedulerv1.Event_SUBSCRIBED.Enum(), Subscribed: &schedulerv1.Event_Subscribed{FrameworkId: fid}})
	for i := 1; ; i++ {
		offer := &mesosv1.Offer{
			Id:          &mesosv1.OfferID{Value: proto.String("O" + string(rune('0'+i)))},
			FrameworkId: fid,
			AgentId:     &mesosv1.AgentID{Value: proto.String("S1")},
			Hostname:    proto.String("agent-1"),
			Resources: []*mesosv1.Resource{
				scalarResource("cpus", 1), scalarResource("mem", 128),
			},
		}
		_ = ev.Write(&schedulerv1.Event{Type: schedulerv1.Event_OFFERS.Enum(), Offers: &schedulerv1.Event_Offers{Offers: []*mesosv1.Offer{offer}}})
		select {
		case t := <-m.launched:
			for j, state := range []mesosv1.TaskState{mesosv1.TaskState_TASK_RUNNING, mesosv1.TaskState_TASK_FINISHED} {
				_ = ev.Write(&schedulerv1.Event{Type: schedulerv1.Event_UPDATE.Enum(), Update: &schedulerv1.Event_Update{Status: &mesosv1.TaskStatus{
					TaskId: t.GetTaskId(), State: state.Enum(), AgentId: t.GetAgentId(), Uuid: []byte{byte(i), byte(j)},
				}}})
			}
		case <-r.Context().Done():
			return
		case <-time.After(5 * time.Second):
			return
		}
	}
}

func scalarResource(name string, v float64) *mesosv1.Resource {
	return &mesosv1.Resource{
		Name: proto.String(name), Type: mesosv1.Value_SCALAR.Enum(),
		Scalar:         &mesosv1.Value_Scalar{Value: proto.Float64(v)},
		AllocationInfo: &mesosv1.Resource_AllocationInfo{Role: proto.String("hello_world_role")},
	}
}

// TestHello runs the framework until it has launched and seen the end of
// three tasks, and checks that it tore itself down.
func TestHello(t *testing.T) {
	m := &miniMaster{launched: make(chan *mesosv1.TaskInfo, 1)}
	srv := httptest.NewServer(http.HandlerFunc(m.serve))
	defer srv.Close()
	s := &settings{tasks: 3, command: "echo hello", cpus: 0.5, mem: 32, log: zaptest.NewLogger(t)}
	system := actor.NewActorSystem(actor.WithLoggerFactory(func(*actor.ActorSystem) *slog.Logger { return slog.New(slog.DiscardHandler) }),
		actor.WithDeadLetterThrottleInterval(10*time.Millisecond))
	d, err := scheduler.Start(system, scheduler.Config{
		Masters:   []string{srv.URL},
		Framework: &mesosv1.FrameworkInfo{User: proto.String("u"), Name: proto.String("HelloWorld Framework"), Roles: []string{"hello_world_role"}, Capabilities: []*mesosv1.FrameworkInfo_Capability{{Type: mesosv1.FrameworkInfo_Capability_MULTI_ROLE.Enum()}}},
		New:       newHello(s),
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := d.Join(); err != nil {
		t.Fatalf("Join() = %v", err)
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	var launches, acks, teardowns int
	for _, c := range m.calls {
		switch c.GetType() {
		case schedulerv1.Call_ACCEPT:
			launches++
			task := c.GetAccept().GetOperations()[0].GetLaunch().GetTaskInfos()[0]
			if task.GetCommand().GetValue() != "echo hello" || task.GetResources()[0].GetAllocationInfo().GetRole() != "hello_world_role" {
				t.Errorf("task %v", task)
			}
		case schedulerv1.Call_ACKNOWLEDGE:
			acks++
		case schedulerv1.Call_TEARDOWN:
			teardowns++
		}
	}
	if launches != 3 || acks != 6 || teardowns != 1 || s.failed.Load() != 0 {
		t.Fatalf("launches %d, acks %d, teardowns %d, failed %d", launches, acks, teardowns, s.failed.Load())
	}
}

func TestTake(t *testing.T) {
	offer := &mesosv1.Offer{Resources: []*mesosv1.Resource{scalarResource("cpus", 0.5), scalarResource("cpus", 1), scalarResource("mem", 64)}}
	if got := take(offer, "cpus", 1.2); len(got) != 2 || got[1].GetScalar().GetValue() < 0.69 || got[1].GetScalar().GetValue() > 0.71 {
		t.Fatalf("take cpus 1.2 = %v", got)
	}
	if got := take(offer, "mem", 65); got != nil {
		t.Fatalf("take more mem than offered = %v", got)
	}
	if scalar(offer, "cpus") != 1.5 {
		t.Fatal("scalar")
	}
}
