package allocator

import (
	"context"
	"fmt"
	"sync/atomic"
	"time"

	"github.com/asynkron/protoactor-go/actor"
	"go.uber.org/zap"
	"google.golang.org/protobuf/proto"

	"github.com/mactor/mactor/bridge/owner"
	allocatorv1 "github.com/mactor/mactor/messages/allocator/v1"
	bridgev1 "github.com/mactor/mactor/messages/bridge/v1"
	"github.com/mactor/mactor/supervisor"
	"github.com/mactor/mactor/supervisor/journal"
)

// Actor is the allocator actor: it owns the allocation core (an
// Allocator), applies to it every allocator call the owners (framework,
// agent and registry actors) have made durable, runs the allocation cycles
// — periodically, and batched right after the calls that schedule one —
// and publishes each cycle's offers and inverse offers through its
// Publisher (the bridge's hub) to the subscribed module.
//
// Its decisions are durable and reproducible. Every input — an owner's
// journal event, a cycle with its clock reading and the numbers of its
// events — is applied, then written to the actor's own journal stream
// ("allocator"), and a cycle's events are published only once that write
// is durable. After a restart, of the actor or of the engine, the actor
// replays its journal (from a snapshot of the core's complete state, see
// Allocator.Snapshot), reads from the owners' streams the events it had
// applied but not yet journaled (owners compact no further than Marks
// allow), and hands the hub the events published before the restart with
// their numbers: nothing offered is forgotten or offered twice, and every
// decision after the restart is the one the actor would have made without
// it. docs/allocator.md ("The allocator actor") has the details.
type Actor struct {
	cfg  ActorConfig
	core *core
	log  *journal.Log[*core]
	live bool

	// pending are inputs applied but not yet written; their events are
	// published, and the marks they advance announced, once durable.
	pending       []*allocatorv1.Input
	pendingEvents []*bridgev1.Event
	advanced      map[owner.Key]uint64
	inflight      map[uint64]*written

	ready         bool
	gen           uint64
	timer         *time.Timer
	pendingQueued bool

	// sinceSnapshot counts journal events since the last snapshot, taken
	// at lastSnapshot; snapshotting says one is being written.
	sinceSnapshot int
	lastSnapshot  time.Time
	snapshotting  atomic.Bool
}

// written is what to do once a journal event is durable.
type written struct {
	events []*bridgev1.Event
	marks  map[owner.Key]uint64
}

// generations tells apart the timers of successive incarnations.
var generations atomic.Uint64

// NewActor returns an allocator actor.
func NewActor(cfg ActorConfig) *Actor {
	return &Actor{cfg: cfg.withDefaults()}
}

// Producer returns a supervisor producer of allocator actors.
func Producer(cfg ActorConfig) supervisor.Producer {
	return func(string) actor.Actor { return NewActor(cfg) }
}

// Receive implements actor.Actor.
func (a *Actor) Receive(ctx actor.Context) {
	switch m := ctx.Message().(type) {
	case *actor.Started:
		a.start(ctx)
	case *actor.Stopping:
		a.stopTimer()
		if a.ready && a.log.Seq() > 0 && a.cfg.SnapshotEvery > 0 {
			a.log.Snapshot(context.Background())
		}
		return
	case *actor.Restarting, *actor.Stopped:
		a.stopTimer()
		return
	case *owner.RecordChanged:
		if a.cfg.Forward != nil {
			ctx.Send(a.cfg.Forward, m)
		}
		a.onRecordChanged(ctx, m)
	case *journal.Completion:
		if m.Stream == Stream {
			a.onCompletion(m)
		}
	case *tick:
		if m.gen == a.gen {
			a.cycle(true)
			a.armTimer(ctx)
		}
	case *runPending:
		if m.gen == a.gen {
			a.pendingQueued = false
			if a.core.lib.Pending() {
				a.cycle(false)
			}
		}
	case *RunCycle:
		n := a.cycle(m.All)
		a.flush(ctx)
		if m.Reply != nil {
			m.Reply(n)
		}
		return
	case *Inspect:
		m.Reply(a.info(m.WithState, m.WithMarks))
		return
	case *StateQuery:
		m.Reply(a.view())
		return
	case *Crash:
		panic(fmt.Sprintf("allocator: crash requested: %s", m.Reason))
	default:
		return
	}
	a.flush(ctx)
	a.schedule(ctx)
}

// start recovers the core from the journal, catches up with the owners'
// streams, gives the hub back the events it published, and arms the
// periodic cycle.
func (a *Actor) start(ctx actor.Context) {
	a.gen = generations.Add(1)
	a.core = newCore(a.cfg)
	a.advanced = make(map[owner.Key]uint64)
	a.inflight = make(map[uint64]*written)
	// Snapshots are the actor's own (maybeSnapshot): by count and time.
	opts := []journal.LogOption{journal.LogLogger(a.cfg.Logger), journal.SnapshotEvery(0)}
	a.lastSnapshot = time.Now()
	began := time.Now()
	l, err := journal.Recover(context.Background(), a.cfg.Store, Stream, a.core.model(&a.live), opts...)
	if err != nil {
		panic(fmt.Errorf("allocator: recover: %w", err))
	}
	a.log = l
	a.cfg.Marks.advance(a.core.marks)
	if !a.core.started {
		in := &allocatorv1.Input{Input: &allocatorv1.Input_Start{Start: initializeOf(*a.cfg.Options)}}
		if _, err := a.core.applyInput(in); err != nil {
			panic(fmt.Errorf("allocator: start options: %w", err))
		}
		a.pending = append(a.pending, in)
	}
	n := a.catchUpAll()
	a.flush(ctx)
	if a.cfg.Publisher != nil && a.core.session != "" {
		a.cfg.Publisher.Restore(a.core.session, a.core.lastEvent(), a.core.recent)
	}
	a.ready = true
	a.cfg.Metrics.started(time.Since(began))
	a.cfg.Logger.Info("allocator recovered",
		zap.Uint64("journal", l.Seq()), zap.Uint64("cycles", a.core.lib.Cycles()),
		zap.Int("owners", len(a.core.marks)), zap.Int("caught_up_events", n),
		zap.Duration("took", time.Since(began)))
	a.armTimer(ctx)
}

// onRecordChanged applies an owner's new events; a gap (events the actor
// never got, as when it or the owner crashed) is read from the owner's
// stream first.
func (a *Actor) onRecordChanged(ctx actor.Context, m *owner.RecordChanged) {
	k := m.Key
	for _, ev := range m.Events {
		mark := a.core.marks[k]
		if ev.Seq <= mark {
			continue
		}
		if ev.Seq > mark+1 {
			a.catchUp(ctx, k)
			if ev.Seq <= a.core.marks[k] {
				continue
			}
		}
		a.applyOwner(k, ev.Seq, ev.At, ev.Data, ev.Calls)
	}
	if m.Seq > a.core.marks[k] {
		a.catchUp(ctx, k)
	}
}

// applyOwner applies one owner event and queues it for the journal.
func (a *Actor) applyOwner(k owner.Key, seq uint64, at time.Time, data []byte, calls []*bridgev1.Call) {
	a.cfg.Metrics.input(a.core.applyOwnerEvent(k, seq, at, calls))
	a.pending = append(a.pending, &allocatorv1.Input{Input: &allocatorv1.Input_Owner{Owner: &allocatorv1.OwnerInput{
		Kind: int32(k.Kind), Id: k.ID, Seq: seq, Event: data,
	}}})
	a.advanced[k] = seq
}

// cycle runs an allocation cycle, if one can run: the actor is ready and a
// module has subscribed (someone to offer to). It returns the number of
// events decided.
func (a *Actor) cycle(all bool) int {
	session, last, ok := a.position()
	if !ok {
		return 0
	}
	first := last + 1
	if session == a.core.session {
		first = max(first, a.core.next)
	}
	cy := &allocatorv1.Cycle{TimeUnixNanos: a.cfg.Clock.Now().UnixNano(), All: all, Session: session, FirstEvent: first}
	began := time.Now()
	events := a.core.applyCycle(cy)
	a.cfg.Metrics.cycle(all, time.Since(began))
	a.pending = append(a.pending, &allocatorv1.Input{Input: &allocatorv1.Input_Cycle{Cycle: cy}})
	a.pendingEvents = append(a.pendingEvents, events...)
	return len(events)
}

// position returns the publisher's session and last event number, and
// whether a cycle can run: the actor is ready and a module has subscribed
// (someone to offer to).
func (a *Actor) position() (session string, last uint64, ok bool) {
	if !a.ready || a.cfg.Publisher == nil {
		return "", 0, false
	}
	session, last = a.cfg.Publisher.Position()
	return session, last, session != ""
}

// flush writes the pending inputs as one journal event.
func (a *Actor) flush(ctx actor.Context) {
	if len(a.pending) == 0 {
		return
	}
	data, err := proto.Marshal(&allocatorv1.Event{Inputs: a.pending})
	if err != nil {
		panic(fmt.Errorf("allocator: encode journal event: %w", err))
	}
	a.live = true
	seq, err := a.log.Persist(context.Background(), data, journal.ToSelf(ctx, nil))
	a.live = false
	if err != nil {
		panic(fmt.Errorf("allocator: journal: %w", err))
	}
	a.inflight[seq] = &written{events: a.pendingEvents, marks: a.advanced}
	a.pending, a.pendingEvents, a.advanced = nil, nil, make(map[owner.Key]uint64)
	a.sinceSnapshot++
	a.maybeSnapshot()
}

// maybeSnapshot writes a snapshot of the core once enough journal events
// and time have passed since the last one. The core's state is copied on
// the actor's goroutine; encoding and writing it happen on another.
func (a *Actor) maybeSnapshot() {
	if a.cfg.SnapshotEvery <= 0 || a.sinceSnapshot < a.cfg.SnapshotEvery ||
		time.Since(a.lastSnapshot) < a.cfg.SnapshotInterval || a.snapshotting.Load() {
		return
	}
	snap, err := a.core.snapshot()
	if err != nil {
		a.cfg.Logger.Warn("allocator snapshot", zap.Error(err))
		return
	}
	seq, store, log := a.log.Seq(), a.cfg.Store, a.cfg.Logger
	a.sinceSnapshot, a.lastSnapshot = 0, time.Now()
	a.snapshotting.Store(true)
	go func() {
		defer a.snapshotting.Store(false)
		data, err := proto.Marshal(snap)
		if err == nil {
			_, err = store.SaveSnapshot(context.Background(), Stream, seq, data).Wait(context.Background())
		}
		if err != nil {
			log.Warn("allocator snapshot not written", zap.Uint64("seq", seq), zap.Error(err))
		}
	}()
}

// onCompletion publishes what a durable journal event decided and lets
// the owners compact what it holds.
func (a *Actor) onCompletion(m *journal.Completion) {
	if !a.log.Settle(*m) {
		return
	}
	w := a.inflight[m.Seq]
	if w == nil {
		return
	}
	delete(a.inflight, m.Seq)
	for _, ev := range w.events {
		want := ev.GetSequence()
		got, err := a.cfg.Publisher.Publish(ev)
		a.cfg.Metrics.publishedEvent(ev)
		if err != nil || got != want {
			a.cfg.Logger.Warn("allocator event published out of its journaled numbering",
				zap.Uint64("journaled", want), zap.Uint64("published", got), zap.Error(err))
		}
	}
	a.cfg.Marks.advance(w.marks)
}

// schedule queues the event-driven cycle when the calls just applied
// asked for one: it runs after the messages already queued, which it
// batches (as Mesos batches the allocations dispatched meanwhile).
func (a *Actor) schedule(ctx actor.Context) {
	if a.cfg.Manual || a.pendingQueued || !a.core.lib.Pending() {
		return
	}
	if _, _, ok := a.position(); !ok {
		// Nobody to offer to yet: the first periodic cycle after a module
		// subscribes considers every agent anyway.
		return
	}
	a.pendingQueued = true
	ctx.Send(ctx.Self(), &runPending{gen: a.gen})
}

// armTimer sets the periodic cycle's timer for one allocation interval.
func (a *Actor) armTimer(ctx actor.Context) {
	if a.cfg.Manual {
		return
	}
	a.stopTimer()
	interval := a.core.lib.Options().AllocationInterval
	if interval <= 0 {
		interval = DefaultAllocationInterval
	}
	sys, self, gen := ctx.ActorSystem(), ctx.Self(), a.gen
	a.timer = time.AfterFunc(interval, func() { sys.Root.Send(self, &tick{gen: gen}) })
}

func (a *Actor) stopTimer() {
	if a.timer != nil {
		a.timer.Stop()
		a.timer = nil
	}
}

func (a *Actor) info(withState, withMarks bool) ActorInfo {
	in := ActorInfo{Ready: a.ready}
	if a.core == nil {
		return in
	}
	in.Cycles, in.Owners = a.core.lib.Cycles(), len(a.core.marks)
	in.Session, in.LastEvent = a.core.session, a.core.lastEvent()
	if a.log != nil {
		in.Journaled, in.Durable = a.log.Seq(), a.log.Durable()
	}
	if withMarks {
		in.Marks = cloneMarks(a.core.marks)
	}
	if withState {
		st, err := a.core.lib.Snapshot()
		if err == nil {
			st = proto.Clone(st).(*allocatorv1.State)
		}
		in.State, in.Err = st, err
	}
	return in
}
