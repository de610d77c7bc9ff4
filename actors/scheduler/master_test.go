package scheduler_test

import (
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"google.golang.org/protobuf/proto"

	"github.com/mactor/mactor/actors/behaviour/behaviourtest"
	"github.com/mactor/mactor/internal/mesoshttp"
	mesosv1 "github.com/mactor/mactor/messages/mesos/v1"
	schedulerv1 "github.com/mactor/mactor/messages/mesos/v1/scheduler"
)

// recorded is a call the fake master received.
type recorded struct {
	call   *schedulerv1.Call
	header http.Header
	enc    mesoshttp.Encoding
}

// stream is one SUBSCRIBE response being written by a script.
type stream = behaviourtest.Stream

// fakeMaster is a Mesos master's scheduler endpoint driven by the test.
type fakeMaster struct {
	t    testing.TB
	srv  *httptest.Server
	quit chan struct{}

	// subscribe scripts SUBSCRIBE number n; it runs in the handler and the
	// stream ends when it returns. Nil holds every stream open after
	// SUBSCRIBED.
	subscribe func(s *stream)
	mu        sync.Mutex
	// answer decides the response to other calls; nil means 202.
	answer     func(c *schedulerv1.Call) (int, string)
	subscribes []recorded
	calls      []recorded
	changed    chan struct{}
}

func newFakeMaster(t testing.TB, subscribe func(s *stream)) *fakeMaster {
	m := &fakeMaster{t: t, quit: make(chan struct{}), subscribe: subscribe, changed: make(chan struct{}, 1)}
	m.srv = httptest.NewServer(http.HandlerFunc(m.serve))
	t.Cleanup(m.close)
	return m
}

func (m *fakeMaster) close() {
	select {
	case <-m.quit:
	default:
		close(m.quit)
	}
	m.srv.Close()
}

func (m *fakeMaster) url() string { return m.srv.URL }

// setAnswer sets how calls other than SUBSCRIBE are answered.
func (m *fakeMaster) setAnswer(f func(c *schedulerv1.Call) (int, string)) {
	m.mu.Lock()
	m.answer = f
	m.mu.Unlock()
}

func (m *fakeMaster) serve(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost {
		http.Error(w, "Expecting 'POST'", http.StatusMethodNotAllowed)
		return
	}
	enc, ok := mesoshttp.EncodingOf(r.Header.Get("Content-Type"))
	if !ok {
		http.Error(w, "Expecting 'Content-Type' of application/json or application/x-protobuf", http.StatusUnsupportedMediaType)
		return
	}
	body, _ := io.ReadAll(r.Body)
	call := &schedulerv1.Call{}
	if err := enc.Unmarshal(body, call); err != nil {
		http.Error(w, "Failed to parse body into Call protobuf: "+err.Error(), http.StatusBadRequest)
		return
	}
	rec := recorded{call: call, header: r.Header.Clone(), enc: enc}
	if call.GetType() != schedulerv1.Call_SUBSCRIBE {
		m.record(func() { m.calls = append(m.calls, rec) })
		status, msg := http.StatusAccepted, ""
		m.mu.Lock()
		answer := m.answer
		m.mu.Unlock()
		if answer != nil {
			status, msg = answer(call)
		}
		if status >= 400 {
			http.Error(w, msg, status)
			return
		}
		w.WriteHeader(status)
		return
	}
	if r.Header.Get(mesoshttp.HeaderStreamID) != "" {
		http.Error(w, "Subscribe calls should not include the 'Mesos-Stream-Id' header", http.StatusBadRequest)
		return
	}
	var n int
	m.record(func() { m.subscribes = append(m.subscribes, rec); n = len(m.subscribes) })
	w.Header().Set("Content-Type", enc.ContentType())
	w.Header().Set(mesoshttp.HeaderStreamID, streamID(n))
	w.WriteHeader(http.StatusOK)
	w.(http.Flusher).Flush()
	s := &stream{W: w, Enc: enc, N: n, Gone: r.Context().Done(), Quit: m.quit}
	if m.subscribe != nil {
		m.subscribe(s)
		return
	}
	s.Send(subscribed(frameworkID, 15))
	s.Hold()
}

func (m *fakeMaster) record(f func()) {
	m.mu.Lock()
	f()
	m.mu.Unlock()
	select {
	case m.changed <- struct{}{}:
	default:
	}
}

// streamID is the Mesos-Stream-Id of the n-th subscription.
func streamID(n int) string { return fmt.Sprintf("7c0e2b1a-0000-4000-8000-%012d", n) }

// Calls returns the calls other than SUBSCRIBE received so far.
func (m *fakeMaster) Calls() []recorded {
	m.mu.Lock()
	defer m.mu.Unlock()
	return append([]recorded(nil), m.calls...)
}

// Subscribes returns the SUBSCRIBE calls received so far.
func (m *fakeMaster) Subscribes() []recorded {
	m.mu.Lock()
	defer m.mu.Unlock()
	return append([]recorded(nil), m.subscribes...)
}

// callsOf returns the received calls of type t.
func (m *fakeMaster) callsOf(t schedulerv1.Call_Type) []recorded {
	var out []recorded
	for _, c := range m.Calls() {
		if c.call.GetType() == t {
			out = append(out, c)
		}
	}
	return out
}

// waitFor waits until cond holds for the master's records.
func (m *fakeMaster) waitFor(what string, cond func() bool) {
	m.t.Helper()
	deadline := time.NewTimer(10 * time.Second)
	defer deadline.Stop()
	for !cond() {
		select {
		case <-m.changed:
		case <-time.After(20 * time.Millisecond):
		case <-deadline.C:
			m.t.Fatalf("fake master: timed out waiting for %s (subscribes %d, calls %d)", what, len(m.Subscribes()), len(m.Calls()))
		}
	}
}

// Event builders.

const frameworkID = "5a1d2c3e-8f4b-4c1e-9d7a-2b6e0f3c4d5e-0000"

func subscribed(id string, heartbeat float64) *schedulerv1.Event {
	return &schedulerv1.Event{
		Type: schedulerv1.Event_SUBSCRIBED.Enum(),
		Subscribed: &schedulerv1.Event_Subscribed{
			FrameworkId:              &mesosv1.FrameworkID{Value: proto.String(id)},
			HeartbeatIntervalSeconds: proto.Float64(heartbeat),
		},
	}
}

func heartbeat() *schedulerv1.Event {
	return &schedulerv1.Event{Type: schedulerv1.Event_HEARTBEAT.Enum()}
}

func offer(id string) *mesosv1.Offer {
	return &mesosv1.Offer{
		Id:          &mesosv1.OfferID{Value: proto.String(id)},
		FrameworkId: &mesosv1.FrameworkID{Value: proto.String(frameworkID)},
		AgentId:     &mesosv1.AgentID{Value: proto.String("agent-" + id)},
		Hostname:    proto.String("agent.local"),
		Resources: []*mesosv1.Resource{{
			Name:   proto.String("cpus"),
			Type:   mesosv1.Value_SCALAR.Enum(),
			Scalar: &mesosv1.Value_Scalar{Value: proto.Float64(1)},
		}},
	}
}

func offers(ids ...string) *schedulerv1.Event {
	ev := &schedulerv1.Event{Type: schedulerv1.Event_OFFERS.Enum(), Offers: &schedulerv1.Event_Offers{}}
	for _, id := range ids {
		ev.Offers.Offers = append(ev.Offers.Offers, offer(id))
	}
	return ev
}

func taskUpdate(task string, state mesosv1.TaskState, uuid string) *schedulerv1.Event {
	st := &mesosv1.TaskStatus{
		TaskId:  &mesosv1.TaskID{Value: proto.String(task)},
		State:   state.Enum(),
		AgentId: &mesosv1.AgentID{Value: proto.String("agent-1")},
		Source:  mesosv1.TaskStatus_SOURCE_EXECUTOR.Enum(),
	}
	if uuid != "" {
		st.Uuid = []byte(uuid)
	}
	return &schedulerv1.Event{Type: schedulerv1.Event_UPDATE.Enum(), Update: &schedulerv1.Event_Update{Status: st}}
}

func errorEvent(msg string) *schedulerv1.Event {
	return &schedulerv1.Event{Type: schedulerv1.Event_ERROR.Enum(), Error: &schedulerv1.Event_Error{Message: proto.String(msg)}}
}
