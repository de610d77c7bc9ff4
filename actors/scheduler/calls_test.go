package scheduler_test

import (
	"errors"
	"testing"

	"google.golang.org/protobuf/proto"

	"github.com/mactor/mactor/actors/scheduler"
	mesosv1 "github.com/mactor/mactor/messages/mesos/v1"
	schedulerv1 "github.com/mactor/mactor/messages/mesos/v1/scheduler"
)

// TestDriverCalls checks the call each Driver method puts on the wire.
func TestDriverCalls(t *testing.T) {
	oid := []*mesosv1.OfferID{{Value: proto.String("O1")}}
	agent := &mesosv1.AgentID{Value: proto.String("S1")}
	exec := &mesosv1.ExecutorID{Value: proto.String("E1")}
	task := &mesosv1.TaskInfo{
		Name: proto.String("t"), TaskId: &mesosv1.TaskID{Value: proto.String("T1")}, AgentId: agent,
		Command: &mesosv1.CommandInfo{Value: proto.String("true")},
	}
	filters := &mesosv1.Filters{RefuseSeconds: proto.Float64(60)}
	tests := []struct {
		name  string
		call  func(d scheduler.Driver) error
		check func(t *testing.T, c *schedulerv1.Call)
	}{
		{"LaunchTasks", func(d scheduler.Driver) error { return d.LaunchTasks(oid, []*mesosv1.TaskInfo{task}, filters) },
			func(t *testing.T, c *schedulerv1.Call) {
				op := c.GetAccept().GetOperations()[0]
				if c.GetType() != schedulerv1.Call_ACCEPT || op.GetType() != mesosv1.Offer_Operation_LAUNCH ||
					op.GetLaunch().GetTaskInfos()[0].GetTaskId().GetValue() != "T1" || c.GetAccept().GetFilters().GetRefuseSeconds() != 60 {
					t.Fatal(c)
				}
			}},
		{"LaunchGroup", func(d scheduler.Driver) error {
			return d.LaunchGroup(oid, &mesosv1.ExecutorInfo{ExecutorId: exec, Type: mesosv1.ExecutorInfo_DEFAULT.Enum()},
				&mesosv1.TaskGroupInfo{Tasks: []*mesosv1.TaskInfo{task}}, nil)
		}, func(t *testing.T, c *schedulerv1.Call) {
			op := c.GetAccept().GetOperations()[0]
			if op.GetType() != mesosv1.Offer_Operation_LAUNCH_GROUP || op.GetLaunchGroup().GetExecutor().GetExecutorId().GetValue() != "E1" {
				t.Fatal(c)
			}
		}},
		{"AcceptOffers with a reservation", func(d scheduler.Driver) error {
			return d.AcceptOffers(oid, []*mesosv1.Offer_Operation{{Type: mesosv1.Offer_Operation_RESERVE.Enum(),
				Id: &mesosv1.OperationID{Value: proto.String("reserve-1")}, Reserve: &mesosv1.Offer_Operation_Reserve{}}}, nil)
		}, func(t *testing.T, c *schedulerv1.Call) {
			if c.GetAccept().GetOperations()[0].GetId().GetValue() != "reserve-1" {
				t.Fatal(c)
			}
		}},
		{"DeclineOffer", func(d scheduler.Driver) error { return d.DeclineOffer(oid, filters) },
			func(t *testing.T, c *schedulerv1.Call) {
				if c.GetType() != schedulerv1.Call_DECLINE || c.GetDecline().GetOfferIds()[0].GetValue() != "O1" {
					t.Fatal(c)
				}
			}},
		{"AcceptInverseOffers", func(d scheduler.Driver) error { return d.AcceptInverseOffers(oid, nil) },
			func(t *testing.T, c *schedulerv1.Call) {
				if c.GetAcceptInverseOffers().GetInverseOfferIds()[0].GetValue() != "O1" {
					t.Fatal(c)
				}
			}},
		{"DeclineInverseOffers", func(d scheduler.Driver) error { return d.DeclineInverseOffers(oid, nil) },
			func(t *testing.T, c *schedulerv1.Call) {
				if c.GetType() != schedulerv1.Call_DECLINE_INVERSE_OFFERS {
					t.Fatal(c)
				}
			}},
		{"KillTask", func(d scheduler.Driver) error {
			return d.KillTask(task.TaskId, agent, &mesosv1.KillPolicy{GracePeriod: &mesosv1.DurationInfo{Nanoseconds: proto.Int64(5e9)}})
		}, func(t *testing.T, c *schedulerv1.Call) {
			if c.GetKill().GetTaskId().GetValue() != "T1" || c.GetKill().GetKillPolicy().GetGracePeriod().GetNanoseconds() != 5e9 {
				t.Fatal(c)
			}
		}},
		{"ReviveOffers", func(d scheduler.Driver) error { return d.ReviveOffers("r1", "r2") },
			func(t *testing.T, c *schedulerv1.Call) {
				if len(c.GetRevive().GetRoles()) != 2 {
					t.Fatal(c)
				}
			}},
		{"SuppressOffers", func(d scheduler.Driver) error { return d.SuppressOffers() },
			func(t *testing.T, c *schedulerv1.Call) {
				if c.GetType() != schedulerv1.Call_SUPPRESS || c.GetSuppress() == nil {
					t.Fatal(c)
				}
			}},
		{"Reconcile all", func(d scheduler.Driver) error { return d.Reconcile() },
			func(t *testing.T, c *schedulerv1.Call) {
				if c.GetType() != schedulerv1.Call_RECONCILE || c.GetReconcile() == nil || len(c.GetReconcile().GetTasks()) != 0 {
					t.Fatal(c)
				}
			}},
		{"Reconcile one", func(d scheduler.Driver) error {
			return d.Reconcile(&schedulerv1.Call_Reconcile_Task{TaskId: task.TaskId, AgentId: agent})
		}, func(t *testing.T, c *schedulerv1.Call) {
			if c.GetReconcile().GetTasks()[0].GetAgentId().GetValue() != "S1" {
				t.Fatal(c)
			}
		}},
		{"ReconcileOperations", func(d scheduler.Driver) error {
			return d.ReconcileOperations(&schedulerv1.Call_ReconcileOperations_Operation{OperationId: &mesosv1.OperationID{Value: proto.String("op")}})
		}, func(t *testing.T, c *schedulerv1.Call) {
			if c.GetReconcileOperations().GetOperations()[0].GetOperationId().GetValue() != "op" {
				t.Fatal(c)
			}
		}},
		{"SendFrameworkMessage", func(d scheduler.Driver) error { return d.SendFrameworkMessage(exec, agent, []byte("hi")) },
			func(t *testing.T, c *schedulerv1.Call) {
				if string(c.GetMessage().GetData()) != "hi" || c.GetMessage().GetExecutorId().GetValue() != "E1" {
					t.Fatal(c)
				}
			}},
		{"RequestResources", func(d scheduler.Driver) error { return d.RequestResources(&mesosv1.Request{AgentId: agent}) },
			func(t *testing.T, c *schedulerv1.Call) {
				if c.GetRequest().GetRequests()[0].GetAgentId().GetValue() != "S1" {
					t.Fatal(c)
				}
			}},
		{"Shutdown", func(d scheduler.Driver) error { return d.Shutdown(exec, agent) },
			func(t *testing.T, c *schedulerv1.Call) {
				if c.GetShutdown().GetExecutorId().GetValue() != "E1" || c.GetShutdown().GetAgentId().GetValue() != "S1" {
					t.Fatal(c)
				}
			}},
		{"Send", func(d scheduler.Driver) error {
			return d.Send(&schedulerv1.Call{Type: schedulerv1.Call_REVIVE.Enum(), Revive: &schedulerv1.Call_Revive{Roles: []string{"x"}}})
		}, func(t *testing.T, c *schedulerv1.Call) {
			if c.GetRevive().GetRoles()[0] != "x" || c.GetFrameworkId().GetValue() != frameworkID {
				t.Fatal(c)
			}
		}},
	}
	master := newFakeMaster(t, nil)
	h := start(t, master, nil)
	h.j.waitFor(t, "registered")
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if err := tt.call(h.d); err != nil {
				t.Fatal(err)
			}
			master.waitFor(tt.name, func() bool { return len(master.Calls()) == i+1 })
			tt.check(t, master.Calls()[i].call)
		})
	}
}

// TestInvalidCalls: malformed calls fail in the caller.
func TestInvalidCalls(t *testing.T) {
	master := newFakeMaster(t, nil)
	h := start(t, master, nil)
	h.j.waitFor(t, "registered")
	tests := []struct {
		name string
		call func(d scheduler.Driver) error
		want error
	}{
		{"offer id without value", func(d scheduler.Driver) error { return d.DeclineOffer([]*mesosv1.OfferID{{}}, nil) }, scheduler.ErrInvalidCall},
		{"kill without task", func(d scheduler.Driver) error { return d.KillTask(nil, nil, nil) }, scheduler.ErrInvalidCall},
		{"task without resources' names", func(d scheduler.Driver) error {
			return d.LaunchTasks(nil, []*mesosv1.TaskInfo{{Name: proto.String("t")}}, nil)
		}, scheduler.ErrInvalidCall},
		{"SUBSCRIBE by hand", func(d scheduler.Driver) error {
			return d.Send(&schedulerv1.Call{Type: schedulerv1.Call_SUBSCRIBE.Enum()})
		}, scheduler.ErrInvalidCall},
		{"nil call", func(d scheduler.Driver) error { return d.Send(nil) }, scheduler.ErrInvalidCall},
		{"auto acknowledge", func(d scheduler.Driver) error { return d.Acknowledge(&mesosv1.TaskStatus{Uuid: []byte("u")}) }, scheduler.ErrAutoAcknowledge},
		{"nil FrameworkInfo", func(d scheduler.Driver) error { return d.UpdateFramework(nil, nil, nil) }, scheduler.ErrInvalidCall},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if err := tt.call(h.d); !errors.Is(err, tt.want) {
				t.Fatalf("err = %v, want %v", err, tt.want)
			}
		})
	}
	if n := len(master.Calls()); n != 0 {
		t.Fatalf("%d invalid calls reached the master", n)
	}
}

// TestExplicitAcknowledge: with automatic acknowledgement off, updates are
// acknowledged only when the behaviour says so.
func TestExplicitAcknowledge(t *testing.T) {
	master := newFakeMaster(t, func(s *stream) {
		s.Send(subscribed(frameworkID, 15),
			taskUpdate("t1", mesosv1.TaskState_TASK_RUNNING, "uuid-1"),
			taskUpdate("t2", mesosv1.TaskState_TASK_LOST, ""), // reconciliation: no uuid
			taskUpdate("t3", mesosv1.TaskState_TASK_RUNNING, "uuid-3"))
		s.Hold()
	})
	var results []error
	h := start(t, master, &hooks{update: func(d scheduler.Driver, st *mesosv1.TaskStatus) {
		if st.GetTaskId().GetValue() == "t3" {
			return // keep it for later
		}
		results = append(results, d.Acknowledge(st))
	}}, scheduler.WithAutoAcknowledge(false))
	h.j.waitFor(t, "update t3")
	master.waitFor("one ack", func() bool { return len(master.callsOf(schedulerv1.Call_ACKNOWLEDGE)) == 1 })
	if len(results) != 2 || results[0] != nil || !errors.Is(results[1], scheduler.ErrNoUUID) {
		t.Fatalf("Acknowledge results %v", results)
	}
	ack := master.callsOf(schedulerv1.Call_ACKNOWLEDGE)[0].call.GetAcknowledge()
	if string(ack.GetUuid()) != "uuid-1" || ack.GetTaskId().GetValue() != "t1" || ack.GetAgentId().GetValue() != "agent-1" {
		t.Fatalf("ACKNOWLEDGE %v", ack)
	}
}
