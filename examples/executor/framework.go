package main

import (
	"encoding/json"
	"fmt"
	"sync/atomic"

	"go.uber.org/zap"
	"google.golang.org/protobuf/proto"

	"github.com/mactor/mactor/actors/scheduler"
	mesosv1 "github.com/mactor/mactor/messages/mesos/v1"
	schedulerv1 "github.com/mactor/mactor/messages/mesos/v1/scheduler"
)

// executorID names the example's executor; one runs per agent and takes
// every task the framework sends there.
const executorID = "mactor-example-executor"

// plan is the framework's parameters, shared by every instance of the
// behaviour.
type plan struct {
	tasks             int
	work              string // how long each task works, e.g. "2s"
	taskCPUs, taskMem float64
	execCPUs, execMem float64
	command           *mesosv1.CommandInfo // runs the executor
	log               *zap.Logger
	failed            atomic.Int64
}

// dispatcher launches plan.tasks tasks on the custom executor, one per
// offer, and tears the framework down when they have all ended.
type dispatcher struct {
	scheduler.Base
	p  *plan
	st progress
}

// progress is the dispatcher's state, saved after every event (dispatcher
// is Stateful) so that a crash does not launch tasks twice.
type progress struct {
	Launched int             `json:"launched"`
	Done     int             `json:"done"`
	Running  map[string]bool `json:"running"`
}

func newDispatcher(p *plan) func() scheduler.Scheduler {
	return func() scheduler.Scheduler { return &dispatcher{p: p, st: progress{Running: map[string]bool{}}} }
}

// MarshalState makes dispatcher Stateful.
func (s *dispatcher) MarshalState() ([]byte, error) { return json.Marshal(s.st) }

// UnmarshalState restores the progress saved before a crash.
func (s *dispatcher) UnmarshalState(b []byte) error { return json.Unmarshal(b, &s.st) }

func (s *dispatcher) Registered(d scheduler.Driver, e *schedulerv1.Event_Subscribed) {
	s.p.log.Info("registered", zap.String("framework_id", e.GetFrameworkId().GetValue()))
}

func (s *dispatcher) ResourceOffers(d scheduler.Driver, offers []*mesosv1.Offer) {
	var decline []*mesosv1.OfferID
	for _, offer := range offers {
		task := s.task(offer)
		if task == nil || s.st.Launched >= s.p.tasks {
			decline = append(decline, offer.GetId())
			continue
		}
		if err := d.LaunchTasks([]*mesosv1.OfferID{offer.GetId()}, []*mesosv1.TaskInfo{task}, nil); err != nil {
			s.p.log.Warn("launch failed", zap.Error(err))
			continue
		}
		s.st.Launched++
		s.st.Running[task.GetTaskId().GetValue()] = true
		s.p.log.Info("launching", zap.String("task", task.GetTaskId().GetValue()), zap.String("agent", offer.GetHostname()))
	}
	if len(decline) > 0 {
		_ = d.DeclineOffer(decline, &mesosv1.Filters{RefuseSeconds: proto.Float64(5)})
	}
}

// task builds a task for the custom executor, or nil if the offer cannot
// hold both.
func (s *dispatcher) task(offer *mesosv1.Offer) *mesosv1.TaskInfo {
	pool := newPool(offer)
	execCPUs, execMem := pool.take("cpus", s.p.execCPUs), pool.take("mem", s.p.execMem)
	taskCPUs, taskMem := pool.take("cpus", s.p.taskCPUs), pool.take("mem", s.p.taskMem)
	if execCPUs == nil || execMem == nil || taskCPUs == nil || taskMem == nil {
		return nil
	}
	id := fmt.Sprintf("sleep-%d", s.st.Launched+1)
	return &mesosv1.TaskInfo{
		Name:      proto.String(id),
		TaskId:    &mesosv1.TaskID{Value: proto.String(id)},
		AgentId:   offer.GetAgentId(),
		Resources: append(taskCPUs, taskMem...),
		Data:      []byte(s.p.work),
		Executor: &mesosv1.ExecutorInfo{
			Type:       mesosv1.ExecutorInfo_CUSTOM.Enum(),
			ExecutorId: &mesosv1.ExecutorID{Value: proto.String(executorID)},
			Name:       proto.String("mactor example executor"),
			Command:    s.p.command,
			Resources:  append(execCPUs, execMem...),
		},
	}
}

func (s *dispatcher) StatusUpdate(d scheduler.Driver, st *mesosv1.TaskStatus) {
	id := st.GetTaskId().GetValue()
	s.p.log.Info("status", zap.String("task", id), zap.Stringer("state", st.GetState()), zap.String("message", st.GetMessage()))
	if !terminal(st.GetState()) || !s.st.Running[id] {
		return
	}
	delete(s.st.Running, id)
	s.st.Done++
	if st.GetState() != mesosv1.TaskState_TASK_FINISHED {
		s.p.failed.Add(1)
	}
	if s.st.Done >= s.p.tasks {
		s.p.log.Info("all tasks ended; tearing the framework down")
		_ = d.Stop(false)
	}
}

func (s *dispatcher) FrameworkMessage(d scheduler.Driver, agent *mesosv1.AgentID, executor *mesosv1.ExecutorID, data []byte) {
	s.p.log.Info("message from the executor", zap.String("executor", executor.GetValue()), zap.ByteString("data", data))
}

func (s *dispatcher) ExecutorLost(d scheduler.Driver, executor *mesosv1.ExecutorID, agent *mesosv1.AgentID, status int32) {
	s.p.log.Warn("executor lost", zap.String("executor", executor.GetValue()), zap.Int32("status", status))
}

func (s *dispatcher) Error(d scheduler.Driver, message string) {
	s.p.log.Error("error from the master", zap.String("message", message))
}

func terminal(s mesosv1.TaskState) bool {
	switch s {
	case mesosv1.TaskState_TASK_FINISHED, mesosv1.TaskState_TASK_FAILED, mesosv1.TaskState_TASK_KILLED,
		mesosv1.TaskState_TASK_LOST, mesosv1.TaskState_TASK_ERROR, mesosv1.TaskState_TASK_DROPPED,
		mesosv1.TaskState_TASK_GONE, mesosv1.TaskState_TASK_GONE_BY_OPERATOR:
		return true
	}
	return false
}
