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

// settings are the framework's parameters, shared by every instance of
// the behaviour.
type settings struct {
	tasks   int
	command string
	cpus    float64
	mem     float64
	log     *zap.Logger
	failed  atomic.Int64 // tasks that did not finish well, for the exit code
}

// progress is the behaviour's state. It is saved after every event
// (hello is Stateful), so a crash does not make it launch tasks twice.
type progress struct {
	Launched   int             `json:"launched"`
	Done       int             `json:"done"`
	Running    map[string]bool `json:"running"`
	Suppressed bool            `json:"suppressed"`
}

// hello launches one command task per offer until it has launched
// settings.tasks of them, and stops the framework once all have ended.
type hello struct {
	scheduler.Base
	s  *settings
	st progress
}

func newHello(s *settings) func() scheduler.Scheduler {
	return func() scheduler.Scheduler {
		return &hello{s: s, st: progress{Running: map[string]bool{}}}
	}
}

func (h *hello) Registered(d scheduler.Driver, e *schedulerv1.Event_Subscribed) {
	h.s.log.Info("registered", zap.String("framework_id", e.GetFrameworkId().GetValue()),
		zap.String("master", e.GetMasterInfo().GetHostname()))
}

func (h *hello) Reregistered(d scheduler.Driver, e *schedulerv1.Event_Subscribed) {
	h.s.log.Info("reregistered; reconciling task states")
	_ = d.Reconcile() // implicit reconciliation: the master resends what it knows
}

func (h *hello) Disconnected(scheduler.Driver) { h.s.log.Warn("disconnected from the master") }

func (h *hello) ResourceOffers(d scheduler.Driver, offers []*mesosv1.Offer) {
	var decline []*mesosv1.OfferID
	for _, offer := range offers {
		if h.st.Launched >= h.s.tasks {
			decline = append(decline, offer.GetId())
			continue
		}
		task := h.task(offer)
		if task == nil {
			h.s.log.Debug("offer too small", zap.String("offer", offer.GetId().GetValue()))
			decline = append(decline, offer.GetId())
			continue
		}
		if err := d.LaunchTasks([]*mesosv1.OfferID{offer.GetId()}, []*mesosv1.TaskInfo{task}, nil); err != nil {
			h.s.log.Warn("launch failed", zap.Error(err))
			continue
		}
		h.st.Launched++
		h.st.Running[task.GetTaskId().GetValue()] = true
		h.s.log.Info("launching", zap.String("task", task.GetTaskId().GetValue()), zap.String("agent", offer.GetHostname()))
	}
	if len(decline) > 0 {
		_ = d.DeclineOffer(decline, &mesosv1.Filters{RefuseSeconds: proto.Float64(5)})
	}
	if h.st.Launched >= h.s.tasks && !h.st.Suppressed {
		h.st.Suppressed = d.SuppressOffers() == nil // enough: no more offers please
	}
}

// task builds the command task for an offer, or nil if it does not fit.
func (h *hello) task(offer *mesosv1.Offer) *mesosv1.TaskInfo {
	cpus, mem := take(offer, "cpus", h.s.cpus), take(offer, "mem", h.s.mem)
	if cpus == nil || mem == nil {
		return nil
	}
	id := fmt.Sprintf("hello-%d", h.st.Launched+1)
	return &mesosv1.TaskInfo{
		Name:      proto.String(id),
		TaskId:    &mesosv1.TaskID{Value: proto.String(id)},
		AgentId:   offer.GetAgentId(),
		Resources: append(cpus, mem...),
		Command:   &mesosv1.CommandInfo{Shell: proto.Bool(true), Value: proto.String(h.s.command)},
	}
}

func (h *hello) StatusUpdate(d scheduler.Driver, st *mesosv1.TaskStatus) {
	id := st.GetTaskId().GetValue()
	h.s.log.Info("status", zap.String("task", id), zap.Stringer("state", st.GetState()), zap.String("message", st.GetMessage()))
	if !terminal(st.GetState()) || !h.st.Running[id] {
		return
	}
	delete(h.st.Running, id)
	h.st.Done++
	if st.GetState() != mesosv1.TaskState_TASK_FINISHED {
		h.s.failed.Add(1)
	}
	if h.st.Done >= h.s.tasks {
		h.s.log.Info("all tasks ended; tearing the framework down", zap.Int("tasks", h.st.Done))
		_ = d.Stop(false)
	}
}

func (h *hello) Error(d scheduler.Driver, message string) {
	h.s.log.Error("error from the master", zap.String("message", message))
}

// MarshalState and UnmarshalState make hello Stateful.
func (h *hello) MarshalState() ([]byte, error) { return json.Marshal(h.st) }

// UnmarshalState restores the progress saved before a crash.
func (h *hello) UnmarshalState(b []byte) error { return json.Unmarshal(b, &h.st) }

// terminal reports whether a task in state s is over.
func terminal(s mesosv1.TaskState) bool {
	switch s {
	case mesosv1.TaskState_TASK_FINISHED, mesosv1.TaskState_TASK_FAILED, mesosv1.TaskState_TASK_KILLED,
		mesosv1.TaskState_TASK_LOST, mesosv1.TaskState_TASK_ERROR, mesosv1.TaskState_TASK_DROPPED,
		mesosv1.TaskState_TASK_GONE, mesosv1.TaskState_TASK_GONE_BY_OPERATOR:
		return true
	}
	return false
}
