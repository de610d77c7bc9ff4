package module_test

import (
	"bytes"
	"context"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"google.golang.org/protobuf/proto"

	"github.com/mactor/mactor/actors/hooks"
	"github.com/mactor/mactor/bridge/client"
	"github.com/mactor/mactor/bridge/owner"
	"github.com/mactor/mactor/internal/engine"
	"github.com/mactor/mactor/internal/mesoshttp"
	"github.com/mactor/mactor/internal/testutil"
	bridgev1 "github.com/mactor/mactor/messages/bridge/v1"
	"github.com/mactor/mactor/messages/mesos"
	mesosv1 "github.com/mactor/mactor/messages/mesos/v1"
	schedulerv1 "github.com/mactor/mactor/messages/mesos/v1/scheduler"
	"github.com/mactor/mactor/sim/master"
	"github.com/mactor/mactor/sim/module"
)

// labelPolicy adds a label to every launched task.
type labelPolicy struct{ hooks.NoChange }

func (labelPolicy) MasterLaunchTaskLabelDecorator(_ context.Context, c *bridgev1.Call_MasterLaunchTaskLabelDecorator) (*mesos.Labels, error) {
	ls := proto.Clone(c.GetTaskInfo().GetLabels()).(*mesos.Labels)
	if ls == nil {
		ls = &mesos.Labels{}
	}
	ls.Labels = append(ls.Labels, &mesos.Label{Key: proto.String("policy"), Value: proto.String("sim-test")})
	return ls, nil
}

// records keeps the latest framework and agent records the engine
// announces; the test's stand-in for the allocator actor reads them.
type records struct {
	mu         sync.Mutex
	frameworks map[string]*bridgev1.FrameworkRecord
	agents     map[string]*bridgev1.AgentRecord
}

func (r *records) changed(c *owner.RecordChanged) {
	r.mu.Lock()
	defer r.mu.Unlock()
	switch rec := c.Record.(type) {
	case *bridgev1.FrameworkRecord:
		r.frameworks[rec.GetFrameworkId().GetValue()] = rec
	case *bridgev1.AgentRecord:
		r.agents[rec.GetSlaveId().GetValue()] = rec
	}
}

func (r *records) framework(id string) *bridgev1.FrameworkRecord {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.frameworks[id]
}

func (r *records) agent(id string) *bridgev1.AgentRecord {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.agents[id]
}

type launches struct {
	mu    sync.Mutex
	tasks []*mesosv1.TaskInfo
}

func (l *launches) Launch(_ context.Context, _ *mesosv1.FrameworkInfo, t *mesosv1.TaskInfo) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.tasks = append(l.tasks, t)
	return nil
}

func (l *launches) Kill(context.Context, *mesosv1.FrameworkID, *mesosv1.AgentID, *mesosv1.TaskID) error {
	return nil
}

// Message drops the framework message: no executor runs in this test.
func (l *launches) Message(context.Context, *mesosv1.FrameworkID, *mesosv1.AgentID, *mesosv1.ExecutorID, []byte) error {
	return nil
}

// Shutdown has no executor to stop.
func (l *launches) Shutdown(context.Context, *mesosv1.FrameworkID, *mesosv1.AgentID, *mesosv1.ExecutorID) error {
	return nil
}

// LaunchGroup records the group's tasks as launched.
func (l *launches) LaunchGroup(_ context.Context, _ *mesosv1.FrameworkInfo, _ *mesosv1.ExecutorInfo, ts []*mesosv1.TaskInfo) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.tasks = append(l.tasks, ts...)
	return nil
}

func (l *launches) get() []*mesosv1.TaskInfo {
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]*mesosv1.TaskInfo(nil), l.tasks...)
}

// TestThroughTheEngine runs the master's module side against a real engine
// over the bridge. The allocator actor is not wired yet, so the test
// publishes the OFFERS event on the engine's hub itself, from the records
// the engine announced; the offer reaches the scheduler only through the
// bridge's SUBSCRIBE stream.
func TestThroughTheEngine(t *testing.T) {
	recs := &records{frameworks: map[string]*bridgev1.FrameworkRecord{}, agents: map[string]*bridgev1.AgentRecord{}}
	e, err := engine.Start(engine.Config{Listen: "127.0.0.1:0", HTTP: "127.0.0.1:0", DataDir: t.TempDir(),
		HookPolicy: labelPolicy{}, OnRecordChanged: recs.changed}, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer e.Stop(context.Background())
	c := client.New(client.Config{Addr: e.BridgeAddr()})
	defer c.Close()
	b := module.New(c, nil)
	l := &launches{}
	m := master.New(master.Config{Module: b, Launcher: l, HeartbeatInterval: time.Hour})
	srv := httptest.NewServer(m.Handler())
	defer srv.Close()
	defer m.Close()
	ctx, cancel := context.WithCancel(context.Background())
	pumped := make(chan struct{})
	go func() {
		defer close(pumped)
		_ = b.Offers(ctx, "sim-test", m)
	}()
	defer func() { cancel(); <-pumped }()

	// A starting master's first calls; the engine takes both.
	for _, call := range []*bridgev1.Call{client.InitializeCall(module.MesosOptions()), client.RecoverCall(&bridgev1.Call_Recover{})} {
		if _, err := c.Send(ctx, call); err != nil {
			t.Fatalf("%s: %v", call.GetType(), err)
		}
	}

	agent := &mesosv1.AgentInfo{Hostname: proto.String("agent-1.sim"), Id: &mesosv1.AgentID{Value: proto.String("S1")},
		Resources: []*mesosv1.Resource{{Name: proto.String("cpus"), Type: mesosv1.Value_SCALAR.Enum(), Scalar: &mesosv1.Value_Scalar{Value: proto.Float64(4)}}}}
	m.AddAgent(agent)
	if err := b.AddSlave(ctx, agent); err != nil {
		t.Fatal(err)
	}

	// SUBSCRIBE: addFramework reaches the engine.
	info := &mesosv1.FrameworkInfo{User: proto.String("u"), Name: proto.String("n"), Roles: []string{"r"}}
	body, _ := mesoshttp.JSON.Marshal(&schedulerv1.Call{Type: schedulerv1.Call_SUBSCRIBE.Enum(), Subscribe: &schedulerv1.Call_Subscribe{FrameworkInfo: info}})
	resp, err := http.Post(srv.URL+"/api/v1/scheduler", mesoshttp.ContentTypeJSON, bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	stream := resp.Header.Get(master.StreamIDHeader)
	events := make(chan *schedulerv1.Event, 16)
	go func() {
		r := mesoshttp.NewEventReader(resp.Body, mesoshttp.JSON, 0)
		for {
			ev := &schedulerv1.Event{}
			if r.Read(ev) != nil {
				close(events)
				return
			}
			if ev.GetType() != schedulerv1.Event_HEARTBEAT {
				events <- ev
			}
		}
	}()
	next := func() *schedulerv1.Event {
		select {
		case ev := <-events:
			return ev
		case <-time.After(5 * time.Second):
			t.Fatal("no event")
			return nil
		}
	}
	fw := next().GetSubscribed().GetFrameworkId()
	testutil.Eventually(t, 5*time.Second, func() bool {
		return recs.framework(fw.GetValue()).GetAdded() && recs.agent("S1").GetAdded()
	}, "the engine has the framework and the agent")

	// The stand-in allocator: offer the agent's total to the framework.
	testutil.Eventually(t, 5*time.Second, e.Bridge().Hub().Subscribed, "the sim subscribed to the bridge")
	if _, err := e.Bridge().Hub().PublishOffers(&bridgev1.Event_Offers{
		FrameworkId: &mesos.FrameworkID{Value: fw.Value},
		Roles:       []*bridgev1.RoleResources{{Role: "r", Slaves: []*bridgev1.SlaveResources{{SlaveId: &mesos.SlaveID{Value: proto.String("S1")}, Resources: recs.agent("S1").GetTotal()}}}},
	}); err != nil {
		t.Fatal(err)
	}
	ev := next()
	if ev.GetType() != schedulerv1.Event_OFFERS || ev.GetOffers().GetOffers()[0].GetHostname() != "agent-1.sim" {
		t.Fatalf("want the offer, got %v", ev)
	}
	o := ev.GetOffers().GetOffers()[0]

	// ACCEPT: the launch hook's labels are on the launched task, and every
	// allocator call the master made is durable in the engine.
	task := &mesosv1.TaskInfo{Name: proto.String("t"), TaskId: &mesosv1.TaskID{Value: proto.String("t1")}, AgentId: o.GetAgentId(),
		Resources: []*mesosv1.Resource{{Name: proto.String("cpus"), Type: mesosv1.Value_SCALAR.Enum(), Scalar: &mesosv1.Value_Scalar{Value: proto.Float64(1)}}}}
	body, _ = mesoshttp.JSON.Marshal(&schedulerv1.Call{Type: schedulerv1.Call_ACCEPT.Enum(), FrameworkId: fw, Accept: &schedulerv1.Call_Accept{
		OfferIds:   []*mesosv1.OfferID{o.GetId()},
		Operations: []*mesosv1.Offer_Operation{{Type: mesosv1.Offer_Operation_LAUNCH.Enum(), Launch: &mesosv1.Offer_Operation_Launch{TaskInfos: []*mesosv1.TaskInfo{task}}}},
	}})
	req, _ := http.NewRequest(http.MethodPost, srv.URL+"/api/v1/scheduler", bytes.NewReader(body))
	req.Header.Set("Content-Type", mesoshttp.ContentTypeJSON)
	req.Header.Set(master.StreamIDHeader, stream)
	ar, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	ar.Body.Close()
	if ar.StatusCode != http.StatusAccepted {
		t.Fatalf("ACCEPT: %d", ar.StatusCode)
	}
	testutil.Eventually(t, 5*time.Second, func() bool { return len(l.get()) == 1 }, "launched")
	if ls := l.get()[0].GetLabels().GetLabels(); len(ls) != 1 || ls[0].GetValue() != "sim-test" {
		t.Fatalf("labels %v", ls)
	}
	testutil.Eventually(t, 5*time.Second, func() bool { return c.Queued() == 0 }, "every allocator call acknowledged")
}

func TestAllocation(t *testing.T) {
	cpus := func(v float64) *mesos.Resource {
		return &mesos.Resource{Name: proto.String("cpus"), Type: mesos.Value_SCALAR.Enum(), Scalar: &mesos.Value_Scalar{Value: proto.Float64(v)}}
	}
	tests := []struct {
		name string
		in   *bridgev1.Event_Offers
		want map[string]map[string]float64
	}{
		{"empty", &bridgev1.Event_Offers{}, map[string]map[string]float64{}},
		{"two roles", &bridgev1.Event_Offers{Roles: []*bridgev1.RoleResources{
			{Role: "a", Slaves: []*bridgev1.SlaveResources{{SlaveId: &mesos.SlaveID{Value: proto.String("S1")}, Resources: []*mesos.Resource{cpus(1)}}}},
			{Role: "b", Slaves: []*bridgev1.SlaveResources{{SlaveId: &mesos.SlaveID{Value: proto.String("S2")}, Resources: []*mesos.Resource{cpus(2)}}}},
		}}, map[string]map[string]float64{"a": {"S1": 1}, "b": {"S2": 2}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := module.Allocation(tt.in)
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != len(tt.want) {
				t.Fatalf("got %v", got)
			}
			for role, agents := range tt.want {
				for agent, v := range agents {
					if rs := got[role][agent]; len(rs) != 1 || rs[0].GetScalar().GetValue() != v {
						t.Fatalf("%s/%s: %v", role, agent, rs)
					}
				}
			}
		})
	}
}
