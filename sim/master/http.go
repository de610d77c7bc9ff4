package master

import (
	"fmt"
	"net/http"
	"strings"

	"github.com/mactor/mactor/internal/mesoshttp"
	schedulerv1 "github.com/mactor/mactor/messages/mesos/v1/scheduler"
	"github.com/mactor/mactor/sim/internal/simhttp"
)

// StreamIDHeader is the header naming a framework's event stream.
const StreamIDHeader = "Mesos-Stream-Id"

// serveScheduler is POST /api/v1/scheduler, with the checks in Mesos's
// order: method, Content-Type, body, call validation, Accept (SUBSCRIBE
// only), then the framework and its stream.
func (m *Master) serveScheduler(w http.ResponseWriter, r *http.Request) {
	call := &schedulerv1.Call{}
	if _, herr := simhttp.ReadCall(w, r, call); herr != nil {
		writeError(w, herr)
		return
	}
	if call.GetType() == schedulerv1.Call_UNKNOWN {
		writeError(w, refuse(http.StatusNotImplemented, "Received 'UNKNOWN' call"))
		return
	}
	if herr := validate(call); herr != nil {
		writeError(w, herr)
		return
	}
	if call.GetType() == schedulerv1.Call_SUBSCRIBE {
		out, herr := acceptable(r.Header.Values("Accept"))
		if herr != nil {
			writeError(w, herr)
			return
		}
		if r.Header.Get(StreamIDHeader) != "" {
			writeError(w, refuse(http.StatusBadRequest, "Subscribe calls should not include the 'Mesos-Stream-Id' header"))
			return
		}
		m.subscribe(w, r, call, out)
		return
	}
	code, herr := m.handle(call, r.Header.Get(StreamIDHeader))
	if herr != nil {
		writeError(w, herr)
		return
	}
	w.WriteHeader(code)
}

// acceptable picks the response encoding from Accept headers.
func acceptable(values []string) (mesoshttp.Encoding, *httpError) {
	return simhttp.ResponseEncoding(values)
}

// validate checks the parts of a call Mesos checks before it looks at the
// framework.
func validate(call *schedulerv1.Call) *httpError {
	bad := func(msg string) *httpError {
		return refuse(http.StatusBadRequest, "Failed to validate scheduler::Call: "+msg)
	}
	if call.GetType() == schedulerv1.Call_SUBSCRIBE {
		sub := call.GetSubscribe()
		if sub == nil {
			return bad("Expecting 'subscribe' to be present")
		}
		info := sub.GetFrameworkInfo()
		if info == nil {
			return bad("Expecting 'framework_info' to be present")
		}
		if call.GetFrameworkId().GetValue() != info.GetId().GetValue() {
			return bad("'framework_id' differs from 'subscribe.framework_info.id'")
		}
		return nil
	}
	if call.GetFrameworkId() == nil {
		return bad("Expecting 'framework_id' to be present")
	}
	missing := map[schedulerv1.Call_Type]bool{
		schedulerv1.Call_ACCEPT:                       call.GetAccept() == nil,
		schedulerv1.Call_DECLINE:                      call.GetDecline() == nil,
		schedulerv1.Call_KILL:                         call.GetKill() == nil,
		schedulerv1.Call_SHUTDOWN:                     call.GetShutdown() == nil,
		schedulerv1.Call_ACKNOWLEDGE:                  call.GetAcknowledge() == nil,
		schedulerv1.Call_ACKNOWLEDGE_OPERATION_STATUS: call.GetAcknowledgeOperationStatus() == nil,
		schedulerv1.Call_RECONCILE:                    call.GetReconcile() == nil,
		schedulerv1.Call_MESSAGE:                      call.GetMessage() == nil,
		schedulerv1.Call_REQUEST:                      call.GetRequest() == nil,
		schedulerv1.Call_UPDATE_FRAMEWORK:             call.GetUpdateFramework() == nil,
		schedulerv1.Call_ACCEPT_INVERSE_OFFERS:        call.GetAcceptInverseOffers() == nil,
		schedulerv1.Call_DECLINE_INVERSE_OFFERS:       call.GetDeclineInverseOffers() == nil,
	}
	if missing[call.GetType()] {
		return bad(fmt.Sprintf("Expecting '%s' to be present", strings.ToLower(call.GetType().String())))
	}
	return nil
}

// writeError answers with the status and Mesos's message as plain text.
func writeError(w http.ResponseWriter, err error) { simhttp.WriteError(w, err) }
