package main

import (
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/asynkron/protoactor-go/actor"
	"go.uber.org/goleak"
	"go.uber.org/zap/zaptest"
	"google.golang.org/protobuf/proto"

	"github.com/mactor/mactor/actors/executor"
	"github.com/mactor/mactor/actors/scheduler"
	"github.com/mactor/mactor/internal/mesoshttp"
	mesosv1 "github.com/mactor/mactor/messages/mesos/v1"
	executorv1 "github.com/mactor/mactor/messages/mesos/v1/executor"
	schedulerv1 "github.com/mactor/mactor/messages/mesos/v1/scheduler"
)

func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m, goleak.IgnoreAnyFunction("github.com/asynkron/protoactor-go/actor.NewDeadLetter.NewThrottle.func4.1"))
}

// cluster is a one-agent Mesos in miniature: a master endpoint for the
// framework and an agent endpoint for its executor, which the cluster
// starts in-process when the first task arrives. It forwards LAUNCH to the
// executor, the executor's updates and messages to the framework, and
// SHUTDOWN to the executor on TEARDOWN.
type cluster struct {
	t       *testing.T
	sys     *actor.ActorSystem
	master  *httptest.Server
	agent   *httptest.Server
	toExec  chan *executorv1.Event  // events for the executor stream
	toFw    chan *schedulerv1.Event // events for the framework stream
	mu      sync.Mutex
	exec    executor.Driver
	calls   []string // every call either endpoint got, in order
	offerN  int
	stopped chan struct{}
}

func newCluster(t *testing.T) *cluster {
	c := &cluster{t: t, toExec: make(chan *executorv1.Event, 64), toFw: make(chan *schedulerv1.Event, 64), stopped: make(chan struct{})}
	c.sys = actor.NewActorSystem(actor.WithLoggerFactory(func(*actor.ActorSystem) *slog.Logger { return slog.New(slog.DiscardHandler) }),
		actor.WithDeadLetterThrottleInterval(10*time.Millisecond))
	c.master = httptest.NewServer(http.HandlerFunc(c.serveMaster))
	c.agent = httptest.NewServer(http.HandlerFunc(c.serveAgent))
	return c
}

func (c *cluster) close() {
	close(c.stopped)
	c.mu.Lock()
	exec := c.exec
	c.mu.Unlock()
	if exec != nil {
		_ = exec.Join()
	}
	c.agent.Close()
	c.master.Close()
	c.sys.Shutdown()
}

func (c *cluster) record(s string) {
	c.mu.Lock()
	c.calls = append(c.calls, s)
	c.mu.Unlock()
}

func decode[T proto.Message](r *http.Request, m T) (mesoshttp.Encoding, error) {
	enc, _ := mesoshttp.EncodingOf(r.Header.Get("Content-Type"))
	body, err := io.ReadAll(r.Body)
	if err != nil {
		return enc, err
	}
	return enc, enc.Unmarshal(body, m)
}

func (c *cluster) offer() *schedulerv1.Event {
	c.offerN++
	res := func(name string, v float64) *mesosv1.Resource {
		return &mesosv1.Resource{Name: proto.String(name), Type: mesosv1.Value_SCALAR.Enum(),
			Scalar: &mesosv1.Value_Scalar{Value: proto.Float64(v)}, AllocationInfo: &mesosv1.Resource_AllocationInfo{Role: proto.String("hello_world_role")}}
	}
	return &schedulerv1.Event{Type: schedulerv1.Event_OFFERS.Enum(), Offers: &schedulerv1.Event_Offers{Offers: []*mesosv1.Offer{{
		Id:          &mesosv1.OfferID{Value: proto.String("O" + strings.Repeat("I", c.offerN))},
		FrameworkId: &mesosv1.FrameworkID{Value: proto.String("fw")},
		AgentId:     &mesosv1.AgentID{Value: proto.String("S0")},
		Hostname:    proto.String("agent-0"),
		Resources:   []*mesosv1.Resource{res("cpus", 1), res("mem", 256)},
	}}}}
}

func (c *cluster) serveMaster(w http.ResponseWriter, r *http.Request) {
	call := &schedulerv1.Call{}
	enc, err := decode(r, call)
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	c.record("master " + call.GetType().String())
	switch call.GetType() {
	case schedulerv1.Call_SUBSCRIBE:
		w.Header().Set("Content-Type", enc.ContentType())
		w.Header().Set(mesoshttp.HeaderStreamID, "1d7c2b8e-4f3a-4b5c-9d6e-7f8a9b0c1d2e")
		ev := mesoshttp.NewEventWriter(w, enc)
		_ = ev.Write(&schedulerv1.Event{Type: schedulerv1.Event_SUBSCRIBED.Enum(), Subscribed: &schedulerv1.Event_Subscribed{
			FrameworkId: &mesosv1.FrameworkID{Value: proto.String("fw")}, HeartbeatIntervalSeconds: proto.Float64(15)}})
		_ = ev.Write(c.offer())
		for {
			select {
			case e := <-c.toFw:
				_ = ev.Write(e)
			case <-r.Context().Done():
				return
			case <-c.stopped:
				return
			}
		}
	case schedulerv1.Call_ACCEPT:
		for _, op := range call.GetAccept().GetOperations() {
			for _, task := range op.GetLaunch().GetTaskInfos() {
				c.launch(task)
			}
		}
		c.toFw <- c.offer() // the agent has room for more
	case schedulerv1.Call_TEARDOWN:
		c.toExec <- &executorv1.Event{Type: executorv1.Event_SHUTDOWN.Enum()}
	}
	w.WriteHeader(http.StatusAccepted)
}

// launch starts the executor on first use and hands it the task.
func (c *cluster) launch(task *mesosv1.TaskInfo) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.exec == nil {
		env := &executor.Env{
			FrameworkID:         "fw",
			ExecutorID:          task.GetExecutor().GetExecutorId().GetValue(),
			AgentEndpoint:       strings.TrimPrefix(c.agent.URL, "http://"),
			ShutdownGracePeriod: 5 * time.Second,
		}
		d, err := executor.Start(c.sys, executor.Config{Env: env, New: newSleeper(zaptest.NewLogger(c.t))})
		if err != nil {
			c.t.Errorf("starting the executor: %v", err)
			return
		}
		c.exec = d
	}
	c.toExec <- &executorv1.Event{Type: executorv1.Event_LAUNCH.Enum(), Launch: &executorv1.Event_Launch{Task: task}}
}

func (c *cluster) serveAgent(w http.ResponseWriter, r *http.Request) {
	call := &executorv1.Call{}
	enc, err := decode(r, call)
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	c.record("agent " + call.GetType().String())
	switch call.GetType() {
	case executorv1.Call_SUBSCRIBE:
		w.Header().Set("Content-Type", enc.ContentType())
		ev := mesoshttp.NewEventWriter(w, enc)
		_ = ev.Write(&executorv1.Event{Type: executorv1.Event_SUBSCRIBED.Enum(), Subscribed: &executorv1.Event_Subscribed{
			ExecutorInfo:  &mesosv1.ExecutorInfo{ExecutorId: call.GetExecutorId()},
			FrameworkInfo: &mesosv1.FrameworkInfo{User: proto.String("u"), Name: proto.String("n")},
			AgentInfo:     &mesosv1.AgentInfo{Hostname: proto.String("agent-0")},
		}})
		for {
			select {
			case e := <-c.toExec:
				_ = ev.Write(e)
			case <-r.Context().Done():
				return
			case <-c.stopped:
				return
			}
		}
	case executorv1.Call_UPDATE:
		st := call.GetUpdate().GetStatus()
		// The agent acknowledges to the executor once it has the update,
		// and forwards it to the framework.
		c.toExec <- &executorv1.Event{Type: executorv1.Event_ACKNOWLEDGED.Enum(), Acknowledged: &executorv1.Event_Acknowledged{TaskId: st.GetTaskId(), Uuid: st.GetUuid()}}
		st.AgentId = &mesosv1.AgentID{Value: proto.String("S0")}
		c.toFw <- &schedulerv1.Event{Type: schedulerv1.Event_UPDATE.Enum(), Update: &schedulerv1.Event_Update{Status: st}}
	case executorv1.Call_MESSAGE:
		c.toFw <- &schedulerv1.Event{Type: schedulerv1.Event_MESSAGE.Enum(), Message: &schedulerv1.Event_Message{
			AgentId: &mesosv1.AgentID{Value: proto.String("S0")}, ExecutorId: call.GetExecutorId(), Data: call.GetMessage().GetData()}}
	}
	w.WriteHeader(http.StatusAccepted)
}

// TestFrameworkAndExecutor runs the example's framework and executor
// against the miniature cluster until the framework tears itself down and
// the executor has shut down.
func TestFrameworkAndExecutor(t *testing.T) {
	c := newCluster(t)
	defer c.close()
	p := &plan{tasks: 3, work: "10ms", taskCPUs: 0.1, taskMem: 32, execCPUs: 0.1, execMem: 32,
		command: localCommand("/bin/true"), log: zaptest.NewLogger(t)}
	d, err := scheduler.Start(c.sys, scheduler.Config{
		Masters:   []string{c.master.URL},
		Framework: &mesosv1.FrameworkInfo{User: proto.String("u"), Name: proto.String("mactor executor example"), Roles: []string{"hello_world_role"}},
		New:       newDispatcher(p),
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := d.Join(); err != nil {
		t.Fatalf("framework: %v", err)
	}
	c.mu.Lock()
	exec := c.exec
	c.mu.Unlock()
	if err := exec.Join(); err != nil {
		t.Fatalf("executor: %v", err)
	}
	if n := p.failed.Load(); n != 0 {
		t.Fatalf("%d tasks failed", n)
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	count := func(s string) (n int) {
		for _, x := range c.calls {
			if x == s {
				n++
			}
		}
		return n
	}
	// 3 tasks: RUNNING and FINISHED each, a message each, one executor.
	if count("master ACCEPT") != 3 || count("agent UPDATE") != 6 || count("agent MESSAGE") != 3 ||
		count("agent SUBSCRIBE") != 1 || count("master ACKNOWLEDGE") != 6 || count("master TEARDOWN") != 1 {
		t.Fatalf("calls: %q", c.calls)
	}
}
