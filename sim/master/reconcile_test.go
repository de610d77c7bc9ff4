package master_test

import (
	"net/http"
	"testing"
	"time"

	"google.golang.org/protobuf/proto"

	"github.com/mactor/mactor/internal/mesoshttp"
	mesosv1 "github.com/mactor/mactor/messages/mesos/v1"
	schedulerv1 "github.com/mactor/mactor/messages/mesos/v1/scheduler"
	"github.com/mactor/mactor/sim/master"
)

// TestReconcileAcknowledgedTerminalTask reconciles t1 explicitly once it
// has finished: while its TASK_FINISHED is unacknowledged the master still
// answers TASK_FINISHED; once acknowledged, Mesos's master has dropped the
// task, and answers as for any task it does not know on a registered
// agent: TASK_LOST, "unknown to the agent".
func TestReconcileAcknowledgedTerminalTask(t *testing.T) {
	fx := newFixture(t, master.Config{UpdateRetry: time.Hour})
	s, fw, hdr := running(t, fx)
	agent := &mesosv1.AgentID{Value: proto.String("a1")}
	task := &mesosv1.TaskID{Value: proto.String("t1")}
	if err := fx.m.Update(fw.GetValue(), &mesosv1.TaskStatus{TaskId: task, AgentId: agent, State: mesosv1.TaskState_TASK_FINISHED.Enum()}); err != nil {
		t.Fatal(err)
	}
	finished := s.next(t).GetUpdate().GetStatus()
	post := func(call *schedulerv1.Call) {
		t.Helper()
		resp := fx.post(t, mesoshttp.JSON, call, hdr)
		resp.Body.Close()
		if resp.StatusCode != http.StatusAccepted {
			t.Fatalf("%s: %d", call.GetType(), resp.StatusCode)
		}
	}
	reconcile := &schedulerv1.Call{Type: schedulerv1.Call_RECONCILE.Enum(), FrameworkId: fw, Reconcile: &schedulerv1.Call_Reconcile{
		Tasks: []*schedulerv1.Call_Reconcile_Task{{TaskId: task, AgentId: agent}}}}
	for _, tc := range []struct {
		name  string
		ack   bool
		state mesosv1.TaskState
	}{
		{name: "unacknowledged", state: mesosv1.TaskState_TASK_FINISHED},
		{name: "acknowledged", ack: true, state: mesosv1.TaskState_TASK_LOST},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if tc.ack {
				post(&schedulerv1.Call{Type: schedulerv1.Call_ACKNOWLEDGE.Enum(), FrameworkId: fw, Acknowledge: &schedulerv1.Call_Acknowledge{
					AgentId: agent, TaskId: task, Uuid: finished.GetUuid()}})
			}
			post(reconcile)
			st := s.next(t).GetUpdate().GetStatus()
			if st.GetState() != tc.state || st.GetReason() != mesosv1.TaskStatus_REASON_RECONCILIATION {
				t.Fatalf("reconciliation: %v", st)
			}
			if tc.ack && st.GetMessage() != "Reconciliation: Task is unknown to the agent" {
				t.Fatalf("message %q", st.GetMessage())
			}
		})
	}
}
