package bridge

import (
	"net/http"
	"time"

	"github.com/mactor/mactor/internal/recordio"
	bridgev1 "github.com/mactor/mactor/messages/bridge/v1"
)

// serveSubscribe opens the event stream of a module session: SUBSCRIBED
// first, then the buffered events the module has not seen, then new
// events and heartbeats, each RecordIO record flushed as its own chunk,
// until the module goes away, a newer SUBSCRIBE takes over (ERROR), or the
// engine stops (ERROR).
func (s *Server) serveSubscribe(w http.ResponseWriter, r *http.Request, call *bridgev1.Call, out Encoding) {
	session := call.GetSessionId()
	if err := ValidSessionID(session); err != nil {
		httpError(w, http.StatusBadRequest, "SUBSCRIBE needs a session: "+err.Error())
		return
	}
	if _, ok := w.(http.Flusher); !ok {
		httpError(w, http.StatusInternalServerError, "streaming unsupported")
		return
	}
	last, err := s.sessions.LastApplied(r.Context(), session)
	if err != nil {
		s.unavailable(w, err)
		return
	}
	sub, backlog, next, err := s.hub.attach(session, call.GetSubscribe().GetLastEventSequence())
	if err != nil {
		s.unavailable(w, err)
		return
	}
	defer s.hub.detach(sub)
	s.m.streams.Inc()
	defer s.m.streams.Dec()
	s.m.call(call.GetType().String(), http.StatusOK)

	w.Header().Set("Content-Type", out.ContentType())
	w.Header().Set("Cache-Control", "no-cache")
	w.WriteHeader(http.StatusOK)
	rw := recordio.NewWriter(w)
	write := func(ev *bridgev1.Event) bool {
		b, err := out.Marshal(ev)
		if err == nil {
			err = rw.WriteRecord(b)
		}
		if err != nil {
			return false
		}
		s.m.events.WithLabelValues(ev.GetType().String()).Inc()
		return true
	}
	ok := write(&bridgev1.Event{Type: bridgev1.Event_SUBSCRIBED, Payload: &bridgev1.Event_Subscribed_{Subscribed: &bridgev1.Event_Subscribed{
		SessionId:                session,
		HeartbeatIntervalSeconds: s.cfg.HeartbeatInterval.Seconds(),
		LastAppliedSequence:      last,
		EngineVersion:            s.version,
		NextEventSequence:        next,
	}}})
	for _, ev := range backlog {
		ok = ok && write(ev)
	}
	heartbeat := time.NewTicker(s.cfg.HeartbeatInterval)
	defer heartbeat.Stop()
	for ok {
		select {
		case ev := <-sub.ch:
			ok = write(ev)
		case <-heartbeat.C:
			ok = write(&bridgev1.Event{Type: bridgev1.Event_HEARTBEAT})
		case why := <-sub.gone:
			write(&bridgev1.Event{Type: bridgev1.Event_ERROR, Payload: &bridgev1.Event_Error_{Error: &bridgev1.Event_Error{Message: why}}})
			return
		case <-r.Context().Done():
			return
		}
	}
}
