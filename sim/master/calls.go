package master

import (
	"fmt"
	"net/http"

	"go.uber.org/zap"
	"google.golang.org/protobuf/proto"

	mesosv1 "github.com/mactor/mactor/messages/mesos/v1"
	schedulerv1 "github.com/mactor/mactor/messages/mesos/v1/scheduler"
)

// handle runs a call other than SUBSCRIBE after the framework and stream
// checks, and returns the status to answer with (202, or 200 for
// UPDATE_FRAMEWORK). ACCEPT and DECLINE release the master's lock while
// the launch hook runs.
func (m *Master) handle(call *schedulerv1.Call, streamID string) (int, *httpError) {
	m.mu.Lock()
	f, herr := m.subscribedLocked(call, streamID)
	if herr != nil {
		m.mu.Unlock()
		return 0, herr
	}
	var (
		a       *acceptance
		filters *mesosv1.Filters
	)
	switch call.GetType() {
	case schedulerv1.Call_ACCEPT:
		acc := call.GetAccept()
		a, filters = m.takeOffersLocked(f, acc.GetOfferIds(), acc.GetOperations()), acc.GetFilters()
	case schedulerv1.Call_DECLINE:
		d := call.GetDecline()
		a, filters = m.takeOffersLocked(f, d.GetOfferIds(), nil), d.GetFilters()
	default:
		defer m.mu.Unlock()
		return m.handleLocked(f, call)
	}
	m.mu.Unlock()
	if len(a.launch) > 0 {
		m.decorate(a)
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	m.finishAcceptLocked(a, filters)
	return http.StatusAccepted, nil
}

// subscribedLocked finds the call's framework and checks its stream.
func (m *Master) subscribedLocked(call *schedulerv1.Call, streamID string) (*framework, *httpError) {
	id := call.GetFrameworkId().GetValue()
	f := m.frameworks[id]
	if f == nil || f.removed {
		return nil, refuse(http.StatusBadRequest, "Framework cannot be found")
	}
	if f.stream == nil {
		return nil, refuse(http.StatusForbidden, "Framework is not subscribed")
	}
	if streamID == "" {
		return nil, refuse(http.StatusBadRequest, "All non-subscribe calls should include the 'Mesos-Stream-Id' header")
	}
	if streamID != f.stream.id {
		return nil, refuse(http.StatusBadRequest, fmt.Sprintf("The stream ID '%s' included in this request didn't match the stream ID currently associated with framework ID %s", streamID, id))
	}
	return f, nil
}

// handleLocked runs the calls that call no hook.
func (m *Master) handleLocked(f *framework, call *schedulerv1.Call) (int, *httpError) {
	id := f.info.GetId().GetValue()
	ctx := m.ctx()
	mod := m.cfg.Module
	warn := func(what string, err error) {
		if err != nil {
			m.log.Warn(what, zap.String("framework", id), zap.Error(err))
		}
	}
	switch call.GetType() {
	case schedulerv1.Call_TEARDOWN:
		m.removeFrameworkLocked(f)
	case schedulerv1.Call_ACCEPT_INVERSE_OFFERS, schedulerv1.Call_DECLINE_INVERSE_OFFERS:
		// The sim sends no inverse offers; there is nothing to answer.
	case schedulerv1.Call_REVIVE:
		warn("reviveOffers", mod.ReviveOffers(ctx, f.info.GetId(), call.GetRevive().GetRoles()))
	case schedulerv1.Call_SUPPRESS:
		warn("suppressOffers", mod.SuppressOffers(ctx, f.info.GetId(), call.GetSuppress().GetRoles()))
	case schedulerv1.Call_KILL:
		m.killLocked(f, call.GetKill().GetTaskId(), call.GetKill().GetAgentId())
	case schedulerv1.Call_SHUTDOWN:
		sh := call.GetShutdown()
		if m.cfg.Launcher != nil {
			warn("shutdown", m.cfg.Launcher.Shutdown(ctx, f.info.GetId(), sh.GetAgentId(), sh.GetExecutorId()))
		}
	case schedulerv1.Call_ACKNOWLEDGE:
		m.acknowledgeLocked(f, call.GetAcknowledge())
	case schedulerv1.Call_ACKNOWLEDGE_OPERATION_STATUS, schedulerv1.Call_RECONCILE_OPERATIONS:
		// Operations with ids are not simulated; no update is pending.
	case schedulerv1.Call_RECONCILE:
		m.reconcileLocked(f, call.GetReconcile().GetTasks())
	case schedulerv1.Call_MESSAGE:
		// Unreliable by contract: an unknown agent or executor drops it.
		msg := call.GetMessage()
		if m.cfg.Launcher != nil {
			warn("message", m.cfg.Launcher.Message(ctx, f.info.GetId(), msg.GetAgentId(), msg.GetExecutorId(), msg.GetData()))
		}
	case schedulerv1.Call_REQUEST:
		warn("requestResources", mod.RequestResources(ctx, f.info.GetId(), call.GetRequest().GetRequests()))
	case schedulerv1.Call_UPDATE_FRAMEWORK:
		u := call.GetUpdateFramework()
		info := u.GetFrameworkInfo()
		if info.GetId().GetValue() != id {
			return 0, refuse(http.StatusBadRequest, "Failed to validate scheduler::Call: 'framework_info.id' differs from 'framework_id'")
		}
		f.info = proto.Clone(info).(*mesosv1.FrameworkInfo)
		f.suppressed = u.GetSuppressedRoles()
		warn("updateFramework", mod.UpdateFramework(ctx, f.info, f.suppressed))
		return http.StatusOK, nil
	default:
		return 0, refuse(http.StatusNotImplemented, fmt.Sprintf("Received '%s' call", call.GetType()))
	}
	return http.StatusAccepted, nil
}
