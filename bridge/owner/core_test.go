package owner_test

import (
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math"
	"sync"
	"testing"
	"time"

	"github.com/asynkron/protoactor-go/actor"
	"google.golang.org/protobuf/proto"

	"github.com/mactor/mactor/actors/framework"
	"github.com/mactor/mactor/bridge/bridgetest"
	"github.com/mactor/mactor/bridge/owner"
	"github.com/mactor/mactor/internal/testutil"
	bridgev1 "github.com/mactor/mactor/messages/bridge/v1"
	mesos "github.com/mactor/mactor/messages/mesos"
	"github.com/mactor/mactor/supervisor/journal"
)

func newSystem(t *testing.T) *actor.ActorSystem {
	sys := actor.NewActorSystem(
		actor.WithLoggerFactory(func(*actor.ActorSystem) *slog.Logger {
			return slog.New(slog.NewTextHandler(io.Discard, nil))
		}),
		actor.WithDeadLetterThrottleInterval(10*time.Millisecond),
	)
	t.Cleanup(sys.Shutdown)
	return sys
}

// fixture is one framework owner on an in-memory journal.
type fixture struct {
	t     *testing.T
	sys   *actor.ActorSystem
	store *journal.Memory
	cfg   owner.Config
	pid   *actor.PID
	key   owner.Key
}

func newFixture(t *testing.T, mods ...func(*fixture)) *fixture {
	f := &fixture{t: t, sys: newSystem(t), store: journal.NewMemory(), key: owner.Key{Kind: owner.Framework, ID: "fw-1"}}
	t.Cleanup(func() { _ = f.store.Close() })
	f.cfg = owner.Config{Store: f.store, Epoch: &owner.Epoch{}, SnapshotEvery: 3}
	for _, m := range mods {
		m(f)
	}
	f.spawn()
	return f
}

func (f *fixture) spawn() {
	f.pid = f.sys.Root.Spawn(actor.PropsFromProducer(func() actor.Actor {
		return owner.NewActor[*bridgev1.FrameworkRecord](f.key, framework.Rules(), f.cfg)
	}))
}

func (f *fixture) stop() {
	if err := f.sys.Root.PoisonFuture(f.pid).Wait(); err != nil {
		f.t.Fatal(err)
	}
}

func (f *fixture) apply(session string, epoch uint64, calls ...*bridgev1.Call) *owner.Applied {
	f.t.Helper()
	done := make(chan *owner.Applied, 1)
	items := make([]owner.Item, len(calls))
	for i, c := range calls {
		items[i] = owner.Item{Call: c}
	}
	f.sys.Root.Send(f.pid, &owner.Apply{Session: session, Epoch: epoch, Items: items, Reply: func(a *owner.Applied) { done <- a }})
	select {
	case a := <-done:
		return a
	case <-time.After(5 * time.Second):
		f.t.Fatal("no answer")
		return nil
	}
}

func (f *fixture) record() *bridgev1.FrameworkRecord {
	f.t.Helper()
	done := make(chan proto.Message, 1)
	f.sys.Root.Send(f.pid, &owner.Get{Reply: func(r proto.Message, _ uint64) { done <- r }})
	select {
	case r := <-done:
		return r.(*bridgev1.FrameworkRecord)
	case <-time.After(5 * time.Second):
		f.t.Fatal("no record")
		return nil
	}
}

func call(typ bridgev1.Call_Type, session string, seq uint64) *bridgev1.Call {
	c := bridgetest.Sample(typ, 1)
	c.SessionId, c.Sequence = session, seq
	return c
}

func TestApplyDedupeAndRecover(t *testing.T) {
	f := newFixture(t)
	e := f.cfg.Epoch.Current()
	a := f.apply("s", e, call(bridgev1.Call_ADD_FRAMEWORK, "s", 1), call(bridgev1.Call_DEACTIVATE_FRAMEWORK, "s", 2))
	if a.Err != nil || a.Outcomes[0].Duplicate || a.Outcomes[1].Duplicate {
		t.Fatalf("first apply: %+v", a)
	}
	a = f.apply("s", e, call(bridgev1.Call_DEACTIVATE_FRAMEWORK, "s", 2), call(bridgev1.Call_ACTIVATE_FRAMEWORK, "s", 3))
	if a.Err != nil || !a.Outcomes[0].Duplicate || a.Outcomes[1].Duplicate {
		t.Fatalf("resend: %+v", a)
	}
	// Only duplicates: answered without a write.
	if a := f.apply("s", e, call(bridgev1.Call_ACTIVATE_FRAMEWORK, "s", 3)); a.Err != nil || !a.Outcomes[0].Duplicate {
		t.Fatalf("duplicate only: %+v", a)
	}
	// Unsequenced calls are always applied.
	for i := 0; i < 3; i++ {
		if a := f.apply("", 0, call(bridgev1.Call_DEACTIVATE_FRAMEWORK, "", 0)); a.Err != nil || a.Outcomes[0].Duplicate {
			t.Fatalf("unsequenced: %+v", a)
		}
	}
	check := func(r *bridgev1.FrameworkRecord) {
		t.Helper()
		if r.GetMeta().GetCallsApplied() != 6 || r.GetActive() || !r.GetAdded() {
			t.Fatalf("record %v", r)
		}
		if m := r.GetMeta().GetSessions(); len(m) != 1 || m[0].GetLastSequence() != 3 {
			t.Fatalf("marks %v", m)
		}
	}
	check(f.record())
	// A new incarnation rebuilds the same record (snapshot every 3 events
	// plus the events after it).
	f.stop()
	f.spawn()
	check(f.record())
	// The marks survive too: the resend is still a duplicate.
	if a := f.apply("s", e, call(bridgev1.Call_ACTIVATE_FRAMEWORK, "s", 3)); !a.Outcomes[0].Duplicate {
		t.Fatalf("resend after recovery: %+v", a)
	}
}

func TestStaleEpochRefused(t *testing.T) {
	f := newFixture(t)
	old := f.cfg.Epoch.Current()
	f.cfg.Epoch.Bump()
	if a := f.apply("s", old, call(bridgev1.Call_ADD_FRAMEWORK, "s", 1)); !errors.Is(a.Err, owner.ErrStale) {
		t.Fatalf("stale apply: %+v", a)
	}
	if n := f.record().GetMeta().GetCallsApplied(); n != 0 {
		t.Fatalf("a stale call was applied (%d)", n)
	}
}

func TestCrashMovesTheEpoch(t *testing.T) {
	f := newFixture(t)
	var watched sync.WaitGroup
	watched.Add(1)
	var once sync.Once
	cancel := f.cfg.Epoch.Watch(func() { once.Do(watched.Done) })
	defer cancel()
	before := f.cfg.Epoch.Current()
	f.sys.Root.Send(f.pid, &owner.Crash{Reason: "test"})
	watched.Wait()
	if f.cfg.Epoch.Current() == before {
		t.Fatal("epoch did not move")
	}
	// Restarted by protoactor's default strategy, from the journal.
	if a := f.apply("s", f.cfg.Epoch.Current(), call(bridgev1.Call_ADD_FRAMEWORK, "s", 1)); a.Err != nil {
		t.Fatalf("after the crash: %+v", a)
	}
}

func TestNotify(t *testing.T) {
	got := make(chan *owner.RecordChanged, 16)
	f := newFixture(t, func(f *fixture) {
		f.cfg.Notify = f.sys.Root.Spawn(actor.PropsFromFunc(func(ctx actor.Context) {
			if m, ok := ctx.Message().(*owner.RecordChanged); ok {
				got <- m
			}
		}))
	})
	next := func() *owner.RecordChanged {
		select {
		case m := <-got:
			return m
		case <-time.After(5 * time.Second):
			t.Fatal("no RecordChanged")
			return nil
		}
	}
	if m := next(); !m.Recovered || m.Key != f.key {
		t.Fatalf("first notification %+v", m)
	}
	f.apply("s", f.cfg.Epoch.Current(), call(bridgev1.Call_ADD_FRAMEWORK, "s", 1))
	m := next()
	if m.Recovered || !m.Record.(*bridgev1.FrameworkRecord).GetAdded() || m.Seq != 1 {
		t.Fatalf("change notification %+v", m)
	}
}

func TestMarksKeepRecentSessions(t *testing.T) {
	f := newFixture(t, func(f *fixture) { f.cfg.MaxSessions = 3 })
	for i := 1; i <= 5; i++ {
		s := fmt.Sprintf("s%d", i)
		f.apply(s, f.cfg.Epoch.Current(), call(bridgev1.Call_DEACTIVATE_FRAMEWORK, s, 1))
	}
	marks := f.record().GetMeta().GetSessions()
	if len(marks) != 3 || marks[0].GetSessionId() != "s3" || marks[2].GetSessionId() != "s5" {
		t.Fatalf("marks %v", marks)
	}
}

func TestInternalOffers(t *testing.T) {
	f := newFixture(t)
	done := make(chan error, 1)
	f.sys.Root.Send(f.pid, framework.RecordOffers([]*bridgev1.AgentOffer{{SlaveId: bridgetest.SlaveID(1), Resources: []*mesos.Resource{bridgetest.Scalar("cpus", 2)}}}, func(err error) { done <- err }))
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	r := f.record()
	if len(r.GetAllocations()) != 1 || r.GetAllocations()[0].GetOffered()[0].GetScalar().GetValue() != 2 {
		t.Fatalf("allocations %v", r.GetAllocations())
	}
	f.stop()
	f.spawn()
	if r := f.record(); len(r.GetAllocations()) != 1 {
		t.Fatalf("offers lost on recovery: %v", r)
	}
}

func TestRulesPanicContained(t *testing.T) {
	sys := newSystem(t)
	store := journal.NewMemory()
	defer store.Close()
	rules := framework.Rules()
	apply := rules.Apply
	rules.Apply = func(r *bridgev1.FrameworkRecord, c *bridgev1.Call, at time.Time) *bridgev1.Response {
		if c.GetType() == bridgev1.Call_PAUSE {
			panic("bug in the rules")
		}
		return apply(r, c, at)
	}
	key := owner.Key{Kind: owner.Framework, ID: "fw-1"}
	pid := sys.Root.Spawn(actor.PropsFromProducer(func() actor.Actor {
		return owner.NewActor[*bridgev1.FrameworkRecord](key, rules, owner.Config{Store: store})
	}))
	done := make(chan *owner.Applied, 1)
	sys.Root.Send(pid, &owner.Apply{Session: "s", Items: []owner.Item{{Call: call(bridgev1.Call_PAUSE, "s", 1)}}, Reply: func(a *owner.Applied) { done <- a }})
	if a := <-done; a.Err != nil {
		t.Fatalf("%+v", a)
	}
	testutil.Eventually(t, time.Second, func() bool {
		got := make(chan proto.Message, 1)
		sys.Root.Send(pid, &owner.Get{Reply: func(r proto.Message, _ uint64) { got <- r }})
		r := (<-got).(*bridgev1.FrameworkRecord)
		return r.GetMeta().GetCallsApplied() == 1 && r.GetMeta().GetSessions()[0].GetLastSequence() == 1
	}, "the call counted as applied, its sequence consumed")
}

func TestRefuseFor(t *testing.T) {
	f := func(v float64) *mesos.Filters { return &mesos.Filters{RefuseSeconds: &v} }
	cases := []struct {
		in   *mesos.Filters
		want time.Duration
	}{
		{nil, 0},
		{&mesos.Filters{}, 5 * time.Second},
		{f(0), 0},
		{f(-1), 5 * time.Second},
		{f(math.NaN()), 5 * time.Second},
		{f(2.5), 2500 * time.Millisecond},
		{f(1e12), owner.MaxRefuse},
	}
	for _, tc := range cases {
		if got := owner.RefuseFor(tc.in); got != tc.want {
			t.Errorf("RefuseFor(%v) = %s, want %s", tc.in, got, tc.want)
		}
	}
}
