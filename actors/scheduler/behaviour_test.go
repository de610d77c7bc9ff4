package scheduler_test

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

	"github.com/mactor/mactor/actors/scheduler"
	mesosv1 "github.com/mactor/mactor/messages/mesos/v1"
	schedulerv1 "github.com/mactor/mactor/messages/mesos/v1/scheduler"
)

// journal records the callbacks of every instance of a test behaviour, so
// that it survives the behaviour's restarts.
type journal struct {
	mu      sync.Mutex
	entries []string
	changed chan struct{}
}

func newJournal() *journal { return &journal{changed: make(chan struct{}, 1)} }

func (j *journal) add(format string, args ...any) {
	j.mu.Lock()
	j.entries = append(j.entries, fmt.Sprintf(format, args...))
	j.mu.Unlock()
	select {
	case j.changed <- struct{}{}:
	default:
	}
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

// waitFor waits until the journal holds an entry starting with prefix.
func (j *journal) waitFor(t testing.TB, prefix string) {
	t.Helper()
	j.waitUntil(t, "an entry "+prefix, func() bool { return j.count(prefix) > 0 })
}

func (j *journal) waitUntil(t testing.TB, what string, cond func() bool) {
	t.Helper()
	deadline := time.NewTimer(10 * time.Second)
	defer deadline.Stop()
	for !cond() {
		select {
		case <-j.changed:
		case <-time.After(20 * time.Millisecond):
		case <-deadline.C:
			t.Fatalf("timed out waiting for %s; journal: %q", what, j.all())
		}
	}
}

// probe is a test behaviour: it journals every callback and runs the
// hooks a test sets. Instances made by newProbe share j and hooks.
type probe struct {
	scheduler.Base
	j     *journal
	hooks *hooks
}

type hooks struct {
	offers func(d scheduler.Driver, offers []*mesosv1.Offer)
	update func(d scheduler.Driver, st *mesosv1.TaskStatus)
}

func newProbe(j *journal, h *hooks) func() scheduler.Scheduler {
	if h == nil {
		h = &hooks{}
	}
	return func() scheduler.Scheduler {
		j.add("init")
		return &probe{j: j, hooks: h}
	}
}

func (p *probe) Registered(d scheduler.Driver, e *schedulerv1.Event_Subscribed) {
	p.j.add("registered %s", e.GetFrameworkId().GetValue())
}

func (p *probe) Reregistered(d scheduler.Driver, e *schedulerv1.Event_Subscribed) {
	p.j.add("reregistered %s", e.GetFrameworkId().GetValue())
}

func (p *probe) Disconnected(scheduler.Driver) { p.j.add("disconnected") }

func (p *probe) ResourceOffers(d scheduler.Driver, offers []*mesosv1.Offer) {
	ids := make([]string, len(offers))
	for i, o := range offers {
		ids[i] = o.GetId().GetValue()
	}
	if p.hooks.offers != nil {
		p.hooks.offers(d, offers)
	}
	p.j.add("offers %s", strings.Join(ids, ","))
}

func (p *probe) InverseOffers(d scheduler.Driver, offers []*mesosv1.InverseOffer) {
	p.j.add("inverse offers %d", len(offers))
}

func (p *probe) OfferRescinded(d scheduler.Driver, id *mesosv1.OfferID) {
	p.j.add("rescinded %s", id.GetValue())
}

func (p *probe) InverseOfferRescinded(d scheduler.Driver, id *mesosv1.OfferID) {
	p.j.add("inverse rescinded %s", id.GetValue())
}

func (p *probe) StatusUpdate(d scheduler.Driver, st *mesosv1.TaskStatus) {
	if p.hooks.update != nil {
		p.hooks.update(d, st)
	}
	p.j.add("update %s %s", st.GetTaskId().GetValue(), st.GetState())
}

func (p *probe) OperationStatus(d scheduler.Driver, st *mesosv1.OperationStatus) {
	p.j.add("operation %s %s", st.GetOperationId().GetValue(), st.GetState())
}

func (p *probe) FrameworkMessage(d scheduler.Driver, agent *mesosv1.AgentID, executor *mesosv1.ExecutorID, data []byte) {
	p.j.add("message %s %q", executor.GetValue(), data)
}

func (p *probe) AgentLost(d scheduler.Driver, agent *mesosv1.AgentID) {
	p.j.add("agent lost %s", agent.GetValue())
}

func (p *probe) ExecutorLost(d scheduler.Driver, executor *mesosv1.ExecutorID, agent *mesosv1.AgentID, status int32) {
	p.j.add("executor lost %s %d", executor.GetValue(), status)
}

func (p *probe) Error(d scheduler.Driver, message string) { p.j.add("error %s", message) }

func (p *probe) CallFailed(d scheduler.Driver, call *schedulerv1.Call, err error) {
	p.j.add("call failed %s: %v", call.GetType(), err)
}

// newActorSystem returns an actor system that does not log.
func newActorSystem() *actor.ActorSystem {
	return actor.NewActorSystem(
		actor.WithLoggerFactory(func(*actor.ActorSystem) *slog.Logger { return slog.New(slog.DiscardHandler) }),
		actor.WithDeadLetterThrottleInterval(10*time.Millisecond),
	)
}

// harness is a fake master, an actor system and a driver.
type harness struct {
	t      *testing.T
	master *fakeMaster
	sys    *actor.ActorSystem
	j      *journal
	d      scheduler.Driver
}

func fastOptions(t testing.TB) []scheduler.Option {
	return []scheduler.Option{
		scheduler.WithLogger(zaptest.NewLogger(t, zaptest.Level(zap.WarnLevel))),
		scheduler.WithBackoff(time.Millisecond, 20*time.Millisecond),
		scheduler.WithSubscribeTimeout(5 * time.Second),
		scheduler.WithCallTimeout(5 * time.Second),
		scheduler.WithShutdownTimeout(2 * time.Second),
	}
}

func frameworkInfo() *mesosv1.FrameworkInfo {
	return &mesosv1.FrameworkInfo{
		User:            proto.String("root"),
		Name:            proto.String("test framework"),
		Roles:           []string{"hello_world_role"},
		FailoverTimeout: proto.Float64(3600),
		Capabilities: []*mesosv1.FrameworkInfo_Capability{
			{Type: mesosv1.FrameworkInfo_Capability_MULTI_ROLE.Enum()},
		},
	}
}

// start runs a driver for a probe behaviour against master.
func start(t *testing.T, master *fakeMaster, h *hooks, opts ...scheduler.Option) *harness {
	t.Helper()
	return startWith(t, master, scheduler.Config{Masters: []string{master.url()}, Framework: frameworkInfo()}, h, opts...)
}

func startWith(t *testing.T, master *fakeMaster, cfg scheduler.Config, h *hooks, opts ...scheduler.Option) *harness {
	t.Helper()
	j := newJournal()
	if cfg.New == nil {
		cfg.New = newProbe(j, h)
	}
	sys := newActorSystem()
	d, err := scheduler.Start(sys, cfg, append(fastOptions(t), opts...)...)
	if err != nil {
		t.Fatal(err)
	}
	hs := &harness{t: t, master: master, sys: sys, j: j, d: d}
	t.Cleanup(func() {
		_ = d.Abort()
		_ = d.Join()
		sys.Shutdown()
	})
	return hs
}
