package allocator

import (
	"errors"
	"fmt"
	"io"
	"log/slog"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/asynkron/protoactor-go/actor"
	"google.golang.org/protobuf/encoding/prototext"
	"google.golang.org/protobuf/proto"

	agentactor "github.com/mactor/mactor/actors/agent"
	frameworkactor "github.com/mactor/mactor/actors/framework"
	"github.com/mactor/mactor/actors/registry"
	"github.com/mactor/mactor/bridge/owner"
	"github.com/mactor/mactor/internal/resources"
	"github.com/mactor/mactor/internal/testutil"
	bridgev1 "github.com/mactor/mactor/messages/bridge/v1"
	"github.com/mactor/mactor/messages/mesos"
	"github.com/mactor/mactor/supervisor/journal"
)

// rig runs the allocator actor with the real owner actors (registry,
// frameworks, agents) on an in-memory journal, the way the engine does,
// and plays the module: it sends sequenced calls to the owners, runs
// cycles (ActorConfig.Manual), and records the events the actor publishes.
type rig struct {
	t     failer
	sys   *actor.ActorSystem
	store *journal.Memory
	clock *ManualClock
	marks *Marks
	ocfg  owner.Config
	acfg  ActorConfig
	pub   *fakePublisher

	root            *actor.RootContext
	registry, alloc *actor.PID
	owners          map[owner.Key]*actor.PID

	session string
	seq     uint64
	// delivered are the events the module handled, in order.
	delivered []*bridgev1.Event
}

const rigAllocator = "allocator-under-test"

// failer is what a rig needs of *testing.T or *rapid.T.
type failer interface {
	Helper()
	Fatal(args ...any)
	Fatalf(format string, args ...any)
}

// newRig starts a rig; close it when done (newTestRig does for a test).
func newRig(t failer, mods ...func(*ActorConfig)) *rig {
	r := &rig{t: t, store: journal.NewMemory(), clock: NewManualClock(epoch), marks: NewMarks(), session: "module-1"}
	r.acfg = ActorConfig{Seed: 7, Debug: true, Clock: r.clock, Manual: true, Marks: r.marks, SnapshotEvery: 10, SnapshotInterval: time.Nanosecond}
	for _, m := range mods {
		m(&r.acfg)
	}
	r.boot()
	return r
}

// newTestRig is newRig closed at the end of the test.
func newTestRig(t *testing.T, mods ...func(*ActorConfig)) *rig {
	r := newRig(t, mods...)
	t.Cleanup(r.close)
	return r
}

// close stops the actors and the journal.
func (r *rig) close() {
	r.shutdown()
	_ = r.store.Close()
}

// eventually fails unless cond holds within 10 s.
func (r *rig) eventually(cond func() bool, msg string) {
	r.t.Helper()
	if !testutil.Poll(10*time.Second, time.Millisecond, cond) {
		r.t.Fatalf("condition not met within 10s: %s", msg)
	}
}

// boot starts an actor system, the registry and the allocator on the
// rig's journal (as the engine does on its data directory).
func (r *rig) boot() {
	r.sys = actor.NewActorSystem(actor.WithLoggerFactory(func(*actor.ActorSystem) *slog.Logger {
		return slog.New(slog.NewTextHandler(io.Discard, nil))
	}), actor.WithDeadLetterThrottleInterval(10*time.Millisecond))
	r.pub = &fakePublisher{changed: make(chan struct{})}
	r.owners = map[owner.Key]*actor.PID{}
	r.ocfg = owner.Config{
		Store: r.store, Epoch: &owner.Epoch{}, Now: r.clock.Now, SnapshotEvery: 3,
		Notify: actor.NewPID(r.sys.Address(), rigAllocator), Compacted: r.marks.Compacted,
	}
	// Crashed actors always restart (the tests crash them on purpose,
	// more often than protoactor's default tolerates).
	r.root = r.sys.Root.WithGuardian(actor.NewOneForOneStrategy(1<<20, time.Second, actor.DefaultDecider))
	r.registry = r.root.Spawn(actor.PropsFromProducer(func() actor.Actor { return registry.New(r.ocfg) }))
	// As in the engine's tree, the registry has started (and announced
	// its record, to no one yet) before the allocator is spawned.
	dir := make(chan struct{})
	r.sys.Root.Send(r.registry, &registry.Directory{Reply: func(_, _ []string) { close(dir) }})
	<-dir
	cfg := r.acfg
	cfg.Store, cfg.Publisher = r.store, r.pub
	var err error
	r.alloc, err = r.root.SpawnNamed(actor.PropsFromProducer(func() actor.Actor { return NewActor(cfg) }), rigAllocator)
	if err != nil {
		r.t.Fatal(err)
	}
	r.waitReady()
	// The module (re)subscribes with the last event it handled.
	r.subscribe()
}

// shutdown stops every actor, allocator first (as the engine's tree stops
// in reverse start order), and waits for them: the next engine must not
// share the journal with this one.
func (r *rig) shutdown() {
	stop := func(pid *actor.PID) {
		if err := r.sys.Root.StopFuture(pid).Wait(); err != nil {
			r.t.Fatal(err)
		}
	}
	stop(r.alloc)
	keys := make([]owner.Key, 0, len(r.owners))
	for k := range r.owners {
		keys = append(keys, k)
	}
	sortKeys(keys)
	for _, k := range keys {
		stop(r.owners[k])
	}
	stop(r.registry)
	r.sys.Shutdown()
}

// restartEngine is a new engine on the same journal: the allocator
// recovers, and the module subscribes again.
func (r *rig) restartEngine() {
	r.shutdown()
	r.boot()
}

// subscribe delivers to the module the events the publisher holds after
// the last one it handled (a SUBSCRIBE with last_event_sequence).
func (r *rig) subscribe() {
	r.pub.mu.Lock()
	defer r.pub.mu.Unlock()
	if r.pub.session == "" {
		r.pub.session = r.session
	}
	last := uint64(len(r.delivered))
	r.pub.mark = len(r.delivered)
	for _, ev := range r.pub.buf {
		if ev.GetSequence() > last {
			r.delivered = append(r.delivered, ev)
			last = ev.GetSequence()
		}
	}
	r.pub.module = r
}

func (r *rig) waitReady() {
	r.t.Helper()
	r.eventually(func() bool { return r.inspect(false, false).Ready }, "allocator ready")
}

func (r *rig) inspect(state, marks bool) ActorInfo {
	r.t.Helper()
	done := make(chan ActorInfo, 1)
	r.sys.Root.Send(r.alloc, &Inspect{WithState: state, WithMarks: marks, Reply: func(i ActorInfo) { done <- i }})
	select {
	case i := <-done:
		return i
	case <-time.After(10 * time.Second):
		r.t.Fatal("allocator does not answer Inspect")
		return ActorInfo{}
	}
}

// ownerPID starts an owner the way the router does: entered in the
// registry's directory first.
func (r *rig) ownerPID(k owner.Key) *actor.PID {
	if k.Kind == owner.Cluster {
		return r.registry
	}
	if pid := r.owners[k]; pid != nil {
		return pid
	}
	done := make(chan error, 1)
	r.sys.Root.Send(r.registry, &registry.Register{Keys: []owner.Key{k}, Reply: func(err error) { done <- err }})
	if err := <-done; err != nil {
		r.t.Fatal(err)
	}
	var producer func(string) actor.Actor
	if k.Kind == owner.Framework {
		producer = frameworkactor.Producer(r.ocfg)
	} else {
		producer = agentactor.Producer(r.ocfg)
	}
	pid := r.root.Spawn(actor.PropsFromProducer(func() actor.Actor { return producer(owner.ChildName(k.ID)) }))
	r.owners[k] = pid
	return pid
}

// call sends one sequenced call to its owner, resending it (same sequence
// number) until it is acknowledged, and waits until the allocator has
// applied it.
func (r *rig) call(c *bridgev1.Call) *owner.Outcome {
	r.t.Helper()
	k, err := owner.KeyOf(c)
	if err != nil {
		r.t.Fatal(err)
	}
	r.seq++
	c.SessionId, c.Sequence = r.session, r.seq
	pid := r.ownerPID(k)
	var out owner.Outcome
	for attempt := 0; ; attempt++ {
		done := make(chan *owner.Applied, 1)
		r.sys.Root.Send(pid, &owner.Apply{Session: r.session, Epoch: r.ocfg.Epoch.Current(), Items: []owner.Item{{Call: c}},
			Reply: func(a *owner.Applied) { done <- a }})
		a := <-done
		if a.Err == nil {
			out = a.Outcomes[0]
			break
		}
		if attempt > 50 || !(errors.Is(a.Err, owner.ErrStale) || errors.Is(a.Err, owner.ErrCrashed)) {
			r.t.Fatalf("%s: %v", c.GetType(), a.Err)
		}
	}
	r.synced(k, pid)
	return &out
}

// synced waits until the allocator has applied everything k's owner
// journaled.
func (r *rig) synced(k owner.Key, pid *actor.PID) {
	r.t.Helper()
	done := make(chan uint64, 1)
	r.sys.Root.Send(pid, &owner.Get{Reply: func(_ proto.Message, seq uint64) { done <- seq }})
	seq := <-done
	r.eventually(func() bool { return r.inspect(false, true).Marks[k] >= seq }, fmt.Sprintf("allocator applied %s up to %d", k, seq))
}

// cycle runs a cycle and waits until its events are published (and
// delivered to the module); it returns them.
func (r *rig) cycle(all bool) []*bridgev1.Event {
	r.t.Helper()
	done := make(chan int, 1)
	r.sys.Root.Send(r.alloc, &RunCycle{All: all, Reply: func(n int) { done <- n }})
	var n int
	select {
	case n = <-done:
	case <-time.After(10 * time.Second):
		r.t.Fatal("allocator does not answer RunCycle")
	}
	return r.waitDelivered(n)
}

// waitDelivered waits for n more events than the module had when the
// last cycle was asked for, and returns those.
func (r *rig) waitDelivered(n int) []*bridgev1.Event {
	r.t.Helper()
	deadline := time.After(10 * time.Second)
	for {
		r.pub.mu.Lock()
		got := len(r.delivered) - r.pub.mark
		if got >= n {
			evs := slices.Clone(r.delivered[r.pub.mark:])
			r.pub.mark = len(r.delivered)
			r.pub.mu.Unlock()
			return evs
		}
		ch := r.pub.changed
		r.pub.mu.Unlock()
		select {
		case <-ch:
		case <-deadline:
			r.t.Fatalf("%d events published, want %d", got, n)
		}
	}
}

func (r *rig) deliveredEvents() []*bridgev1.Event {
	r.pub.mu.Lock()
	defer r.pub.mu.Unlock()
	return slices.Clone(r.delivered)
}

// crashAllocator panics the allocator actor; it restarts in place.
func (r *rig) crashAllocator() {
	r.sys.Root.Send(r.alloc, &Crash{Reason: "test"})
	r.waitReady()
}

// crashOwner panics an owner; it restarts and recovers its record.
func (r *rig) crashOwner(k owner.Key) {
	pid := r.ownerPID(k)
	r.sys.Root.Send(pid, &owner.Crash{Reason: "test"})
	r.synced(k, pid)
}

// transcript renders the delivered events, one line each.
func (r *rig) transcript() []string {
	var out []string
	for _, ev := range r.deliveredEvents() {
		out = append(out, prototext.MarshalOptions{}.Format(ev))
	}
	return out
}

// fakePublisher is the bridge hub's numbering and buffering, delivering
// straight to the rig's module.
type fakePublisher struct {
	mu      sync.Mutex
	session string
	seq     uint64
	buf     []*bridgev1.Event
	module  *rig
	// mark is how many delivered events a cycle has returned; changed is
	// closed (and replaced) whenever an event is delivered.
	mark    int
	changed chan struct{}
}

func (p *fakePublisher) Position() (string, uint64) {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.session, p.seq
}

func (p *fakePublisher) Publish(ev *bridgev1.Event) (uint64, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.session == "" {
		return 0, errors.New("no subscriber")
	}
	p.seq++
	ev.Sequence = p.seq
	p.deliver(ev)
	return p.seq, nil
}

func (p *fakePublisher) Restore(session string, last uint64, events []*bridgev1.Event) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if session == "" || (p.session != "" && p.session != session) {
		return
	}
	fresh := p.session == ""
	p.session = session
	for _, ev := range events {
		if !fresh && ev.GetSequence() <= p.seq {
			continue
		}
		if !fresh {
			p.deliver(ev)
		} else {
			p.buf = append(p.buf, ev)
		}
		p.seq = max(p.seq, ev.GetSequence())
	}
	p.seq = max(p.seq, last)
}

// deliver keeps ev and hands it to the module (lock held).
func (p *fakePublisher) deliver(ev *bridgev1.Event) {
	p.buf = append(p.buf, ev)
	if p.module != nil {
		p.module.delivered = append(p.module.delivered, ev)
	}
	close(p.changed)
	p.changed = make(chan struct{})
}

// Calls, as a module would send them.

func initializeCall() *bridgev1.Call {
	return &bridgev1.Call{Type: bridgev1.Call_INITIALIZE, Payload: &bridgev1.Call_Initialize_{Initialize: initializeOf(DefaultOptions())}}
}

func slaveID(id string) *mesos.SlaveID         { return &mesos.SlaveID{Value: proto.String(id)} }
func frameworkID(id string) *mesos.FrameworkID { return &mesos.FrameworkID{Value: proto.String(id)} }

func addSlaveCall(id, total string) *bridgev1.Call {
	return &bridgev1.Call{Type: bridgev1.Call_ADD_SLAVE, Payload: &bridgev1.Call_AddSlave_{AddSlave: &bridgev1.Call_AddSlave{
		SlaveId: slaveID(id), SlaveInfo: slaveInfo(id), Capabilities: capabilitiesToProto(AllAgentCapabilities()),
		Total: res(total).ToProto(),
	}}}
}

func addFrameworkCall(id string, roles ...string) *bridgev1.Call {
	info := &mesos.FrameworkInfo{
		User: proto.String("u"), Name: proto.String(id), Id: frameworkID(id), Roles: roles,
		Capabilities: []*mesos.FrameworkInfo_Capability{{Type: mesos.FrameworkInfo_Capability_MULTI_ROLE.Enum()}},
	}
	return &bridgev1.Call{Type: bridgev1.Call_ADD_FRAMEWORK, Payload: &bridgev1.Call_AddFramework_{AddFramework: &bridgev1.Call_AddFramework{
		FrameworkId: frameworkID(id), FrameworkInfo: info, Active: true,
	}}}
}

func recoverCall(fw, agent string, rs []*mesos.Resource, refuse *float64, allocated bool) *bridgev1.Call {
	var f *mesos.Filters
	if refuse != nil {
		f = &mesos.Filters{RefuseSeconds: refuse}
	}
	return &bridgev1.Call{Type: bridgev1.Call_RECOVER_RESOURCES, Payload: &bridgev1.Call_RecoverResources_{RecoverResources: &bridgev1.Call_RecoverResources{
		FrameworkId: frameworkID(fw), SlaveId: slaveID(agent), Resources: rs, Filters: f, IsAllocated: allocated,
	}}}
}

func rolesCall(t bridgev1.Call_Type, fw string, roles ...string) *bridgev1.Call {
	rt := &bridgev1.RoleTargets{FrameworkId: frameworkID(fw), Roles: roles}
	c := &bridgev1.Call{Type: t}
	if t == bridgev1.Call_SUPPRESS_OFFERS {
		c.Payload = &bridgev1.Call_SuppressOffers{SuppressOffers: rt}
	} else {
		c.Payload = &bridgev1.Call_ReviveOffers{ReviveOffers: rt}
	}
	return c
}

func frameworkCall(t bridgev1.Call_Type, fw string) *bridgev1.Call {
	ft := &bridgev1.FrameworkTarget{FrameworkId: frameworkID(fw)}
	c := &bridgev1.Call{Type: t}
	switch t {
	case bridgev1.Call_REMOVE_FRAMEWORK:
		c.Payload = &bridgev1.Call_RemoveFramework{RemoveFramework: ft}
	case bridgev1.Call_ACTIVATE_FRAMEWORK:
		c.Payload = &bridgev1.Call_ActivateFramework{ActivateFramework: ft}
	case bridgev1.Call_DEACTIVATE_FRAMEWORK:
		c.Payload = &bridgev1.Call_DeactivateFramework{DeactivateFramework: ft}
	}
	return c
}

func slaveCall(t bridgev1.Call_Type, agent string) *bridgev1.Call {
	st := &bridgev1.SlaveTarget{SlaveId: slaveID(agent)}
	c := &bridgev1.Call{Type: t}
	switch t {
	case bridgev1.Call_REMOVE_SLAVE:
		c.Payload = &bridgev1.Call_RemoveSlave{RemoveSlave: st}
	case bridgev1.Call_ACTIVATE_SLAVE:
		c.Payload = &bridgev1.Call_ActivateSlave{ActivateSlave: st}
	case bridgev1.Call_DEACTIVATE_SLAVE:
		c.Payload = &bridgev1.Call_DeactivateSlave{DeactivateSlave: st}
	}
	return c
}

func updateQuotaCall(role string, guarantees, limits map[string]float64) *bridgev1.Call {
	return &bridgev1.Call{Type: bridgev1.Call_UPDATE_QUOTA, Payload: &bridgev1.Call_UpdateQuota_{UpdateQuota: &bridgev1.Call_UpdateQuota{
		Role: role, Quota: &bridgev1.Quota{Guarantees: guarantees, Limits: limits},
	}}}
}

func updateWeightsCall(role string, w float64) *bridgev1.Call {
	return &bridgev1.Call{Type: bridgev1.Call_UPDATE_WEIGHTS, Payload: &bridgev1.Call_UpdateWeights_{UpdateWeights: &bridgev1.Call_UpdateWeights{
		WeightInfos: []*mesos.WeightInfo{weight(role, w)},
	}}}
}

// offersIn lists the (framework, role, agent, resources) of OFFERS
// events.
func offersIn(evs []*bridgev1.Event) []offer {
	var out []offer
	for _, ev := range evs {
		o := ev.GetOffers()
		if o == nil {
			continue
		}
		for _, rr := range o.GetRoles() {
			for _, sr := range rr.GetSlaves() {
				out = append(out, offer{fw: o.GetFrameworkId().GetValue(), role: rr.GetRole(), agent: sr.GetSlaveId().GetValue(), res: resources.MustFromProto(sr.GetResources())})
			}
		}
	}
	return out
}

func describe(offers []offer) string {
	parts := make([]string, len(offers))
	for i, o := range offers {
		parts[i] = o.String()
	}
	return strings.Join(parts, "; ")
}
