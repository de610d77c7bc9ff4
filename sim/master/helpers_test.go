package master_test

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"google.golang.org/protobuf/proto"

	"github.com/mactor/mactor/internal/mesoshttp"
	mesosv1 "github.com/mactor/mactor/messages/mesos/v1"
	schedulerv1 "github.com/mactor/mactor/messages/mesos/v1/scheduler"
	"github.com/mactor/mactor/sim/master"
)

// recorder is a Module that records the names of the calls it gets.
type recorder struct {
	master.NopModule
	mu    sync.Mutex
	calls []string
	res   map[string][]*mesosv1.Resource
}

func (r *recorder) note(s string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.calls = append(r.calls, s)
}

func (r *recorder) has(s string) bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, c := range r.calls {
		if c == s {
			return true
		}
	}
	return false
}

func (r *recorder) AddFramework(context.Context, *mesosv1.FrameworkInfo, []string) error {
	r.note("addFramework")
	return nil
}

func (r *recorder) UpdateFramework(context.Context, *mesosv1.FrameworkInfo, []string) error {
	r.note("updateFramework")
	return nil
}

func (r *recorder) DeactivateFramework(context.Context, *mesosv1.FrameworkID) error {
	r.note("deactivateFramework")
	return nil
}

func (r *recorder) RemoveFramework(context.Context, *mesosv1.FrameworkID) error {
	r.note("removeFramework")
	return nil
}

func (r *recorder) SuppressOffers(context.Context, *mesosv1.FrameworkID, []string) error {
	r.note("suppressOffers")
	return nil
}

func (r *recorder) ReviveOffers(context.Context, *mesosv1.FrameworkID, []string) error {
	r.note("reviveOffers")
	return nil
}

func (r *recorder) RecoverResources(_ context.Context, _ *mesosv1.FrameworkID, _ *mesosv1.AgentID, res []*mesosv1.Resource, _ *mesosv1.Filters, _ bool) error {
	r.note("recoverResources")
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.res == nil {
		r.res = map[string][]*mesosv1.Resource{}
	}
	r.res["recover"] = append(r.res["recover"], res...)
	return nil
}

func (r *recorder) TransitionOfferedToAllocated(context.Context, *mesosv1.FrameworkID, *mesosv1.AgentID, []*mesosv1.Resource) error {
	r.note("transitionOfferedToAllocated")
	return nil
}

func (r *recorder) LaunchTaskLabels(context.Context, *mesosv1.TaskInfo, *mesosv1.FrameworkInfo, *mesosv1.AgentInfo) (*mesosv1.Labels, error) {
	r.note("masterLaunchTaskLabelDecorator")
	return &mesosv1.Labels{Labels: []*mesosv1.Label{{Key: proto.String("hooked"), Value: proto.String("yes")}}}, nil
}

// launcher is a Launcher that records launched tasks, kills, messages
// and executor shutdowns.
type launcher struct {
	mu       sync.Mutex
	tasks    []*mesosv1.TaskInfo
	killed   []string
	messages []string
	shutdown []string
	groups   []string // "executor:task,task" per LaunchGroup
}

func (l *launcher) LaunchGroup(_ context.Context, _ *mesosv1.FrameworkInfo, e *mesosv1.ExecutorInfo, tasks []*mesosv1.TaskInfo) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	ids := make([]string, len(tasks))
	for i, t := range tasks {
		ids[i] = t.GetTaskId().GetValue()
	}
	l.groups = append(l.groups, e.GetExecutorId().GetValue()+":"+strings.Join(ids, ","))
	return nil
}

func (l *launcher) Message(_ context.Context, _ *mesosv1.FrameworkID, a *mesosv1.AgentID, e *mesosv1.ExecutorID, data []byte) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.messages = append(l.messages, a.GetValue()+"/"+e.GetValue()+":"+string(data))
	return nil
}

func (l *launcher) Shutdown(_ context.Context, _ *mesosv1.FrameworkID, a *mesosv1.AgentID, e *mesosv1.ExecutorID) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.shutdown = append(l.shutdown, a.GetValue()+"/"+e.GetValue())
	return nil
}

// sent returns the messages and the shutdowns.
func (l *launcher) sent() (messages, shutdown []string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]string(nil), l.messages...), append([]string(nil), l.shutdown...)
}

func (l *launcher) Launch(_ context.Context, _ *mesosv1.FrameworkInfo, t *mesosv1.TaskInfo) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.tasks = append(l.tasks, t)
	return nil
}

func (l *launcher) Kill(_ context.Context, _ *mesosv1.FrameworkID, _ *mesosv1.AgentID, t *mesosv1.TaskID) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.killed = append(l.killed, t.GetValue())
	return nil
}

func (l *launcher) kills() []string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]string(nil), l.killed...)
}

func (l *launcher) launched() []*mesosv1.TaskInfo {
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]*mesosv1.TaskInfo(nil), l.tasks...)
}

// fixture is a master behind an httptest server.
type fixture struct {
	m   *master.Master
	srv *httptest.Server
	mod *recorder
	l   *launcher
}

func newFixture(t *testing.T, cfg master.Config) *fixture {
	t.Helper()
	fx := &fixture{mod: &recorder{}, l: &launcher{}}
	if cfg.Module == nil {
		cfg.Module = fx.mod
	}
	cfg.Launcher = fx.l
	if cfg.HeartbeatInterval == 0 {
		cfg.HeartbeatInterval = time.Hour
	}
	fx.m = master.New(cfg)
	fx.srv = httptest.NewServer(fx.m.Handler())
	t.Cleanup(func() {
		fx.m.Close()
		fx.srv.CloseClientConnections()
		fx.srv.Close()
	})
	return fx
}

// post sends call with the encoding and headers given.
func (fx *fixture) post(t *testing.T, enc mesoshttp.Encoding, call *schedulerv1.Call, hdr map[string]string) *http.Response {
	t.Helper()
	body, err := enc.Marshal(call)
	if err != nil {
		t.Fatal(err)
	}
	req, err := http.NewRequest(http.MethodPost, fx.srv.URL+"/api/v1/scheduler", bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", enc.ContentType())
	for k, v := range hdr {
		req.Header.Set(k, v)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	return resp
}

// sub is an open subscription read by a goroutine.
type sub struct {
	resp   *http.Response
	stream string
	events chan *schedulerv1.Event
}

func (fx *fixture) subscribe(t *testing.T, enc mesoshttp.Encoding, info *mesosv1.FrameworkInfo, hdr map[string]string) *sub {
	t.Helper()
	call := &schedulerv1.Call{Type: schedulerv1.Call_SUBSCRIBE.Enum(), FrameworkId: info.GetId(), Subscribe: &schedulerv1.Call_Subscribe{FrameworkInfo: info}}
	resp := fx.post(t, enc, call, hdr)
	if resp.StatusCode != http.StatusOK {
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		t.Fatalf("SUBSCRIBE: %d %s", resp.StatusCode, b)
	}
	got, _ := mesoshttp.EncodingOf(resp.Header.Get("Content-Type"))
	s := &sub{resp: resp, stream: resp.Header.Get("Mesos-Stream-Id"), events: make(chan *schedulerv1.Event, 100)}
	go func() {
		defer close(s.events)
		r := mesoshttp.NewEventReader(resp.Body, got, 0)
		for {
			ev := &schedulerv1.Event{}
			if err := r.Read(ev); err != nil {
				return
			}
			s.events <- ev
		}
	}()
	t.Cleanup(func() { resp.Body.Close() })
	return s
}

// next returns the next event that is not a HEARTBEAT.
func (s *sub) next(t *testing.T) *schedulerv1.Event {
	t.Helper()
	timeout := time.After(5 * time.Second)
	for {
		select {
		case ev, ok := <-s.events:
			if !ok {
				t.Fatal("stream ended")
			}
			if ev.GetType() != schedulerv1.Event_HEARTBEAT {
				return ev
			}
		case <-timeout:
			t.Fatal("no event within 5s")
		}
	}
}

func frameworkInfo() *mesosv1.FrameworkInfo {
	return &mesosv1.FrameworkInfo{User: proto.String("u"), Name: proto.String("test"), Roles: []string{"r"}, FailoverTimeout: proto.Float64(60)}
}

func agentInfo(id string) *mesosv1.AgentInfo {
	return &mesosv1.AgentInfo{Hostname: proto.String("host-" + id), Id: &mesosv1.AgentID{Value: proto.String(id)}}
}

func scalar(name string, v float64) *mesosv1.Resource {
	return &mesosv1.Resource{Name: proto.String(name), Type: mesosv1.Value_SCALAR.Enum(), Scalar: &mesosv1.Value_Scalar{Value: proto.Float64(v)}}
}
