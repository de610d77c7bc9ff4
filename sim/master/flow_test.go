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

func TestOfferAcceptUpdateAcknowledge(t *testing.T) {
	fx := newFixture(t, master.Config{UpdateRetry: 20 * time.Millisecond})
	fx.m.AddAgent(agentInfo("a1"))
	s := fx.subscribe(t, mesoshttp.Protobuf, frameworkInfo(), map[string]string{"Accept": mesoshttp.ContentTypeProtobuf})
	fw := s.next(t).GetSubscribed().GetFrameworkId()
	hdr := map[string]string{master.StreamIDHeader: s.stream}

	if err := fx.m.Offer(fw.GetValue(), master.Allocation{"r": {"a1": {scalar("cpus", 4), scalar("mem", 1024)}}}); err != nil {
		t.Fatal(err)
	}
	ev := s.next(t)
	if ev.GetType() != schedulerv1.Event_OFFERS || len(ev.GetOffers().GetOffers()) != 1 {
		t.Fatalf("want one offer, got %v", ev)
	}
	o := ev.GetOffers().GetOffers()[0]
	if o.GetHostname() != "host-a1" || o.GetAllocationInfo().GetRole() != "r" || o.GetResources()[0].GetAllocationInfo().GetRole() != "r" ||
		o.GetUrl().GetAddress().GetIp() == "" || o.GetUrl().GetAddress().GetPort() != 5051 {
		t.Fatalf("offer %v", o)
	}
	task := &mesosv1.TaskInfo{Name: proto.String("t"), TaskId: &mesosv1.TaskID{Value: proto.String("t1")}, AgentId: o.GetAgentId(),
		Resources: []*mesosv1.Resource{scalar("cpus", 1), scalar("mem", 128)}}
	accept := &schedulerv1.Call{Type: schedulerv1.Call_ACCEPT.Enum(), FrameworkId: fw, Accept: &schedulerv1.Call_Accept{
		OfferIds:   []*mesosv1.OfferID{o.GetId()},
		Operations: []*mesosv1.Offer_Operation{{Type: mesosv1.Offer_Operation_LAUNCH.Enum(), Launch: &mesosv1.Offer_Operation_Launch{TaskInfos: []*mesosv1.TaskInfo{task}}}},
	}}
	if resp := fx.post(t, mesoshttp.Protobuf, accept, hdr); resp.StatusCode != http.StatusAccepted {
		t.Fatalf("ACCEPT: %d", resp.StatusCode)
	} else {
		resp.Body.Close()
	}
	testutil.Eventually(t, 5*time.Second, func() bool { return len(fx.l.launched()) == 1 }, "task launched")
	if l := fx.l.launched()[0].GetLabels().GetLabels(); len(l) != 1 || l[0].GetKey() != "hooked" {
		t.Fatalf("labels of the launched task: %v", l)
	}
	for _, c := range []string{"masterLaunchTaskLabelDecorator", "transitionOfferedToAllocated", "recoverResources"} {
		if !fx.mod.has(c) {
			t.Fatalf("no %s in %v", c, fx.mod.calls)
		}
	}
	// The same offer again: the task is dropped.
	task2 := proto.Clone(task).(*mesosv1.TaskInfo)
	task2.TaskId.Value = proto.String("t2")
	accept.Accept.Operations[0].Launch.TaskInfos = []*mesosv1.TaskInfo{task2}
	fx.post(t, mesoshttp.Protobuf, accept, hdr).Body.Close()
	if ev := s.next(t); ev.GetUpdate().GetStatus().GetState() != mesosv1.TaskState_TASK_DROPPED {
		t.Fatalf("reused offer: %v", ev)
	}

	if err := fx.m.Update(fw.GetValue(), &mesosv1.TaskStatus{TaskId: task.TaskId, State: mesosv1.TaskState_TASK_FINISHED.Enum()}); err != nil {
		t.Fatal(err)
	}
	first := s.next(t).GetUpdate().GetStatus()
	if first.GetState() != mesosv1.TaskState_TASK_FINISHED || len(first.GetUuid()) != 16 {
		t.Fatalf("update %v", first)
	}
	// Not acknowledged: it comes again, with the same uuid.
	if again := s.next(t).GetUpdate().GetStatus(); !proto.Equal(again, first) {
		t.Fatalf("resent %v, want %v", again, first)
	}
	ack := &schedulerv1.Call{Type: schedulerv1.Call_ACKNOWLEDGE.Enum(), FrameworkId: fw, Acknowledge: &schedulerv1.Call_Acknowledge{AgentId: o.GetAgentId(), TaskId: task.TaskId, Uuid: first.GetUuid()}}
	fx.post(t, mesoshttp.Protobuf, ack, hdr).Body.Close()
	st := fx.m.Snapshot()
	if len(st.Frameworks) != 1 || st.Frameworks[0].Tasks[0].State != "TASK_FINISHED" || st.Frameworks[0].Tasks[0].Labels["hooked"] != "yes" {
		t.Fatalf("state %+v", st)
	}
}

func TestDeclineRecoversWithFilters(t *testing.T) {
	fx := newFixture(t, master.Config{})
	fx.m.AddAgent(agentInfo("a1"))
	s := fx.subscribe(t, mesoshttp.JSON, frameworkInfo(), nil)
	fw := s.next(t).GetSubscribed().GetFrameworkId()
	if err := fx.m.Offer(fw.GetValue(), master.Allocation{"r": {"a1": {scalar("cpus", 2)}}}); err != nil {
		t.Fatal(err)
	}
	o := s.next(t).GetOffers().GetOffers()[0]
	decline := &schedulerv1.Call{Type: schedulerv1.Call_DECLINE.Enum(), FrameworkId: fw, Decline: &schedulerv1.Call_Decline{OfferIds: []*mesosv1.OfferID{o.GetId()}}}
	resp := fx.post(t, mesoshttp.JSON, decline, map[string]string{master.StreamIDHeader: s.stream})
	resp.Body.Close()
	if resp.StatusCode != http.StatusAccepted || !fx.mod.has("recoverResources") {
		t.Fatalf("DECLINE: %d, calls %v", resp.StatusCode, fx.mod.calls)
	}
}

func TestFailover(t *testing.T) {
	fx := newFixture(t, master.Config{})
	info := frameworkInfo()
	info.FailoverTimeout = proto.Float64(0.05)
	old := fx.subscribe(t, mesoshttp.JSON, info, nil)
	fw := old.next(t).GetSubscribed().GetFrameworkId()

	// A second SUBSCRIBE with the id takes over: the old stream gets ERROR.
	info.Id = fw
	s := fx.subscribe(t, mesoshttp.JSON, info, nil)
	if ev := s.next(t); ev.GetSubscribed().GetFrameworkId().GetValue() != fw.GetValue() {
		t.Fatalf("resubscribed %v", ev)
	}
	if ev := old.next(t); ev.GetType() != schedulerv1.Event_ERROR {
		t.Fatalf("old stream got %v", ev)
	}
	if !fx.mod.has("updateFramework") {
		t.Fatal("no updateFramework on failover")
	}
	// The old stream id is refused.
	revive := &schedulerv1.Call{Type: schedulerv1.Call_REVIVE.Enum(), FrameworkId: fw, Revive: &schedulerv1.Call_Revive{}}
	resp := fx.post(t, mesoshttp.JSON, revive, map[string]string{master.StreamIDHeader: old.stream})
	resp.Body.Close()
	if resp.StatusCode != http.StatusBadRequest {
		t.Fatalf("old stream id: %d", resp.StatusCode)
	}

	// The scheduler goes away: 403 until the failover timeout removes it.
	s.resp.Body.Close()
	testutil.Eventually(t, 5*time.Second, func() bool { return fx.mod.has("deactivateFramework") }, "deactivated")
	testutil.Eventually(t, 5*time.Second, func() bool { return fx.mod.has("removeFramework") }, "removed after the failover timeout")
	resp = fx.post(t, mesoshttp.JSON, revive, map[string]string{master.StreamIDHeader: s.stream})
	resp.Body.Close()
	if resp.StatusCode != http.StatusBadRequest {
		t.Fatalf("removed framework: %d", resp.StatusCode)
	}
}

func TestDisconnectedIsForbidden(t *testing.T) {
	fx := newFixture(t, master.Config{})
	s := fx.subscribe(t, mesoshttp.JSON, frameworkInfo(), nil)
	fw := s.next(t).GetSubscribed().GetFrameworkId()
	s.resp.Body.Close()
	testutil.Eventually(t, 5*time.Second, func() bool { return fx.mod.has("deactivateFramework") }, "deactivated")
	revive := &schedulerv1.Call{Type: schedulerv1.Call_REVIVE.Enum(), FrameworkId: fw, Revive: &schedulerv1.Call_Revive{}}
	resp := fx.post(t, mesoshttp.JSON, revive, map[string]string{master.StreamIDHeader: s.stream})
	resp.Body.Close()
	if resp.StatusCode != http.StatusForbidden {
		t.Fatalf("got %d, want 403", resp.StatusCode)
	}
}
