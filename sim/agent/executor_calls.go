package agent

import (
	"net/http"

	"github.com/asynkron/protoactor-go/actor"
	"go.uber.org/zap"
	"google.golang.org/protobuf/proto"

	mesosv1 "github.com/mactor/mactor/messages/mesos/v1"
	executorv1 "github.com/mactor/mactor/messages/mesos/v1/executor"
	"github.com/mactor/mactor/sim/internal/simhttp"
	"github.com/mactor/mactor/sim/internal/taskstate"
)

// executorMessage handles the actor's messages about custom executors; it
// reports whether the message was one.
func (a *Agent) executorMessage(ctx actor.Context) bool {
	switch m := ctx.Message().(type) {
	case *execSubscribe:
		ctx.Respond(a.subscribe(m.call))
	case *execCall:
		ctx.Respond(a.executorCall(m.call))
	case *execDisconnected:
		for _, run := range a.executors {
			if run.stream == m.stream {
				run.stream = nil
				a.log.Info("executor disconnected", zap.String("executor", run.info.GetExecutorId().GetValue()))
			}
		}
	case *execFetched:
		a.fetched(ctx, m)
	case *execExited:
		a.executorExited(m)
	case *execTimeout:
		a.timedOut(m)
	case *Message:
		run := a.executors[executorKey(m.Framework.GetValue(), m.Executor.GetValue())]
		if run == nil || run.stream == nil {
			a.log.Info("framework message dropped: the executor is not subscribed", zap.String("executor", m.Executor.GetValue()))
			return true
		}
		run.stream.send(&executorv1.Event{Type: executorv1.Event_MESSAGE.Enum(), Message: &executorv1.Event_Message{Data: m.Data}})
	case *Shutdown:
		if run := a.executors[executorKey(m.Framework.GetValue(), m.Executor.GetValue())]; run != nil {
			a.shutdownExecutor(ctx, run)
		}
	default:
		return false
	}
	return true
}

// lookup finds the executor of a call: 400 for an unknown framework or
// executor, as Mesos answers.
func (a *Agent) lookup(call *executorv1.Call) (*executorRun, *simhttp.Error) {
	fw := call.GetFrameworkId().GetValue()
	if run := a.executors[executorKey(fw, call.GetExecutorId().GetValue())]; run != nil {
		return run, nil
	}
	for _, run := range a.executors {
		if run.fw.GetId().GetValue() == fw {
			return nil, simhttp.Refuse(http.StatusBadRequest, "Executor cannot be found")
		}
	}
	return nil, simhttp.Refuse(http.StatusBadRequest, "Framework cannot be found")
}

// subscribe opens an executor's stream: SUBSCRIBED, then the updates it
// resends are taken, then the tasks that waited for it are launched. A
// second subscription replaces the first; one while the executor is shut
// down gets only SHUTDOWN.
func (a *Agent) subscribe(call *executorv1.Call) *execReply {
	run, herr := a.lookup(call)
	if herr != nil {
		return &execReply{err: herr}
	}
	s := newExecStream()
	if run.shutdown || run.destroyed != "" {
		// As Mesos's agent answers an executor that subscribes while it
		// is being shut down: SHUTDOWN, and the connection closes.
		s.send(&executorv1.Event{Type: executorv1.Event_SHUTDOWN.Enum()})
		s.end()
		return &execReply{stream: s}
	}
	if run.stream != nil {
		run.stream.end()
	}
	run.stream = s
	if !run.subscribed && run.timer != nil {
		run.timer.Stop()
	}
	run.subscribed = true
	s.send(&executorv1.Event{Type: executorv1.Event_SUBSCRIBED.Enum(), Subscribed: &executorv1.Event_Subscribed{
		ExecutorInfo: run.info, FrameworkInfo: run.fw, AgentInfo: a.cfg.Info,
		ContainerId: &mesosv1.ContainerID{Value: proto.String(run.container)},
	}})
	a.log.Info("executor subscribed", zap.String("executor", run.info.GetExecutorId().GetValue()))
	for _, u := range call.GetSubscribe().GetUnacknowledgedUpdates() {
		a.executorUpdate(run, proto.Clone(u.GetStatus()).(*mesosv1.TaskStatus))
	}
	for _, d := range run.queued {
		s.send(run.event(d))
	}
	run.queued = nil
	return &execReply{stream: s}
}

// executorCall is UPDATE or MESSAGE from a subscribed executor.
func (a *Agent) executorCall(call *executorv1.Call) *execReply {
	run, herr := a.lookup(call)
	if herr != nil {
		return &execReply{err: herr}
	}
	if run.stream == nil {
		return &execReply{err: simhttp.Refuse(http.StatusForbidden, "Executor is not subscribed")}
	}
	switch call.GetType() {
	case executorv1.Call_UPDATE:
		a.executorUpdate(run, proto.Clone(call.GetUpdate().GetStatus()).(*mesosv1.TaskStatus))
	case executorv1.Call_MESSAGE:
		if a.cfg.Updater != nil {
			if err := a.cfg.Updater.Message(run.fw.GetId().GetValue(), a.cfg.Info.GetId(), run.info.GetExecutorId(), call.GetMessage().GetData()); err != nil {
				a.log.Info("framework message dropped", zap.Error(err))
			}
		}
	}
	return &execReply{}
}

// executorUpdate forwards an executor's status update to the master
// (which resends it to the framework until acknowledged) and acknowledges
// it to the executor, as Mesos's agent does once its status update manager
// has the update. An update seen before (same uuid) is only acknowledged
// again.
func (a *Agent) executorUpdate(run *executorRun, st *mesosv1.TaskStatus) {
	uuid := string(st.GetUuid())
	if !run.acked[uuid] {
		run.acked[uuid] = true
		st.AgentId, st.ExecutorId = a.cfg.Info.GetId(), run.info.GetExecutorId()
		if taskstate.Terminal(st.GetState()) {
			delete(run.tasks, st.GetTaskId().GetValue())
		}
		a.forward(run.fw.GetId(), st)
	}
	if run.stream != nil {
		run.stream.send(&executorv1.Event{Type: executorv1.Event_ACKNOWLEDGED.Enum(), Acknowledged: &executorv1.Event_Acknowledged{
			TaskId: st.GetTaskId(), Uuid: st.GetUuid(),
		}})
	}
}
