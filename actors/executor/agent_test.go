package executor_test

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"google.golang.org/protobuf/proto"

	"github.com/mactor/mactor/actors/behaviour/behaviourtest"
	"github.com/mactor/mactor/internal/mesoshttp"
	mesosv1 "github.com/mactor/mactor/messages/mesos/v1"
	executorv1 "github.com/mactor/mactor/messages/mesos/v1/executor"
)

type recorded struct {
	call   *executorv1.Call
	header http.Header
	enc    mesoshttp.Encoding
}

// stream is one SUBSCRIBE response being written by a script.
type stream = behaviourtest.Stream

// fakeAgent is an agent's executor endpoint driven by the test.
type fakeAgent struct {
	t    testing.TB
	srv  *httptest.Server
	quit chan struct{}

	subscribe func(s *stream)

	mu         sync.Mutex
	refuse     func(n int) (int, string) // answer to SUBSCRIBE number n; 0 means accept
	subscribes []recorded
	calls      []recorded
}

func newFakeAgent(t testing.TB, subscribe func(s *stream)) *fakeAgent {
	a := &fakeAgent{t: t, quit: make(chan struct{}), subscribe: subscribe}
	a.srv = httptest.NewServer(http.HandlerFunc(a.serve))
	t.Cleanup(a.close)
	return a
}

func (a *fakeAgent) close() {
	select {
	case <-a.quit:
	default:
		close(a.quit)
	}
	a.srv.Close()
}

func (a *fakeAgent) endpoint() string { return strings.TrimPrefix(a.srv.URL, "http://") }

func (a *fakeAgent) setRefuse(f func(n int) (int, string)) {
	a.mu.Lock()
	a.refuse = f
	a.mu.Unlock()
}

func (a *fakeAgent) serve(w http.ResponseWriter, r *http.Request) {
	if !strings.HasSuffix(r.URL.Path, "/api/v1/executor") {
		http.NotFound(w, r)
		return
	}
	enc, ok := mesoshttp.EncodingOf(r.Header.Get("Content-Type"))
	if !ok {
		http.Error(w, "unsupported Content-Type", http.StatusUnsupportedMediaType)
		return
	}
	body, _ := io.ReadAll(r.Body)
	call := &executorv1.Call{}
	if err := enc.Unmarshal(body, call); err != nil {
		http.Error(w, "Failed to parse body into Call protobuf: "+err.Error(), http.StatusBadRequest)
		return
	}
	rec := recorded{call: call, header: r.Header.Clone(), enc: enc}
	if call.GetType() != executorv1.Call_SUBSCRIBE {
		a.mu.Lock()
		a.calls = append(a.calls, rec)
		a.mu.Unlock()
		w.WriteHeader(http.StatusAccepted)
		return
	}
	a.mu.Lock()
	a.subscribes = append(a.subscribes, rec)
	n := len(a.subscribes)
	refuse := a.refuse
	a.mu.Unlock()
	if refuse != nil {
		if code, msg := refuse(n); code != 0 {
			http.Error(w, msg, code)
			return
		}
	}
	w.Header().Set("Content-Type", enc.ContentType())
	w.WriteHeader(http.StatusOK)
	w.(http.Flusher).Flush()
	s := &stream{W: w, Enc: enc, N: n, Gone: r.Context().Done(), Quit: a.quit}
	if a.subscribe != nil {
		a.subscribe(s)
		return
	}
	s.Send(subscribedEvent())
	s.Hold()
}

func (a *fakeAgent) Subscribes() []recorded {
	a.mu.Lock()
	defer a.mu.Unlock()
	return append([]recorded(nil), a.subscribes...)
}

func (a *fakeAgent) Calls() []recorded {
	a.mu.Lock()
	defer a.mu.Unlock()
	return append([]recorded(nil), a.calls...)
}

// updates returns the UPDATE calls' statuses received so far.
func (a *fakeAgent) updates() []*mesosv1.TaskStatus {
	var out []*mesosv1.TaskStatus
	for _, c := range a.Calls() {
		if c.call.GetType() == executorv1.Call_UPDATE {
			out = append(out, c.call.GetUpdate().GetStatus())
		}
	}
	return out
}

func (a *fakeAgent) waitFor(what string, cond func() bool) {
	a.t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			a.t.Fatalf("fake agent: timed out waiting for %s (subscribes %d, calls %d)", what, len(a.Subscribes()), len(a.Calls()))
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// Event builders.

const (
	frameworkID = "5a1d2c3e-8f4b-4c1e-9d7a-2b6e0f3c4d5e-0000"
	executorID  = "hello-executor"
)

func subscribedEvent() *executorv1.Event {
	return &executorv1.Event{
		Type: executorv1.Event_SUBSCRIBED.Enum(),
		Subscribed: &executorv1.Event_Subscribed{
			ExecutorInfo: &mesosv1.ExecutorInfo{
				ExecutorId: &mesosv1.ExecutorID{Value: proto.String(executorID)},
				Command:    &mesosv1.CommandInfo{Value: proto.String("./executor")},
			},
			FrameworkInfo: &mesosv1.FrameworkInfo{User: proto.String("root"), Name: proto.String("test")},
			AgentInfo:     &mesosv1.AgentInfo{Hostname: proto.String("agent-1.local")},
		},
	}
}

func launch(task string) *executorv1.Event {
	return &executorv1.Event{Type: executorv1.Event_LAUNCH.Enum(), Launch: &executorv1.Event_Launch{Task: taskInfo(task)}}
}

func taskInfo(task string) *mesosv1.TaskInfo {
	return &mesosv1.TaskInfo{
		Name:    proto.String(task),
		TaskId:  &mesosv1.TaskID{Value: proto.String(task)},
		AgentId: &mesosv1.AgentID{Value: proto.String("S0")},
	}
}

func acknowledgedEvent(task string, uuid []byte) *executorv1.Event {
	return &executorv1.Event{Type: executorv1.Event_ACKNOWLEDGED.Enum(), Acknowledged: &executorv1.Event_Acknowledged{
		TaskId: &mesosv1.TaskID{Value: proto.String(task)}, Uuid: uuid,
	}}
}

func shutdownEvent() *executorv1.Event {
	return &executorv1.Event{Type: executorv1.Event_SHUTDOWN.Enum()}
}
