package master

import (
	"fmt"
	"net/http"
	"time"

	"go.uber.org/zap"
	"google.golang.org/protobuf/proto"

	"github.com/mactor/mactor/internal/mesoshttp"
	mesosv1 "github.com/mactor/mactor/messages/mesos/v1"
	schedulerv1 "github.com/mactor/mactor/messages/mesos/v1/scheduler"
)

// subscribe opens a framework's event stream: a new framework gets an id
// and is added to the allocator; a known one (failover) is updated and its
// previous stream, if any, ends with an ERROR event. The handler then
// writes events until the client goes or the stream is replaced.
func (m *Master) subscribe(w http.ResponseWriter, r *http.Request, call *schedulerv1.Call, enc mesoshttp.Encoding) {
	sub := call.GetSubscribe()
	info := proto.Clone(sub.GetFrameworkInfo()).(*mesosv1.FrameworkInfo)
	s := newStream(enc)

	m.mu.Lock()
	if m.closed {
		m.mu.Unlock()
		writeError(w, refuse(http.StatusServiceUnavailable, "Master is shutting down"))
		return
	}
	var f *framework
	if id := info.GetId().GetValue(); id != "" {
		f = m.frameworks[id]
		if f == nil || f.removed {
			m.mu.Unlock()
			// Mesos answers a removed framework with an ERROR event.
			m.refuseStream(w, enc, fmt.Sprintf("Framework %s has been removed", id))
			return
		}
		if f.failover != nil {
			f.failover.Stop()
			f.failover = nil
		}
		if old := f.stream; old != nil {
			old.send(errorEvent("Framework failed over"))
			old.end()
		}
		f.info, f.suppressed = info, sub.GetSuppressedRoles()
		f.stream = s
		if err := m.cfg.Module.UpdateFramework(m.ctx(), info, f.suppressed); err != nil {
			m.log.Warn("updateFramework", zap.Error(err))
		}
		if err := m.cfg.Module.ActivateFramework(m.ctx(), info.GetId()); err != nil {
			m.log.Warn("activateFramework", zap.Error(err))
		}
	} else {
		m.nextFW++
		info.Id = &mesosv1.FrameworkID{Value: proto.String(fmt.Sprintf("%s-%04d", m.cfg.ID, m.nextFW-1))}
		f = &framework{info: info, suppressed: sub.GetSuppressedRoles(), stream: s, tasks: map[string]*task{}, executors: map[string]*mesosv1.ExecutorInfo{}}
		m.frameworks[info.GetId().GetValue()] = f
		if err := m.cfg.Module.AddFramework(m.ctx(), info, f.suppressed); err != nil {
			m.log.Warn("addFramework", zap.Error(err))
		}
	}
	s.send(&schedulerv1.Event{
		Type: schedulerv1.Event_SUBSCRIBED.Enum(),
		Subscribed: &schedulerv1.Event_Subscribed{
			FrameworkId:              info.GetId(),
			HeartbeatIntervalSeconds: proto.Float64(m.cfg.HeartbeatInterval.Seconds()),
			MasterInfo:               m.info,
		},
	})
	s.send(heartbeat())
	// Updates not yet acknowledged are sent again on the new stream.
	for _, t := range f.tasks {
		if t.pending != nil {
			s.send(updateEvent(t.pending))
		}
	}
	m.mu.Unlock()
	m.log.Info("framework subscribed", zap.String("framework", info.GetId().GetValue()), zap.String("name", info.GetName()), zap.String("stream", s.id))

	m.serveStream(w, r, s)
	m.disconnected(info.GetId().GetValue(), s)
}

// serveStream writes s's events, one RecordIO record and one HTTP chunk
// each, with a HEARTBEAT every interval, until the client goes, the
// stream is ended, or the master closes.
func (m *Master) serveStream(w http.ResponseWriter, r *http.Request, s *stream) {
	w.Header().Set("Content-Type", s.enc.ContentType())
	w.Header().Set(StreamIDHeader, s.id)
	w.Header().Set("Cache-Control", "no-cache")
	w.WriteHeader(http.StatusOK)
	if f, ok := w.(http.Flusher); ok {
		f.Flush()
	}
	ew := mesoshttp.NewEventWriter(w, s.enc)
	ctx := r.Context()
	tick := time.NewTicker(m.cfg.HeartbeatInterval)
	defer tick.Stop()
	for {
		for _, ev := range s.take() {
			if err := ew.Write(ev); err != nil {
				m.log.Debug("stream write", zap.Error(err))
				return
			}
		}
		select {
		case <-s.wake:
		case <-tick.C:
			s.send(heartbeat())
		case <-s.done:
			// Write what is left (an ERROR event) and end.
			for _, ev := range s.take() {
				_ = ew.Write(ev)
			}
			return
		case <-ctx.Done():
			return
		case <-m.stop:
			return
		}
	}
}

// refuseStream answers a SUBSCRIBE with a stream holding one ERROR event.
func (m *Master) refuseStream(w http.ResponseWriter, enc mesoshttp.Encoding, msg string) {
	w.Header().Set("Content-Type", enc.ContentType())
	w.WriteHeader(http.StatusOK)
	_ = mesoshttp.NewEventWriter(w, enc).Write(errorEvent(msg))
}

// disconnected runs when a stream's handler returns. If s is still the
// framework's stream, the framework is deactivated, its offers are
// rescinded and its failover timer starts.
func (m *Master) disconnected(id string, s *stream) {
	m.mu.Lock()
	defer m.mu.Unlock()
	s.end()
	f := m.frameworks[id]
	if f == nil || f.stream != s {
		return
	}
	f.stream = nil
	if m.closed || f.removed {
		return
	}
	m.log.Info("framework disconnected", zap.String("framework", id))
	if err := m.cfg.Module.DeactivateFramework(m.ctx(), f.info.GetId()); err != nil {
		m.log.Warn("deactivateFramework", zap.Error(err))
	}
	m.recoverOffersLocked(id)
	timeout := time.Duration(f.info.GetFailoverTimeout() * float64(time.Second))
	f.failover = time.AfterFunc(timeout, func() { m.failoverExpired(id, f) })
}

// failoverExpired removes a framework that did not resubscribe in time.
func (m *Master) failoverExpired(id string, f *framework) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.closed || m.frameworks[id] != f || f.stream != nil || f.removed {
		return
	}
	m.log.Info("framework failover timeout", zap.String("framework", id))
	m.removeFrameworkLocked(f)
}

func heartbeat() *schedulerv1.Event {
	return &schedulerv1.Event{Type: schedulerv1.Event_HEARTBEAT.Enum()}
}

func errorEvent(msg string) *schedulerv1.Event {
	return &schedulerv1.Event{Type: schedulerv1.Event_ERROR.Enum(), Error: &schedulerv1.Event_Error{Message: proto.String(msg)}}
}

func updateEvent(st *mesosv1.TaskStatus) *schedulerv1.Event {
	return &schedulerv1.Event{Type: schedulerv1.Event_UPDATE.Enum(), Update: &schedulerv1.Event_Update{Status: st}}
}
