package executor_test

import (
	"slices"
	"sync/atomic"
	"testing"

	"github.com/mactor/mactor/actors/executor"
	mesosv1 "github.com/mactor/mactor/messages/mesos/v1"
	executorv1 "github.com/mactor/mactor/messages/mesos/v1/executor"
)

var sessionCallbacks = []string{
	"init",
	"registered hello-executor",
	`launch hello-1 "sleep 1 && echo hello"`,
	"message ping",
	"launch group hello-2,hello-3",
	"kill hello-2 3s",
	"acknowledged hello-1 hello-1-running!",
	"shutdown",
}

// TestReplayRecordedSession replays a recorded agent stream in JSON and in
// protobuf, cut into chunks in several ways.
func TestReplayRecordedSession(t *testing.T) {
	encodings := []struct {
		enc     executor.Encoding
		fixture string
	}{
		{executor.JSON, "session.json.rio"},
		{executor.Protobuf, "session.pb.rio"},
	}
	chunkings := []struct {
		name  string
		sizes []int
	}{
		{"whole stream in one chunk", nil},
		{"one byte per chunk", []int{1}},
		{"records split across chunks", []int{5, 211, 17}},
		{"several records per chunk", []int{3000}},
	}
	for _, e := range encodings {
		for _, c := range chunkings {
			t.Run(e.enc.String()+"/"+c.name, func(t *testing.T) {
				data := fixture(t, e.fixture)
				agent := newFakeAgent(t, func(s *stream) {
					s.Replay(data, c.sizes...)
					s.Hold()
				})
				h := start(t, agent, testEnv(agent), &hooks{launch: func(d executor.Driver, task *mesosv1.TaskInfo) {
					if err := running(d, task, "hello-1-running!"); err != nil {
						t.Errorf("SendStatusUpdate: %v", err)
					}
				}}, executor.WithEncoding(e.enc))
				if err := h.d.Join(); err != nil {
					t.Fatalf("Join() = %v", err)
				}
				if got := h.j.all(); !slices.Equal(got, sessionCallbacks) {
					t.Fatalf("callbacks\n%q\nwant\n%q", got, sessionCallbacks)
				}
				sub := agent.Subscribes()[0]
				if sub.enc != e.enc || sub.call.GetExecutorId().GetValue() != executorID || sub.call.GetFrameworkId().GetValue() != frameworkID {
					t.Fatalf("SUBSCRIBE %v as %v", sub.call, sub.enc)
				}
				if len(sub.call.GetSubscribe().GetUnacknowledgedTasks())+len(sub.call.GetSubscribe().GetUnacknowledgedUpdates()) != 0 {
					t.Fatalf("first SUBSCRIBE resends something: %v", sub.call)
				}
				ups := agent.updates()
				if len(ups) != 2 {
					t.Fatalf("%d updates, want RUNNING for hello-1 and KILLED for hello-2", len(ups))
				}
				for _, st := range ups {
					if st.GetSource() != mesosv1.TaskStatus_SOURCE_EXECUTOR || st.GetExecutorId().GetValue() != executorID ||
						len(st.GetUuid()) != 16 || st.GetTimestamp() == 0 {
						t.Errorf("update not filled in: %v", st)
					}
				}
				if ups[1].GetState() != mesosv1.TaskState_TASK_KILLED {
					t.Errorf("second update %v", ups[1].GetState())
				}
				var msgs int
				for _, c := range agent.Calls() {
					if c.call.GetType() == executorv1.Call_MESSAGE && string(c.call.GetMessage().GetData()) == "pong" {
						msgs++
					}
				}
				if msgs != 1 {
					t.Errorf("%d framework messages, want 1", msgs)
				}
			})
		}
	}
}

// TestResubscribeResendsUnacknowledged: after the agent goes away, a
// checkpointing executor subscribes again with the tasks none of whose
// updates were acknowledged and every unacknowledged update, including one
// sent while disconnected.
func TestResubscribeResendsUnacknowledged(t *testing.T) {
	var hp atomic.Pointer[harness]
	agent := newFakeAgent(t, func(s *stream) {
		if s.N > 1 {
			s.Send(subscribedEvent())
			s.Hold()
			return
		}
		s.Send(subscribedEvent(), launch("t1"), launch("t2"))
		if !s.WaitUntil(func() bool { return hp.Load() != nil && len(hp.Load().agent.updates()) == 2 }) {
			return
		}
		s.Send(acknowledgedEvent("t1", []byte("uuid-t1-running!")))
		s.WaitUntil(func() bool { return hp.Load().j.count("acknowledged") == 1 })
		// The agent restarts: the stream ends.
	})
	h := start(t, agent, testEnv(agent), &hooks{
		launch: func(d executor.Driver, task *mesosv1.TaskInfo) {
			_ = running(d, task, "uuid-"+task.GetTaskId().GetValue()+"-running!")
		},
		disc: func(d executor.Driver) {
			if err := d.SendStatusUpdate(&mesosv1.TaskStatus{
				TaskId: &mesosv1.TaskID{Value: ptr("t1")}, State: mesosv1.TaskState_TASK_FINISHED.Enum(), Uuid: []byte("uuid-t1-finished"),
			}); err != nil {
				t.Errorf("update while disconnected: %v", err)
			}
		},
	})
	hp.Store(h)
	h.j.waitFor(t, "reregistered")
	agent.waitFor("t1 FINISHED", func() bool {
		for _, u := range resent(agent) {
			if u == "uuid-t1-finished" {
				return true
			}
		}
		return false
	})
	again := agent.Subscribes()[1].call.GetSubscribe()
	var tasks []string
	for _, task := range again.GetUnacknowledgedTasks() {
		tasks = append(tasks, task.GetTaskId().GetValue())
	}
	if !slices.Equal(tasks, []string{"t2"}) {
		t.Fatalf("unacknowledged tasks %q, want t2 only (t1 had an update acknowledged)", tasks)
	}
	got := resent(agent)
	slices.Sort(got)
	if !slices.Equal(got, []string{"uuid-t1-finished", "uuid-t2-running!"}) {
		t.Fatalf("updates resent %q", got)
	}
	if want := []string{"disconnected", "reregistered"}; h.j.count("disconnected") != 1 || h.j.count("shutdown") != 0 {
		t.Fatalf("callbacks %q, want %q among them", h.j.all(), want)
	}
}

// resent lists the uuids of the updates the executor gave the agent after
// its first subscription: in the second SUBSCRIBE or as UPDATE calls made
// after it. Each must appear once.
func resent(a *fakeAgent) []string {
	subs := a.Subscribes()
	if len(subs) < 2 {
		return nil
	}
	var out []string
	for _, u := range subs[1].call.GetSubscribe().GetUnacknowledgedUpdates() {
		out = append(out, string(u.GetStatus().GetUuid()))
	}
	for _, st := range a.updates()[2:] {
		out = append(out, string(st.GetUuid()))
	}
	return out
}
