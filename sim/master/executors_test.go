package master_test

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"google.golang.org/protobuf/proto"

	"github.com/mactor/mactor/internal/mesoshttp"
	"github.com/mactor/mactor/internal/testutil"
	mesosv1 "github.com/mactor/mactor/messages/mesos/v1"
	schedulerv1 "github.com/mactor/mactor/messages/mesos/v1/scheduler"
	"github.com/mactor/mactor/sim/master"
)

// offered subscribes a framework and offers it cpus on agent a1.
func offered(t *testing.T, fx *fixture, cpus float64) (*sub, *mesosv1.FrameworkID, map[string]string, *mesosv1.Offer) {
	t.Helper()
	fx.m.AddAgent(agentInfo("a1"))
	s := fx.subscribe(t, mesoshttp.JSON, frameworkInfo(), nil)
	fw := s.next(t).GetSubscribed().GetFrameworkId()
	if err := fx.m.Offer(fw.GetValue(), master.Allocation{"r": {"a1": {scalar("cpus", cpus)}}}); err != nil {
		t.Fatal(err)
	}
	return s, fw, map[string]string{master.StreamIDHeader: s.stream}, s.next(t).GetOffers().GetOffers()[0]
}

// launch is ACCEPT of offer o with one LAUNCH of tasks.
func launch(fw *mesosv1.FrameworkID, o *mesosv1.Offer, tasks ...*mesosv1.TaskInfo) *schedulerv1.Call {
	return &schedulerv1.Call{Type: schedulerv1.Call_ACCEPT.Enum(), FrameworkId: fw, Accept: &schedulerv1.Call_Accept{
		OfferIds:   []*mesosv1.OfferID{o.GetId()},
		Operations: []*mesosv1.Offer_Operation{{Type: mesosv1.Offer_Operation_LAUNCH.Enum(), Launch: &mesosv1.Offer_Operation_Launch{TaskInfos: tasks}}},
	}}
}

// postInBackground posts call from a goroutine; the channel gets the
// answer's status.
func postInBackground(t *testing.T, fx *fixture, call *schedulerv1.Call, hdr map[string]string) <-chan int {
	answered := make(chan int, 1)
	go func() {
		resp := fx.post(t, mesoshttp.JSON, call, hdr)
		resp.Body.Close()
		answered <- resp.StatusCode
	}()
	return answered
}

// slowHook is a Module whose launch hook waits until released.
type slowHook struct {
	recorder
	entered chan struct{}
	release chan struct{}
}

func (s *slowHook) LaunchTaskLabels(ctx context.Context, _ *mesosv1.TaskInfo, _ *mesosv1.FrameworkInfo, _ *mesosv1.AgentInfo) (*mesosv1.Labels, error) {
	close(s.entered)
	select {
	case <-s.release:
	case <-ctx.Done():
	}
	return &mesosv1.Labels{Labels: []*mesosv1.Label{{Key: proto.String("slow"), Value: proto.String("done")}}}, nil
}

// TestSlowHookBlocksNothing holds the launch hook of an ACCEPT: meanwhile
// /state answers and other calls of the same framework are served; once
// the hook returns, the task is launched with its labels.
func TestSlowHookBlocksNothing(t *testing.T) {
	hook := &slowHook{entered: make(chan struct{}), release: make(chan struct{})}
	fx := newFixture(t, master.Config{Module: hook})
	_, fw, hdr, o := offered(t, fx, 2)
	task := &mesosv1.TaskInfo{Name: proto.String("t"), TaskId: &mesosv1.TaskID{Value: proto.String("t1")}, AgentId: o.GetAgentId(), Resources: []*mesosv1.Resource{scalar("cpus", 1)}}
	accepted := postInBackground(t, fx, launch(fw, o, task), hdr)
	<-hook.entered

	client := &http.Client{Timeout: 10 * time.Second}
	resp, err := client.Get(fx.srv.URL + "/state")
	if err != nil {
		t.Fatalf("/state while the hook runs: %v", err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("/state: %d", resp.StatusCode)
	}
	revive := fx.post(t, mesoshttp.JSON, &schedulerv1.Call{Type: schedulerv1.Call_REVIVE.Enum(), FrameworkId: fw}, hdr)
	revive.Body.Close()
	if revive.StatusCode != http.StatusAccepted || !hook.has("reviveOffers") {
		t.Fatalf("REVIVE while the hook runs: %d", revive.StatusCode)
	}
	if n := len(fx.l.launched()); n != 0 {
		t.Fatalf("%d tasks launched before the hook returned", n)
	}

	close(hook.release)
	if code := <-accepted; code != http.StatusAccepted {
		t.Fatalf("ACCEPT: %d", code)
	}
	got := fx.l.launched()
	if len(got) != 1 || got[0].GetLabels().GetLabels()[0].GetValue() != "done" {
		t.Fatalf("launched %v", got)
	}
	if !hook.has("transitionOfferedToAllocated") || !hook.has("recoverResources") {
		t.Fatalf("allocator calls %v", hook.calls)
	}
}

// TestHookOutlivesFramework tears the framework down while its ACCEPT's
// hook runs: the task is not launched afterwards.
func TestHookOutlivesFramework(t *testing.T) {
	hook := &slowHook{entered: make(chan struct{}), release: make(chan struct{})}
	fx := newFixture(t, master.Config{Module: hook})
	_, fw, hdr, o := offered(t, fx, 1)
	task := &mesosv1.TaskInfo{Name: proto.String("t"), TaskId: &mesosv1.TaskID{Value: proto.String("t1")}, AgentId: o.GetAgentId()}
	accepted := postInBackground(t, fx, launch(fw, o, task), hdr)
	<-hook.entered
	td := fx.post(t, mesoshttp.JSON, &schedulerv1.Call{Type: schedulerv1.Call_TEARDOWN.Enum(), FrameworkId: fw}, hdr)
	td.Body.Close()
	if td.StatusCode != http.StatusAccepted {
		t.Fatalf("TEARDOWN: %d", td.StatusCode)
	}
	close(hook.release)
	<-accepted
	if n := len(fx.l.launched()); n != 0 {
		t.Fatalf("%d tasks launched for a removed framework", n)
	}
	if hook.has("transitionOfferedToAllocated") {
		t.Fatal("transitionOfferedToAllocated for a removed framework")
	}
}

// TestExecutorCalls covers what the master does for custom executors:
// MESSAGE and SHUTDOWN go to the agent, an executor's message and exit
// reach the framework (MESSAGE, FAILURE), the executor's resources come
// back when it exits, and TEARDOWN shuts down the executors still running.
func TestExecutorCalls(t *testing.T) {
	fx := newFixture(t, master.Config{UpdateRetry: time.Hour})
	s, fw, hdr, o := offered(t, fx, 2)
	exec := func(id string) *mesosv1.ExecutorInfo {
		return &mesosv1.ExecutorInfo{ExecutorId: &mesosv1.ExecutorID{Value: proto.String(id)}, Command: &mesosv1.CommandInfo{Value: proto.String("./e")},
			Resources: []*mesosv1.Resource{scalar("cpus", 0.5)}}
	}
	tasks := []*mesosv1.TaskInfo{
		{Name: proto.String("t"), TaskId: &mesosv1.TaskID{Value: proto.String("t1")}, AgentId: o.GetAgentId(), Resources: []*mesosv1.Resource{scalar("cpus", 0.5)}, Executor: exec("e1")},
		{Name: proto.String("t"), TaskId: &mesosv1.TaskID{Value: proto.String("t2")}, AgentId: o.GetAgentId(), Resources: []*mesosv1.Resource{scalar("cpus", 0.5)}, Executor: exec("e1")},
	}
	fx.post(t, mesoshttp.JSON, launch(fw, o, tasks...), hdr).Body.Close()
	testutil.Eventually(t, 5*time.Second, func() bool { return len(fx.l.launched()) == 2 }, "launched")
	// The executor's resources are used once, for two tasks.
	if rest := recovered(fx); rest != 0.5 {
		t.Fatalf("recovered %v cpus of the offer, want 0.5", rest)
	}

	agent, executor := o.GetAgentId(), &mesosv1.ExecutorID{Value: proto.String("e1")}
	for _, call := range []*schedulerv1.Call{
		{Type: schedulerv1.Call_MESSAGE.Enum(), FrameworkId: fw, Message: &schedulerv1.Call_Message{AgentId: agent, ExecutorId: executor, Data: []byte("hi")}},
		{Type: schedulerv1.Call_SHUTDOWN.Enum(), FrameworkId: fw, Shutdown: &schedulerv1.Call_Shutdown{AgentId: agent, ExecutorId: executor}},
	} {
		resp := fx.post(t, mesoshttp.JSON, call, hdr)
		resp.Body.Close()
		if resp.StatusCode != http.StatusAccepted {
			t.Fatalf("%s: %d", call.GetType(), resp.StatusCode)
		}
	}
	if msgs, shut := fx.l.sent(); strings.Join(msgs, ",") != "a1/e1:hi" || strings.Join(shut, ",") != "a1/e1" {
		t.Fatalf("messages %v, shutdowns %v", msgs, shut)
	}

	if err := fx.m.Message(fw.GetValue(), agent, executor, []byte("done")); err != nil {
		t.Fatal(err)
	}
	if ev := s.next(t); ev.GetType() != schedulerv1.Event_MESSAGE || string(ev.GetMessage().GetData()) != "done" || ev.GetMessage().GetExecutorId().GetValue() != "e1" {
		t.Fatalf("want MESSAGE, got %v", ev)
	}
	if err := fx.m.ExecutorExited(fw.GetValue(), agent, executor, 256); err != nil {
		t.Fatal(err)
	}
	if ev := s.next(t); ev.GetType() != schedulerv1.Event_FAILURE || ev.GetFailure().GetStatus() != 256 || ev.GetFailure().GetExecutorId().GetValue() != "e1" {
		t.Fatalf("want FAILURE, got %v", ev)
	}
	if rest := recovered(fx); rest != 1 {
		t.Fatalf("recovered %v cpus after the executor exited, want 1", rest)
	}
	if err := fx.m.Message("nope", agent, executor, nil); err == nil {
		t.Fatal("message for an unknown framework: no error")
	}

	// A new executor on the next launch; TEARDOWN shuts it down.
	if err := fx.m.Offer(fw.GetValue(), master.Allocation{"r": {"a1": {scalar("cpus", 1)}}}); err != nil {
		t.Fatal(err)
	}
	o = s.next(t).GetOffers().GetOffers()[0]
	t3 := &mesosv1.TaskInfo{Name: proto.String("t"), TaskId: &mesosv1.TaskID{Value: proto.String("t3")}, AgentId: o.GetAgentId(), Resources: []*mesosv1.Resource{scalar("cpus", 0.5)}, Executor: exec("e2")}
	fx.post(t, mesoshttp.JSON, launch(fw, o, t3), hdr).Body.Close()
	fx.post(t, mesoshttp.JSON, &schedulerv1.Call{Type: schedulerv1.Call_TEARDOWN.Enum(), FrameworkId: fw}, hdr).Body.Close()
	testutil.Eventually(t, 5*time.Second, func() bool { _, shut := fx.l.sent(); return len(shut) == 2 && shut[1] == "a1/e2" }, "e2 shut down")
}

// TestLaunchGroup accepts a LAUNCH_GROUP: with an executor that has a
// command, the group goes to the agent in one piece (and the executor's
// resources are used once); without one, its tasks run as command tasks.
func TestLaunchGroup(t *testing.T) {
	tests := []struct {
		name       string
		command    string
		wantGroups []string
		wantSingle int
		wantRest   float64 // cpus of the offer given back
	}{
		{name: "custom executor", command: "./e", wantGroups: []string{"e1:g1,g2"}, wantRest: 0.5},
		{name: "no executor command", wantSingle: 2, wantRest: 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fx := newFixture(t, master.Config{UpdateRetry: time.Hour})
			_, fw, hdr, o := offered(t, fx, 2)
			e := &mesosv1.ExecutorInfo{ExecutorId: &mesosv1.ExecutorID{Value: proto.String("e1")}, Resources: []*mesosv1.Resource{scalar("cpus", 0.5)}}
			if tt.command != "" {
				e.Command = &mesosv1.CommandInfo{Value: proto.String(tt.command)}
			}
			task := func(id string) *mesosv1.TaskInfo {
				return &mesosv1.TaskInfo{Name: proto.String(id), TaskId: &mesosv1.TaskID{Value: proto.String(id)}, AgentId: o.GetAgentId(),
					Resources: []*mesosv1.Resource{scalar("cpus", 0.5)}, Command: &mesosv1.CommandInfo{Value: proto.String("true")}}
			}
			resp := fx.post(t, mesoshttp.JSON, &schedulerv1.Call{Type: schedulerv1.Call_ACCEPT.Enum(), FrameworkId: fw, Accept: &schedulerv1.Call_Accept{
				OfferIds: []*mesosv1.OfferID{o.GetId()},
				Operations: []*mesosv1.Offer_Operation{{Type: mesosv1.Offer_Operation_LAUNCH_GROUP.Enum(), LaunchGroup: &mesosv1.Offer_Operation_LaunchGroup{
					Executor: e, TaskGroup: &mesosv1.TaskGroupInfo{Tasks: []*mesosv1.TaskInfo{task("g1"), task("g2")}},
				}}},
			}}, hdr)
			resp.Body.Close()
			if resp.StatusCode != http.StatusAccepted {
				t.Fatalf("ACCEPT: %d", resp.StatusCode)
			}
			fx.l.mu.Lock()
			groups, single := append([]string(nil), fx.l.groups...), len(fx.l.tasks)
			fx.l.mu.Unlock()
			if strings.Join(groups, ";") != strings.Join(tt.wantGroups, ";") || single != tt.wantSingle {
				t.Fatalf("groups %v and %d single tasks, want %v and %d", groups, single, tt.wantGroups, tt.wantSingle)
			}
			if rest := recovered(fx); rest != tt.wantRest {
				t.Fatalf("%v cpus given back, want %v", rest, tt.wantRest)
			}
			st := fx.m.Snapshot()
			if len(st.Frameworks[0].Tasks) != 2 {
				t.Fatalf("state %+v", st)
			}
			for _, task := range st.Frameworks[0].Tasks {
				if want := map[bool]string{true: "e1", false: ""}[tt.command != ""]; task.ExecutorID != want {
					t.Fatalf("task %+v: executor %q, want %q", task, task.ExecutorID, want)
				}
			}
		})
	}
}

// recovered sums the cpus given back to the allocator.
func recovered(fx *fixture) float64 {
	fx.mod.mu.Lock()
	defer fx.mod.mu.Unlock()
	var cpus float64
	for _, r := range fx.mod.res["recover"] {
		cpus += r.GetScalar().GetValue()
	}
	return cpus
}
