package master_test

import (
	"net/http"
	"testing"
	"time"

	"google.golang.org/protobuf/proto"

	"github.com/mactor/mactor/internal/mesoshttp"
	"github.com/mactor/mactor/internal/testutil"
	mesosv1 "github.com/mactor/mactor/messages/mesos/v1"
	schedulerv1 "github.com/mactor/mactor/messages/mesos/v1/scheduler"
	"github.com/mactor/mactor/sim/master"
)

// running subscribes a framework and launches task t1 on agent a1.
func running(t *testing.T, fx *fixture) (*sub, *mesosv1.FrameworkID, map[string]string) {
	t.Helper()
	fx.m.AddAgent(agentInfo("a1"))
	s := fx.subscribe(t, mesoshttp.JSON, frameworkInfo(), nil)
	fw := s.next(t).GetSubscribed().GetFrameworkId()
	hdr := map[string]string{master.StreamIDHeader: s.stream}
	if err := fx.m.Offer(fw.GetValue(), master.Allocation{"r": {"a1": {scalar("cpus", 1)}}}); err != nil {
		t.Fatal(err)
	}
	o := s.next(t).GetOffers().GetOffers()[0]
	task := &mesosv1.TaskInfo{Name: proto.String("t"), TaskId: &mesosv1.TaskID{Value: proto.String("t1")}, AgentId: o.GetAgentId(), Resources: []*mesosv1.Resource{scalar("cpus", 1)}}
	fx.post(t, mesoshttp.JSON, &schedulerv1.Call{Type: schedulerv1.Call_ACCEPT.Enum(), FrameworkId: fw, Accept: &schedulerv1.Call_Accept{
		OfferIds:   []*mesosv1.OfferID{o.GetId()},
		Operations: []*mesosv1.Offer_Operation{{Type: mesosv1.Offer_Operation_LAUNCH.Enum(), Launch: &mesosv1.Offer_Operation_Launch{TaskInfos: []*mesosv1.TaskInfo{task}}}},
	}}, hdr).Body.Close()
	testutil.Eventually(t, 5*time.Second, func() bool { return len(fx.l.launched()) == 1 }, "launched")
	if err := fx.m.Update(fw.GetValue(), &mesosv1.TaskStatus{TaskId: task.TaskId, AgentId: o.GetAgentId(), State: mesosv1.TaskState_TASK_RUNNING.Enum()}); err != nil {
		t.Fatal(err)
	}
	if st := s.next(t).GetUpdate().GetStatus(); st.GetState() != mesosv1.TaskState_TASK_RUNNING {
		t.Fatalf("update %v", st)
	}
	return s, fw, hdr
}

func TestTaskCalls(t *testing.T) {
	tid := func(v string) *mesosv1.TaskID { return &mesosv1.TaskID{Value: proto.String(v)} }
	tests := []struct {
		name       string
		call       func(fw *mesosv1.FrameworkID) *schedulerv1.Call
		wantState  mesosv1.TaskState // of the next UPDATE
		wantReason mesosv1.TaskStatus_Reason
		wantKill   bool
	}{
		{name: "kill unknown task", call: func(fw *mesosv1.FrameworkID) *schedulerv1.Call {
			return &schedulerv1.Call{Type: schedulerv1.Call_KILL.Enum(), FrameworkId: fw, Kill: &schedulerv1.Call_Kill{TaskId: tid("nope")}}
		}, wantState: mesosv1.TaskState_TASK_LOST, wantReason: mesosv1.TaskStatus_REASON_RECONCILIATION},
		{name: "kill running task", call: func(fw *mesosv1.FrameworkID) *schedulerv1.Call {
			return &schedulerv1.Call{Type: schedulerv1.Call_KILL.Enum(), FrameworkId: fw, Kill: &schedulerv1.Call_Kill{TaskId: tid("t1")}}
		}, wantKill: true},
		{name: "reconcile all", call: func(fw *mesosv1.FrameworkID) *schedulerv1.Call {
			return &schedulerv1.Call{Type: schedulerv1.Call_RECONCILE.Enum(), FrameworkId: fw, Reconcile: &schedulerv1.Call_Reconcile{}}
		}, wantState: mesosv1.TaskState_TASK_RUNNING, wantReason: mesosv1.TaskStatus_REASON_RECONCILIATION},
		{name: "reconcile unknown", call: func(fw *mesosv1.FrameworkID) *schedulerv1.Call {
			return &schedulerv1.Call{Type: schedulerv1.Call_RECONCILE.Enum(), FrameworkId: fw, Reconcile: &schedulerv1.Call_Reconcile{Tasks: []*schedulerv1.Call_Reconcile_Task{{TaskId: tid("nope")}}}}
		}, wantState: mesosv1.TaskState_TASK_LOST, wantReason: mesosv1.TaskStatus_REASON_RECONCILIATION},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fx := newFixture(t, master.Config{UpdateRetry: time.Hour})
			s, fw, hdr := running(t, fx)
			resp := fx.post(t, mesoshttp.JSON, tt.call(fw), hdr)
			resp.Body.Close()
			if resp.StatusCode != http.StatusAccepted {
				t.Fatalf("status %d", resp.StatusCode)
			}
			if tt.wantKill {
				testutil.Eventually(t, 5*time.Second, func() bool { return len(fx.l.kills()) == 1 }, "agent asked to kill")
				return
			}
			st := s.next(t).GetUpdate().GetStatus()
			if st.GetState() != tt.wantState || st.GetReason() != tt.wantReason {
				t.Fatalf("update %v", st)
			}
			if tt.wantReason == mesosv1.TaskStatus_REASON_RECONCILIATION && st.Uuid != nil {
				t.Fatalf("reconciliation update with a uuid: %v", st)
			}
		})
	}
}

func TestTeardown(t *testing.T) {
	fx := newFixture(t, master.Config{})
	s, fw, hdr := running(t, fx)
	resp := fx.post(t, mesoshttp.JSON, &schedulerv1.Call{Type: schedulerv1.Call_TEARDOWN.Enum(), FrameworkId: fw}, hdr)
	resp.Body.Close()
	if resp.StatusCode != http.StatusAccepted {
		t.Fatalf("TEARDOWN: %d", resp.StatusCode)
	}
	testutil.Eventually(t, 5*time.Second, func() bool { return fx.mod.has("removeFramework") && len(fx.l.kills()) == 1 }, "removed, task killed")
	for range s.events { // the stream ends
	}
	st := fx.m.Snapshot()
	if len(st.Frameworks) != 0 || len(st.CompletedFrameworks) != 1 || st.CompletedFrameworks[0].Tasks[0].State != "TASK_KILLED" {
		t.Fatalf("state %+v", st)
	}
}

func TestRescindAndOffersToDisconnected(t *testing.T) {
	fx := newFixture(t, master.Config{})
	fx.m.AddAgent(agentInfo("a1"))
	s := fx.subscribe(t, mesoshttp.JSON, frameworkInfo(), nil)
	fw := s.next(t).GetSubscribed().GetFrameworkId()
	if err := fx.m.Offer(fw.GetValue(), master.Allocation{"r": {"a1": {scalar("cpus", 1)}}}); err != nil {
		t.Fatal(err)
	}
	o := s.next(t).GetOffers().GetOffers()[0]
	fx.m.Rescind("a1")
	if ev := s.next(t); ev.GetType() != schedulerv1.Event_RESCIND || ev.GetRescind().GetOfferId().GetValue() != o.GetId().GetValue() {
		t.Fatalf("want RESCIND, got %v", ev)
	}
	s.resp.Body.Close()
	testutil.Eventually(t, 5*time.Second, func() bool { return fx.mod.has("deactivateFramework") }, "deactivated")
	if err := fx.m.Offer(fw.GetValue(), master.Allocation{"r": {"a1": {scalar("cpus", 1)}}}); err != nil {
		t.Fatal(err)
	}
	if !fx.mod.has("recoverResources") {
		t.Fatal("offers to a disconnected framework were not recovered")
	}
	if err := fx.m.Offer("unknown", master.Allocation{}); err == nil {
		t.Fatal("offer to an unknown framework: no error")
	}
}
