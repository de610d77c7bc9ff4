package executor

import (
	"fmt"
	"runtime/debug"

	"github.com/asynkron/protoactor-go/actor"
	"go.uber.org/zap"
	"google.golang.org/protobuf/proto"

	"github.com/mactor/mactor/actors/behaviour"
	mesosv1 "github.com/mactor/mactor/messages/mesos/v1"
	executorv1 "github.com/mactor/mactor/messages/mesos/v1/executor"
)

// behaviourActor hosts one instance of the behaviour; a crash replaces the
// instance while the actor keeps its mailbox.
type behaviourActor struct {
	r *runner
	b Executor
}

// Receive implements actor.Actor.
func (a *behaviourActor) Receive(ctx actor.Context) {
	switch m := ctx.Message().(type) {
	case *actor.Started:
		behaviour.Restore(a.b, a.r.store, a.r.name, a.r.log)
	case *executorv1.Event:
		a.handle(m, func() { a.dispatch(m) })
	case *registered:
		a.handle(m, func() {
			if m.again {
				a.b.Reregistered(a.r, m.event)
			} else {
				a.b.Registered(a.r, m.event)
			}
		})
	case disconnected:
		a.handle(m, func() { a.b.Disconnected(a.r) })
	case shutdown:
		a.handle(m, func() { a.b.Shutdown(a.r) })
	case *localError:
		a.handle(m, func() { a.b.Error(a.r, m.message) })
	case *behaviour.DrainMarker:
		m.Ack()
	}
}

// handle runs one callback. A panic is logged and passed on to the
// supervisor, which restarts the behaviour; the event is dropped. A task
// whose LaunchTask (or LaunchGroup) crashed is reported TASK_FAILED, since
// nothing will ever run it.
func (a *behaviourActor) handle(msg any, callback func()) {
	inCallback := true
	defer func() {
		if r := recover(); r != nil {
			a.r.log.Error("behaviour crashed; restarting it, the event is dropped",
				zap.String("event", describe(msg)), zap.Any("panic", r), zap.ByteString("stack", debug.Stack()))
			if inCallback {
				a.failLaunch(msg, r)
			}
			panic(r)
		}
	}()
	callback()
	inCallback = false
	// A failed save panics: the behaviour restarts from the last saved
	// state, and the launch is not reported as failed.
	behaviour.Save(a.b, a.r.store, a.r.name)
}

func (a *behaviourActor) dispatch(ev *executorv1.Event) {
	d := a.r
	switch ev.GetType() {
	case executorv1.Event_LAUNCH:
		a.b.LaunchTask(d, ev.GetLaunch().GetTask())
	case executorv1.Event_LAUNCH_GROUP:
		a.b.LaunchGroup(d, ev.GetLaunchGroup().GetTaskGroup())
	case executorv1.Event_KILL:
		a.b.KillTask(d, ev.GetKill().GetTaskId(), ev.GetKill().GetKillPolicy())
	case executorv1.Event_ACKNOWLEDGED:
		a.b.Acknowledged(d, ev.GetAcknowledged().GetTaskId(), ev.GetAcknowledged().GetUuid())
	case executorv1.Event_MESSAGE:
		a.b.FrameworkMessage(d, ev.GetMessage().GetData())
	case executorv1.Event_ERROR:
		a.b.Error(d, ev.GetError().GetMessage())
	default:
		a.r.log.Debug("event ignored", zap.Stringer("type", ev.GetType()))
	}
}

// failLaunch reports TASK_FAILED for the tasks of a launch whose callback
// crashed.
func (a *behaviourActor) failLaunch(msg any, cause any) {
	ev, ok := msg.(*executorv1.Event)
	if !ok {
		return
	}
	var tasks []*mesosv1.TaskInfo
	switch ev.GetType() {
	case executorv1.Event_LAUNCH:
		tasks = []*mesosv1.TaskInfo{ev.GetLaunch().GetTask()}
	case executorv1.Event_LAUNCH_GROUP:
		tasks = ev.GetLaunchGroup().GetTaskGroup().GetTasks()
	}
	for _, t := range tasks {
		err := a.r.SendStatusUpdate(&mesosv1.TaskStatus{
			TaskId:  t.GetTaskId(),
			State:   mesosv1.TaskState_TASK_FAILED.Enum(),
			Message: proto.String(fmt.Sprintf("executor crashed launching the task: %v", cause)),
		})
		if err != nil {
			a.r.log.Error("could not report the failed launch", zap.Error(err))
		}
	}
}

func describe(msg any) string {
	switch m := msg.(type) {
	case *executorv1.Event:
		return m.GetType().String()
	case *registered:
		return "SUBSCRIBED"
	case disconnected:
		return "disconnected"
	case shutdown:
		return "SHUTDOWN"
	case *localError:
		return "error: " + m.message
	}
	return fmt.Sprintf("%T", msg)
}
