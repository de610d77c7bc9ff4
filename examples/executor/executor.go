package main

import (
	"context"
	"fmt"
	"os"
	"sync"
	"time"

	"go.uber.org/zap"
	"google.golang.org/protobuf/proto"

	"github.com/mactor/mactor/actors/executor"
	mesosv1 "github.com/mactor/mactor/messages/mesos/v1"
	executorv1 "github.com/mactor/mactor/messages/mesos/v1/executor"
)

// sleeper is the custom executor. A task's data is how long it works
// ("2s"); when done it tells the scheduler with a framework message and
// reports TASK_FINISHED. Kill and shutdown cut the work short.
type sleeper struct {
	executor.Base
	log   *zap.Logger
	tasks map[string]context.CancelFunc
	work  sync.WaitGroup
}

func newSleeper(log *zap.Logger) func() executor.Executor {
	return func() executor.Executor {
		return &sleeper{log: log, tasks: map[string]context.CancelFunc{}}
	}
}

func (s *sleeper) Registered(d executor.Driver, e *executorv1.Event_Subscribed) {
	s.log.Info("registered with the agent", zap.String("agent", e.GetAgentInfo().GetHostname()))
}

func (s *sleeper) LaunchTask(d executor.Driver, task *mesosv1.TaskInfo) {
	id := task.GetTaskId()
	work, err := time.ParseDuration(string(task.GetData()))
	if err != nil {
		s.update(d, id, mesosv1.TaskState_TASK_ERROR, "task data is not a duration: "+err.Error())
		return
	}
	ctx, cancel := context.WithCancel(context.Background())
	s.tasks[id.GetValue()] = cancel
	s.update(d, id, mesosv1.TaskState_TASK_RUNNING, "")
	s.work.Add(1)
	go func() {
		defer s.work.Done()
		t := time.NewTimer(work)
		defer t.Stop()
		select {
		case <-t.C:
			host, _ := os.Hostname()
			_ = d.SendFrameworkMessage(fmt.Appendf(nil, "%s worked %s on %s", id.GetValue(), work, host))
			s.update(d, id, mesosv1.TaskState_TASK_FINISHED, "")
		case <-ctx.Done():
			s.update(d, id, mesosv1.TaskState_TASK_KILLED, "killed")
		}
	}()
}

func (s *sleeper) KillTask(d executor.Driver, task *mesosv1.TaskID, _ *mesosv1.KillPolicy) {
	if cancel, ok := s.tasks[task.GetValue()]; ok {
		cancel()
		return
	}
	s.update(d, task, mesosv1.TaskState_TASK_KILLED, "not running")
}

func (s *sleeper) FrameworkMessage(d executor.Driver, data []byte) {
	s.log.Info("message from the scheduler", zap.ByteString("data", data))
}

// Shutdown kills every task, waits for their TASK_KILLED updates to be
// queued, and stops the driver (which sends them before it stops).
func (s *sleeper) Shutdown(d executor.Driver) {
	for _, cancel := range s.tasks {
		cancel()
	}
	s.work.Wait()
	_ = d.Stop()
}

func (s *sleeper) Error(d executor.Driver, message string) {
	s.log.Error("error", zap.String("message", message))
}

func (s *sleeper) update(d executor.Driver, id *mesosv1.TaskID, state mesosv1.TaskState, msg string) {
	st := &mesosv1.TaskStatus{TaskId: id, State: state.Enum()}
	if msg != "" {
		st.Message = proto.String(msg)
	}
	if err := d.SendStatusUpdate(st); err != nil {
		s.log.Error("status update not sent", zap.Error(err))
	}
}
