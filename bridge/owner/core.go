package owner

import (
	"context"
	"fmt"
	"time"

	"github.com/asynkron/protoactor-go/actor"
	"go.uber.org/zap"
	"google.golang.org/protobuf/proto"

	bridgev1 "github.com/mactor/mactor/messages/bridge/v1"
	"github.com/mactor/mactor/supervisor/journal"
)

// Core is the generic body of an owner actor: recovery of the record from
// the journal, dedupe, journaling of Apply and Internal messages, answers
// after durability, and RecordChanged notifications. An owner actor holds
// one Core and passes it every message (Receive); NewActor builds such an
// actor from Rules alone.
//
// A Core is used from its actor's goroutine only.
type Core[R proto.Message] struct {
	key    Key
	stream string
	rules  Rules[R]
	cfg    Config

	log      *journal.Log[R]
	live     *liveBatch
	inflight map[uint64]*pendingReply
	waiters  []waiter
	// unsent are the events applied since the last RecordChanged;
	// sinceSnap counts events since the last snapshot (when compaction
	// waits for the listener).
	unsent    []AppliedEvent
	sinceSnap int
}

// liveBatch carries the decoded calls of the event being persisted to the
// Model's Apply, so that the live path does not decode what it just
// encoded. Replay decodes the journaled bytes instead; both run the same
// rules on the same calls.
type liveBatch struct {
	session  string
	at       time.Time
	calls    []*bridgev1.Call
	internal *bridgev1.OwnerEvent
	results  []*bridgev1.Response
}

type pendingReply struct {
	applied  *Applied
	reply    func(*Applied)
	internal func(error)
}

// waiter is an answer that needs nothing written but must not overtake
// the journal event seq (a duplicate of a call still being written).
type waiter struct {
	seq uint64
	p   *pendingReply
}

// NewCore returns the core of the owner key.
func NewCore[R proto.Message](key Key, rules Rules[R], cfg Config) *Core[R] {
	return &Core[R]{key: key, stream: key.Stream(), rules: rules, cfg: cfg.withDefaults(), inflight: map[uint64]*pendingReply{}}
}

// Key returns the owner's key.
func (c *Core[R]) Key() Key { return c.key }

// Record returns the current record (including changes not yet durable);
// it belongs to the actor: do not keep or modify it.
func (c *Core[R]) Record() R { return c.log.State() }

// Receive handles the owner protocol's messages and the journal's
// completions; it returns false for any other message. A panic while
// handling one (a lost write, a bug) moves the epoch on and fails every
// call in flight before it reaches the supervisor, so that nothing queued
// behind it is applied out of order.
func (c *Core[R]) Receive(ctx actor.Context) (handled bool) {
	return c.Handle(ctx, ctx.Message())
}

// Handle is Receive for a message the actor has in hand (such as an
// Internal it built itself while handling another message).
func (c *Core[R]) Handle(ctx actor.Context, msg any) (handled bool) {
	defer func() {
		if r := recover(); r != nil {
			c.crashed()
			panic(r)
		}
	}()
	switch m := msg.(type) {
	case *actor.Started:
		c.recover(ctx)
		return true
	case *actor.Stopping:
		if c.log != nil && c.log.Seq() > 0 && c.mayCompact() {
			c.log.Snapshot(context.Background())
		}
		return true
	case *Apply:
		c.apply(ctx, m)
		return true
	case *Internal:
		c.internal(ctx, m)
		return true
	case *Get:
		m.Reply(proto.Clone(c.log.State()), c.log.Seq())
		return true
	case *Crash:
		panic(fmt.Sprintf("owner %s: crash requested: %s", c.key, m.Reason))
	case *journal.Completion:
		if m.Stream != c.stream {
			return false
		}
		c.complete(ctx, m)
		return true
	}
	return false
}

func (c *Core[R]) model() journal.Model[R] {
	return journal.Model[R]{
		Init: func() R { return c.rules.New(c.key) },
		Apply: func(rec R, data []byte) (R, error) {
			if lb := c.live; lb != nil {
				c.applyLive(rec, lb)
				return rec, nil
			}
			ev := &bridgev1.OwnerEvent{}
			if err := unmarshal(data, ev); err != nil {
				return rec, fmt.Errorf("owner %s: event: %w", c.key, err)
			}
			at := time.Unix(0, ev.GetTimeUnixNanos())
			for i, raw := range ev.GetCalls() {
				call := &bridgev1.Call{}
				if err := unmarshal(raw, call); err != nil {
					return rec, fmt.Errorf("owner %s: event call %d: %w", c.key, i, err)
				}
				c.applyCall(rec, ev.GetSessionId(), call, at)
			}
			if c.rules.Internal != nil {
				c.rules.Internal(rec, ev, at)
			}
			return rec, nil
		},
		Encode: func(rec R) ([]byte, error) { return marshal(rec) },
		Decode: func(b []byte) (R, error) {
			rec := c.rules.New(c.key)
			if err := unmarshal(b, rec); err != nil {
				return rec, fmt.Errorf("owner %s: snapshot: %w", c.key, err)
			}
			return rec, nil
		},
	}
}

func (c *Core[R]) recover(ctx actor.Context) {
	opts := []journal.LogOption{journal.LogLogger(c.cfg.Logger)}
	if c.cfg.SnapshotEvery > 0 && c.cfg.Compacted == nil {
		opts = append(opts, journal.SnapshotEvery(c.cfg.SnapshotEvery))
	} else {
		opts = append(opts, journal.SnapshotEvery(0))
	}
	l, err := journal.Recover(context.Background(), c.cfg.Store, c.stream, c.model(), opts...)
	if err != nil {
		panic(fmt.Errorf("owner %s: recover: %w", c.key, err))
	}
	c.log = l
	c.notify(ctx, true)
}

func (c *Core[R]) applyLive(rec R, lb *liveBatch) {
	lb.results = make([]*bridgev1.Response, len(lb.calls))
	for i, call := range lb.calls {
		lb.results[i] = c.applyCall(rec, lb.session, call, lb.at)
	}
	if lb.internal != nil && c.rules.Internal != nil {
		c.rules.Internal(rec, lb.internal, lb.at)
	}
}

// applyCall runs the rules on one call and marks it applied. A panic in
// the rules is contained: the call counts as applied with no effect, the
// same on every replay.
func (c *Core[R]) applyCall(rec R, session string, call *bridgev1.Call, at time.Time) (res *bridgev1.Response) {
	defer func() {
		if r := recover(); r != nil {
			c.cfg.Logger.Error("owner rules panicked; call applied with no effect",
				zap.Stringer("owner", c.key), zap.Stringer("type", call.GetType()),
				zap.Uint64("sequence", call.GetSequence()), zap.Any("panic", r))
			res = nil
		}
		markApplied(c.rules.Meta(rec), session, call.GetSequence(), c.cfg.MaxSessions)
	}()
	return c.rules.Apply(rec, call, at)
}

func (c *Core[R]) apply(ctx actor.Context, a *Apply) {
	if a.Epoch != 0 && a.Epoch != c.cfg.Epoch.Current() {
		a.Reply(&Applied{Tag: a.Tag, Err: ErrStale})
		return
	}
	outcomes := make([]Outcome, len(a.Items))
	last := uint64(0)
	if a.Session != "" {
		last = lastApplied(c.rules.Meta(c.log.State()), a.Session)
	}
	fresh := make([]int, 0, len(a.Items))
	for i, it := range a.Items {
		seq := it.Call.GetSequence()
		if a.Session != "" && seq != 0 {
			if seq <= last {
				outcomes[i].Duplicate = true
				continue
			}
			last = seq
		}
		fresh = append(fresh, i)
	}
	p := &pendingReply{applied: &Applied{Tag: a.Tag, Outcomes: outcomes}, reply: a.Reply}
	if len(fresh) == 0 {
		c.afterDurable(p)
		return
	}
	ev := &bridgev1.OwnerEvent{SessionId: a.Session, TimeUnixNanos: c.cfg.Now().UnixNano(), Calls: make([][]byte, 0, len(fresh))}
	lb := &liveBatch{session: a.Session, at: time.Unix(0, ev.TimeUnixNanos), calls: make([]*bridgev1.Call, 0, len(fresh))}
	for _, i := range fresh {
		it := a.Items[i]
		raw := it.Raw
		if raw == nil {
			var err error
			if raw, err = marshal(it.Call); err != nil {
				a.Reply(&Applied{Tag: a.Tag, Err: fmt.Errorf("owner %s: encode call: %w", c.key, err)})
				return
			}
		}
		ev.Calls = append(ev.Calls, raw)
		lb.calls = append(lb.calls, it.Call)
	}
	seq, err := c.persist(ctx, ev, lb)
	if err != nil {
		a.Reply(&Applied{Tag: a.Tag, Err: err})
		return
	}
	for j, i := range fresh {
		outcomes[i].Result = lb.results[j]
	}
	if c.cfg.UnsafeAckBeforeDurable {
		p.answer(nil) // broken on purpose (Config): not durable yet
		return
	}
	c.inflight[seq] = p
}

func (c *Core[R]) internal(ctx actor.Context, m *Internal) {
	ev := proto.Clone(m.Event).(*bridgev1.OwnerEvent)
	ev.SessionId, ev.Calls = "", nil
	ev.TimeUnixNanos = c.cfg.Now().UnixNano()
	lb := &liveBatch{at: time.Unix(0, ev.TimeUnixNanos), internal: ev}
	seq, err := c.persist(ctx, ev, lb)
	if err != nil {
		m.Reply(err)
		return
	}
	c.inflight[seq] = &pendingReply{internal: m.Reply}
}

func (c *Core[R]) persist(ctx actor.Context, ev *bridgev1.OwnerEvent, lb *liveBatch) (uint64, error) {
	data, err := marshal(ev)
	if err != nil {
		return 0, fmt.Errorf("owner %s: encode event: %w", c.key, err)
	}
	c.live = lb
	defer func() { c.live = nil }()
	seq, err := c.log.Persist(context.Background(), data, journal.ToSelf(ctx, nil))
	if err != nil {
		return seq, err
	}
	c.sinceSnap++
	if c.cfg.Notify != nil {
		c.unsent = append(c.unsent, AppliedEvent{Seq: seq, Data: data, Session: ev.GetSessionId(), At: lb.at, Calls: lb.calls})
	}
	return seq, nil
}

// mayCompact reports whether the listener named by Config.Compacted holds
// every event of the stream (always true without one).
func (c *Core[R]) mayCompact() bool {
	return c.cfg.Compacted == nil || c.cfg.Compacted(c.key) >= c.log.Seq()
}

// maybeSnapshot takes the snapshot that Config.Compacted held back, once
// it is due and allowed.
func (c *Core[R]) maybeSnapshot() {
	if c.cfg.Compacted == nil || c.cfg.SnapshotEvery <= 0 || c.sinceSnap < c.cfg.SnapshotEvery || !c.mayCompact() {
		return
	}
	c.sinceSnap = 0
	c.log.Snapshot(context.Background())
}

// afterDurable answers p once every event written so far is durable.
func (c *Core[R]) afterDurable(p *pendingReply) {
	if s := c.log.Seq(); s > c.log.Durable() && !c.cfg.UnsafeAckBeforeDurable {
		c.waiters = append(c.waiters, waiter{seq: s, p: p})
		return
	}
	p.answer(nil)
}

func (c *Core[R]) complete(ctx actor.Context, m *journal.Completion) {
	if !c.log.Settle(*m) {
		return
	}
	// The listener hears of the durable events before any caller is
	// answered: a module's next call, sent after the answer, reaches the
	// allocator after them (the bridge's session holds calls behind a
	// barrier such as INITIALIZE until its answer).
	if c.log.Seq() == m.Seq {
		c.notify(ctx, false)
	}
	if p := c.inflight[m.Seq]; p != nil {
		delete(c.inflight, m.Seq)
		p.answer(nil)
	}
	n := 0
	for _, w := range c.waiters {
		if w.seq <= m.Seq {
			w.p.answer(nil)
			continue
		}
		c.waiters[n] = w
		n++
	}
	clear(c.waiters[n:])
	c.waiters = c.waiters[:n]
	c.maybeSnapshot()
}

func (p *pendingReply) answer(err error) {
	switch {
	case p.internal != nil:
		p.internal(err)
	case err != nil:
		p.reply(&Applied{Tag: p.applied.Tag, Err: err})
	default:
		p.reply(p.applied)
	}
}

// crashed runs when the actor is about to crash: the epoch moves on, so
// calls queued behind are refused, and every call in flight is failed (its
// event may or may not be durable; the resend is deduped either way).
func (c *Core[R]) crashed() {
	c.cfg.Epoch.Bump()
	for seq, p := range c.inflight {
		p.answer(ErrCrashed)
		delete(c.inflight, seq)
	}
	for _, w := range c.waiters {
		w.p.answer(ErrCrashed)
	}
	c.waiters = nil
}

func (c *Core[R]) notify(ctx actor.Context, recovered bool) {
	if c.cfg.Notify == nil {
		return
	}
	events := c.unsent
	c.unsent = nil
	var rec proto.Message
	if !c.cfg.EventsOnly {
		rec = proto.Clone(c.log.State())
	}
	ctx.Send(c.cfg.Notify, &RecordChanged{Key: c.key, Seq: c.log.Seq(), Record: rec, Recovered: recovered, Events: events})
}

// Records and calls may carry Mesos messages without their required
// fields (modules send what Mesos hands them): encode and decode them as
// they are.
func marshal(m proto.Message) ([]byte, error) {
	return proto.MarshalOptions{AllowPartial: true}.Marshal(m)
}

func unmarshal(b []byte, m proto.Message) error {
	return proto.UnmarshalOptions{AllowPartial: true}.Unmarshal(b, m)
}
