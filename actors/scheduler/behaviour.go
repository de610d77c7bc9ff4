package scheduler

import (
	"fmt"
	"runtime/debug"

	"github.com/asynkron/protoactor-go/actor"
	"go.uber.org/zap"

	"github.com/mactor/mactor/actors/behaviour"
	schedulerv1 "github.com/mactor/mactor/messages/mesos/v1/scheduler"
)

// behaviourActor is the actor hosting one instance of the behaviour. A
// crash replaces the instance (a fresh one from Config.New, restored from
// the StateStore if it is Stateful) while the actor keeps its mailbox.
type behaviourActor struct {
	f *framework
	d *callbackDriver
	b Scheduler
}

// Receive implements actor.Actor.
func (a *behaviourActor) Receive(ctx actor.Context) {
	switch m := ctx.Message().(type) {
	case *actor.Started:
		behaviour.Restore(a.b, a.f.store, a.f.name, a.f.log)
	case *schedulerv1.Event:
		a.handleThen(m, func() func() { return a.dispatch(m) })
	case *registered:
		a.handle(m, func() {
			if m.again {
				a.b.Reregistered(a.d, m.event)
			} else {
				a.b.Registered(a.d, m.event)
			}
		})
	case disconnected:
		a.handle(m, func() { a.b.Disconnected(a.d) })
	case *localError:
		a.handle(m, func() { a.b.Error(a.d, m.message) })
	case *callFailure:
		if h, ok := a.b.(CallFailedHandler); ok {
			a.handle(m, func() { h.CallFailed(a.d, m.call, m.err) })
		}
	case *behaviour.DrainMarker:
		m.Ack()
	}
}

// handle runs one callback. If it panics, the panic is logged with the
// event and its stack and passed on to the supervisor, which restarts the
// behaviour; the event is dropped (dead-lettered) and nothing that depends
// on it happens, in particular no acknowledgement. Otherwise the state of
// a Stateful behaviour is saved.
func (a *behaviourActor) handle(msg any, callback func()) {
	a.handleThen(msg, func() func() { callback(); return nil })
}

// handleThen is handle for a callback with a follow-up (an
// acknowledgement) that runs only once the callback has returned and the
// behaviour's state is saved: an update is never acknowledged before what
// the behaviour made of it is durable.
func (a *behaviourActor) handleThen(msg any, callback func() (then func())) {
	a.d.enter()
	defer a.d.leave()
	defer func() {
		if r := recover(); r != nil {
			a.f.log.Error("behaviour crashed; restarting it, the event is dropped",
				zap.String("event", describe(msg)),
				zap.Any("panic", r),
				zap.ByteString("stack", debug.Stack()))
			panic(r)
		}
	}()
	then := callback()
	// A failed save panics: the behaviour restarts from the last saved
	// state and the follow-up (the acknowledgement) does not run.
	behaviour.Save(a.b, a.f.store, a.f.name)
	if then != nil {
		then()
	}
}

// dispatch calls the callback of a master event; for an update to
// acknowledge it returns the acknowledgement, to send once the state is
// saved.
func (a *behaviourActor) dispatch(ev *schedulerv1.Event) (then func()) {
	d := a.d
	switch ev.GetType() {
	case schedulerv1.Event_OFFERS:
		a.b.ResourceOffers(d, ev.GetOffers().GetOffers())
	case schedulerv1.Event_INVERSE_OFFERS:
		a.b.InverseOffers(d, ev.GetInverseOffers().GetInverseOffers())
	case schedulerv1.Event_RESCIND:
		a.b.OfferRescinded(d, ev.GetRescind().GetOfferId())
	case schedulerv1.Event_RESCIND_INVERSE_OFFER:
		a.b.InverseOfferRescinded(d, ev.GetRescindInverseOffer().GetInverseOfferId())
	case schedulerv1.Event_UPDATE:
		status := ev.GetUpdate().GetStatus()
		a.b.StatusUpdate(d, status)
		if a.f.opt.autoAck && len(status.GetUuid()) > 0 {
			return func() {
				if err := a.f.acknowledge(status); err != nil {
					a.f.log.Warn("acknowledgement not sent; the master will resend the update", zap.Error(err))
				}
			}
		}
	case schedulerv1.Event_UPDATE_OPERATION_STATUS:
		status := ev.GetUpdateOperationStatus().GetStatus()
		a.b.OperationStatus(d, status)
		if a.f.opt.autoAck && len(status.GetUuid().GetValue()) > 0 {
			return func() {
				if err := a.f.acknowledgeOperation(status); err != nil {
					a.f.log.Warn("operation acknowledgement not sent", zap.Error(err))
				}
			}
		}
	case schedulerv1.Event_MESSAGE:
		m := ev.GetMessage()
		a.b.FrameworkMessage(d, m.GetAgentId(), m.GetExecutorId(), m.GetData())
	case schedulerv1.Event_FAILURE:
		fl := ev.GetFailure()
		if fl.GetExecutorId() != nil {
			a.b.ExecutorLost(d, fl.GetExecutorId(), fl.GetAgentId(), fl.GetStatus())
		} else {
			a.b.AgentLost(d, fl.GetAgentId())
		}
	case schedulerv1.Event_ERROR:
		a.b.Error(d, ev.GetError().GetMessage())
	default:
		a.f.log.Debug("event ignored", zap.Stringer("type", ev.GetType()))
	}
	return nil
}

// describe names a message for logs.
func describe(msg any) string {
	switch m := msg.(type) {
	case *schedulerv1.Event:
		return m.GetType().String()
	case *registered:
		return "SUBSCRIBED"
	case disconnected:
		return "disconnected"
	case *localError:
		return "error: " + m.message
	case *callFailure:
		return "call failed: " + m.call.GetType().String()
	}
	return fmt.Sprintf("%T", msg)
}
