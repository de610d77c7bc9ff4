package executor_test

import (
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/asynkron/protoactor-go/actor"
	"go.uber.org/zap"
	"go.uber.org/zap/zaptest"
	"google.golang.org/protobuf/proto"

	"github.com/mactor/mactor/actors/executor"
	mesosv1 "github.com/mactor/mactor/messages/mesos/v1"
	executorv1 "github.com/mactor/mactor/messages/mesos/v1/executor"
)

// journal records the callbacks of every instance of a test behaviour.
type journal struct {
	mu      sync.Mutex
	entries []string
}

func (j *journal) add(format string, args ...any) {
	j.mu.Lock()
	defer j.mu.Unlock()
	j.entries = append(j.entries, fmt.Sprintf(format, args...))
}

func (j *journal) all() []string {
	j.mu.Lock()
	defer j.mu.Unlock()
	return append([]string(nil), j.entries...)
}

func (j *journal) count(prefix string) int {
	n := 0
	for _, e := range j.all() {
		if strings.HasPrefix(e, prefix) {
			n++
		}
	}
	return n
}

func (j *journal) waitFor(t testing.TB, prefix string) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for j.count(prefix) == 0 {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %q; journal: %q", prefix, j.all())
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// probe journals every callback and runs the test's hooks; by default it
// reports TASK_RUNNING for launched tasks, TASK_KILLED for killed ones and
// stops on Shutdown.
type probe struct {
	j     *journal
	hooks *hooks
}

type hooks struct {
	launch   func(d executor.Driver, task *mesosv1.TaskInfo)
	shutdown func(d executor.Driver)
	disc     func(d executor.Driver)
}

func newProbe(j *journal, h *hooks) func() executor.Executor {
	if h == nil {
		h = &hooks{}
	}
	return func() executor.Executor { j.add("init"); return &probe{j: j, hooks: h} }
}

func (p *probe) Registered(d executor.Driver, e *executorv1.Event_Subscribed) {
	p.j.add("registered %s", e.GetExecutorInfo().GetExecutorId().GetValue())
}

func (p *probe) Reregistered(d executor.Driver, e *executorv1.Event_Subscribed) {
	p.j.add("reregistered")
}

func (p *probe) Disconnected(d executor.Driver) {
	p.j.add("disconnected")
	if p.hooks.disc != nil {
		p.hooks.disc(d)
	}
}

func (p *probe) LaunchTask(d executor.Driver, task *mesosv1.TaskInfo) {
	if p.hooks.launch != nil {
		p.hooks.launch(d, task)
	}
	p.j.add("launch %s %q", task.GetTaskId().GetValue(), task.GetData())
}

func (p *probe) LaunchGroup(d executor.Driver, group *mesosv1.TaskGroupInfo) {
	var names []string
	for _, t := range group.GetTasks() {
		names = append(names, t.GetTaskId().GetValue())
	}
	p.j.add("launch group %s", strings.Join(names, ","))
}

func (p *probe) KillTask(d executor.Driver, task *mesosv1.TaskID, policy *mesosv1.KillPolicy) {
	p.j.add("kill %s %v", task.GetValue(), time.Duration(policy.GetGracePeriod().GetNanoseconds()))
	_ = d.SendStatusUpdate(&mesosv1.TaskStatus{TaskId: task, State: mesosv1.TaskState_TASK_KILLED.Enum()})
}

func (p *probe) Acknowledged(d executor.Driver, task *mesosv1.TaskID, uuid []byte) {
	p.j.add("acknowledged %s %s", task.GetValue(), uuid)
}

func (p *probe) FrameworkMessage(d executor.Driver, data []byte) {
	p.j.add("message %s", data)
	_ = d.SendFrameworkMessage([]byte("pong"))
}

func (p *probe) Shutdown(d executor.Driver) {
	p.j.add("shutdown")
	if p.hooks.shutdown != nil {
		p.hooks.shutdown(d)
		return
	}
	_ = d.Stop()
}

func (p *probe) Error(d executor.Driver, message string) { p.j.add("error %s", message) }

func newActorSystem() *actor.ActorSystem {
	return actor.NewActorSystem(
		actor.WithLoggerFactory(func(*actor.ActorSystem) *slog.Logger { return slog.New(slog.DiscardHandler) }),
		actor.WithDeadLetterThrottleInterval(10*time.Millisecond),
	)
}

// testEnv is the environment of an executor of a checkpointing framework
// whose agent is a.
func testEnv(a *fakeAgent) *executor.Env {
	return &executor.Env{
		FrameworkID:            frameworkID,
		ExecutorID:             executorID,
		AgentEndpoint:          a.endpoint(),
		Checkpoint:             true,
		ShutdownGracePeriod:    5 * time.Second,
		RecoveryTimeout:        5 * time.Second,
		SubscriptionBackoffMax: 10 * time.Millisecond,
	}
}

type harness struct {
	agent *fakeAgent
	j     *journal
	d     executor.Driver
}

func start(t *testing.T, a *fakeAgent, env *executor.Env, h *hooks, opts ...executor.Option) *harness {
	t.Helper()
	j := &journal{}
	sys := newActorSystem()
	all := append([]executor.Option{
		executor.WithLogger(zaptest.NewLogger(t, zaptest.Level(zap.WarnLevel))),
		executor.WithBackoff(time.Millisecond, 10*time.Millisecond),
		executor.WithCallTimeout(5 * time.Second),
		executor.WithShutdownTimeout(2 * time.Second),
	}, opts...)
	d, err := executor.Start(sys, executor.Config{Env: env, New: newProbe(j, h)}, all...)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = d.Abort(); _ = d.Join(); sys.Shutdown() })
	return &harness{agent: a, j: j, d: d}
}

// running reports TASK_RUNNING with a fixed uuid.
func running(d executor.Driver, task *mesosv1.TaskInfo, uuid string) error {
	return d.SendStatusUpdate(&mesosv1.TaskStatus{
		TaskId: task.GetTaskId(), State: mesosv1.TaskState_TASK_RUNNING.Enum(), Uuid: []byte(uuid),
		Message: proto.String("running"),
	})
}
