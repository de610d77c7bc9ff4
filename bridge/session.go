package bridge

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"sync/atomic"
	"time"

	"github.com/asynkron/protoactor-go/actor"
	"go.uber.org/zap"
	"google.golang.org/protobuf/proto"

	"github.com/mactor/mactor/bridge/owner"
	bridgev1 "github.com/mactor/mactor/messages/bridge/v1"
	"github.com/mactor/mactor/supervisor"
	"github.com/mactor/mactor/supervisor/journal"
)

// sessionDeps is what every session actor shares.
type sessionDeps struct {
	cfg   Config
	store journal.Store
	epoch *owner.Epoch
	m     *metrics
}

// Messages of the session actor.
type (
	// submit hands a request's calls (all of this session, sequenced) to
	// the session.
	submit struct{ req *request }
	// lastApplied asks for the session's durable watermark.
	lastApplied struct{ reply func(uint64) }
	// ownerReply is an owner's answer, tagged with the generation it was
	// sent in.
	ownerReply struct {
		gen     uint64
		slots   []*slot
		applied *owner.Applied
	}
	// epochMoved tells the session that the epoch moved on.
	epochMoved struct{}
	// tick wakes the session to check timeouts.
	tick struct{}
)

// entry is an admitted call (sequence in (applied, next)) waiting for its
// owner: the first slot that carried it, and resends of it that arrived
// meanwhile.
type entry struct {
	slot      *slot
	followers []*slot
	done      bool
	sent      time.Time
}

// parked is a request whose next call came ahead of its turn.
type parked struct {
	req   *request
	from  int
	since time.Time
}

// session is the actor of one module session: it admits the session's
// sequenced calls strictly in order, routes them to their owners in the
// epoch of their admission, keeps the watermark of calls applied without a
// gap, journals it ("session/<id>"), and answers each call only when the
// journaled watermark covers it. That last rule keeps every acknowledged
// call at or below the durable watermark, so that after any restart the
// module's oldest unacknowledged call is exactly the next one the session
// expects (or an earlier one, answered as a duplicate).
type session struct {
	id   string
	deps *sessionDeps
	log  *journal.Log[*bridgev1.SessionRecord]

	epoch   uint64
	gen     uint64
	next    uint64 // the sequence number to admit next
	applied uint64 // every call up to it is durable at its owner
	durable uint64 // the journaled watermark
	written uint64 // the highest watermark written or being written
	marks   map[uint64]uint64

	window  map[uint64]*entry
	release []*slot
	parked  map[uint64]*parked

	// barrier is the sequence of an admitted barrier call (see isBarrier)
	// that its owner has not yet applied, behind the request waiting for
	// it, from the call after the barrier.
	barrier uint64
	behind  *parked

	ticking bool
	unwatch func()
}

func newSession(id string, deps *sessionDeps) *session {
	return &session{id: id, deps: deps}
}

var sessionModel = journal.Model[*bridgev1.SessionRecord]{
	Init: func() *bridgev1.SessionRecord { return &bridgev1.SessionRecord{} },
	Apply: func(s *bridgev1.SessionRecord, e []byte) (*bridgev1.SessionRecord, error) {
		var ev bridgev1.SessionRecord
		if err := proto.Unmarshal(e, &ev); err != nil {
			return s, err
		}
		s.SessionId = ev.SessionId
		s.LastAppliedSequence = max(s.LastAppliedSequence, ev.LastAppliedSequence)
		return s, nil
	},
	Encode: func(s *bridgev1.SessionRecord) ([]byte, error) { return proto.Marshal(s) },
	Decode: func(b []byte) (*bridgev1.SessionRecord, error) {
		s := &bridgev1.SessionRecord{}
		return s, proto.Unmarshal(b, s)
	},
}

// generations numbers the generations of every session incarnation, so
// that an owner's late answer to an earlier one is never taken for current.
var generations atomic.Uint64

func sessionStream(id string) string { return "session/" + id }

// Receive implements actor.Actor. A crash fails every call the session
// holds (503, resend) before the supervisor restarts it from its journal.
func (s *session) Receive(ctx actor.Context) {
	defer func() {
		if r := recover(); r != nil {
			s.deps.epoch.Bump()
			s.failAll(http.StatusServiceUnavailable, fmt.Sprintf("session crashed: %v", r))
			panic(r)
		}
	}()
	switch m := ctx.Message().(type) {
	case *actor.Started:
		s.start(ctx)
	case *actor.Stopping:
		s.failAll(http.StatusServiceUnavailable, "engine stopping")
		if s.unwatch != nil {
			s.unwatch()
		}
		if s.log != nil {
			s.log.Snapshot(context.Background())
		}
	case *actor.ReceiveTimeout:
		if len(s.window) == 0 && len(s.parked) == 0 && s.behind == nil && len(s.release) == 0 && s.written == s.durable {
			supervisor.Exit(ctx, supervisor.Normal)
		}
	case *submit:
		s.checkEpoch(ctx)
		s.process(ctx, m.req, 0)
	case *ownerReply:
		s.onReply(ctx, m)
	case *journal.Completion:
		s.onDurable(ctx, m)
	case *epochMoved:
		s.checkEpoch(ctx)
	case *tick:
		s.onTick(ctx)
	case *lastApplied:
		m.reply(s.durable)
	case *CrashSession:
		panic(fmt.Sprintf("session %s: crash requested: %s", s.id, m.Reason))
	}
}

func (s *session) start(ctx actor.Context) {
	l, err := journal.Recover(context.Background(), s.deps.store, sessionStream(s.id), sessionModel, journal.SnapshotEvery(1000))
	if err != nil {
		panic(fmt.Errorf("session %s: recover: %w", s.id, err))
	}
	s.log = l
	w := l.State().GetLastAppliedSequence()
	s.next, s.applied, s.durable, s.written = w+1, w, w, w
	s.window, s.parked, s.marks = map[uint64]*entry{}, map[uint64]*parked{}, map[uint64]uint64{}
	s.epoch = s.deps.epoch.Current()
	s.gen = generations.Add(1)
	self, root := ctx.Self(), ctx.ActorSystem().Root
	s.unwatch = s.deps.epoch.Watch(func() { root.Send(self, &epochMoved{}) })
	ctx.SetReceiveTimeout(s.deps.cfg.IdleSession)
}

// checkEpoch rewinds the session if the epoch moved on since its last
// reset: whatever it routed before may be refused or lost.
func (s *session) checkEpoch(ctx actor.Context) {
	if s.epoch != s.deps.epoch.Current() {
		s.reset(ctx, "the engine moved to a new epoch (an owner crashed or lost a write)")
	}
}

// reset fails every admitted call that is not yet applied without a gap
// (503: resend from the expected sequence) and rewinds to it, in a new
// epoch, so that nothing routed earlier can still be applied.
func (s *session) reset(ctx actor.Context, why string) {
	if s.epoch == s.deps.epoch.Current() {
		s.deps.epoch.Bump()
	}
	s.epoch = s.deps.epoch.Current()
	s.gen = generations.Add(1)
	msg := fmt.Sprintf("%s; resend from sequence %d", why, s.applied+1)
	for seq, e := range s.window {
		e.slot.finish(http.StatusServiceUnavailable, msg, s.applied+1)
		for _, f := range e.followers {
			f.finish(http.StatusServiceUnavailable, msg, s.applied+1)
		}
		delete(s.window, seq)
	}
	// Requests parked ahead of their turn cannot be admitted before the
	// module resends what came before them: answer them now too.
	for seq, p := range s.parked {
		s.failFrom(p.req, p.from, http.StatusServiceUnavailable, msg, s.applied+1)
		delete(s.parked, seq)
	}
	if s.behind != nil {
		s.failFrom(s.behind.req, s.behind.from, http.StatusServiceUnavailable, msg, s.applied+1)
	}
	s.barrier, s.behind = 0, nil
	s.next = s.applied + 1
	s.deps.m.resets.Inc()
	s.deps.cfg.Logger.Warn("session rewound", zap.String("session", s.id), zap.Uint64("next", s.next), zap.String("why", why))
	s.resume(ctx)
}

// process admits the calls of req from index from on.
func (s *session) process(ctx actor.Context, req *request, from int) {
	groups := map[*actor.PID][]*slot{}
	var order []*actor.PID
	now := time.Now()
	for i := from; i < len(req.slots); i++ {
		sl := req.slots[i]
		seq := sl.call.GetSequence()
		switch {
		case seq <= s.applied:
			sl.duplicate = true
			s.succeed(sl)
		case seq < s.next:
			e := s.window[seq]
			if e == nil {
				sl.finish(http.StatusServiceUnavailable, "call lost its place; resend", s.applied+1)
				continue
			}
			sl.duplicate = true
			e.followers = append(e.followers, sl)
		case seq == s.next && s.barrier != 0:
			// Behind a barrier: wait until its owner has applied it.
			if s.behind != nil {
				s.failFrom(s.behind.req, s.behind.from, http.StatusServiceUnavailable, "superseded by a resend; resend", s.next)
			}
			s.behind = &parked{req: req, from: i, since: now}
			s.send(ctx, groups, order)
			s.advance(ctx)
			return
		case seq == s.next:
			if len(s.window) >= s.deps.cfg.MaxInflight {
				s.failFrom(req, i, http.StatusServiceUnavailable, ErrOverloaded.Error(), s.next)
				return
			}
			s.next++
			e := &entry{slot: sl, sent: now}
			s.window[seq] = e
			if sl.rejected != "" {
				e.done = true
				continue
			}
			if _, ok := groups[sl.pid]; !ok {
				order = append(order, sl.pid)
			}
			groups[sl.pid] = append(groups[sl.pid], sl)
			if isBarrier(sl.call.GetType()) {
				s.barrier = seq
			}
		default:
			s.parked[seq] = &parked{req: req, from: i, since: now}
			s.ensureTick(ctx)
			s.send(ctx, groups, order)
			s.advance(ctx)
			return
		}
	}
	s.send(ctx, groups, order)
	s.advance(ctx)
	s.resume(ctx)
}

// resume processes a parked request whose turn has come.
func (s *session) resume(ctx actor.Context) {
	if p := s.parked[s.next]; p != nil {
		delete(s.parked, s.next)
		s.process(ctx, p.req, p.from)
	}
}

func (s *session) failFrom(req *request, from, status int, msg string, expected uint64) {
	for _, sl := range req.slots[from:] {
		sl.finish(status, msg, expected)
	}
}

// send routes the admitted calls, one Apply per owner.
func (s *session) send(ctx actor.Context, groups map[*actor.PID][]*slot, order []*actor.PID) {
	if len(order) == 0 {
		return
	}
	self, root, gen := ctx.Self(), ctx.ActorSystem().Root, s.gen
	for _, pid := range order {
		slots := groups[pid]
		items := make([]owner.Item, len(slots))
		for i, sl := range slots {
			items[i] = owner.Item{Call: sl.call, Raw: sl.raw}
		}
		root.Send(pid, &owner.Apply{
			Session: s.id, Epoch: s.epoch, Items: items,
			Reply: func(a *owner.Applied) { root.Send(self, &ownerReply{gen: gen, slots: slots, applied: a}) },
		})
	}
	s.ensureTick(ctx)
}

func (s *session) onReply(ctx actor.Context, m *ownerReply) {
	if m.gen != s.gen {
		return // answered already, at the reset that started this generation
	}
	if m.applied.Err != nil {
		s.reset(ctx, fmt.Sprintf("owner of %s: %v", m.slots[0].key, m.applied.Err))
		return
	}
	for i, sl := range m.slots {
		e := s.window[sl.call.GetSequence()]
		if e == nil || e.slot != sl {
			continue
		}
		e.done = true
		if i < len(m.applied.Outcomes) {
			o := m.applied.Outcomes[i]
			sl.duplicate, sl.result = o.Duplicate, o.Result
		}
	}
	s.advance(ctx)
}

// advance moves the watermark over the calls applied without a gap, and
// journals it.
func (s *session) advance(ctx actor.Context) {
	for {
		e := s.window[s.applied+1]
		if e == nil || !e.done {
			break
		}
		s.applied++
		delete(s.window, s.applied)
		s.succeed(e.slot)
		for _, f := range e.followers {
			f.result = e.slot.result
			s.succeed(f)
		}
	}
	s.writeWatermark(ctx)
	if s.barrier != 0 && s.applied >= s.barrier {
		s.barrier = 0
		if p := s.behind; p != nil {
			s.behind = nil
			s.process(ctx, p.req, p.from)
		}
	}
}

// writeWatermark journals the watermark, one write at a time: while one is
// being written, later advances wait and go together in the next.
func (s *session) writeWatermark(ctx actor.Context) {
	if s.applied > s.written && len(s.marks) == 0 {
		data, err := proto.Marshal(&bridgev1.SessionRecord{SessionId: s.id, LastAppliedSequence: s.applied})
		if err != nil {
			panic(err)
		}
		seq, err := s.log.Persist(context.Background(), data, journal.ToSelf(ctx, nil))
		if err != nil {
			panic(fmt.Errorf("session %s: watermark: %w", s.id, err))
		}
		s.marks[seq] = s.applied
		s.written = s.applied
	}
}

// succeed answers a call that is applied (or a duplicate) once the
// journaled watermark covers it.
func (s *session) succeed(sl *slot) {
	if sl.call.GetSequence() <= s.durable || s.deps.cfg.UnsafeAckBeforeDurable {
		sl.succeed()
		return
	}
	s.release = append(s.release, sl)
}

func (s *session) onDurable(ctx actor.Context, c *journal.Completion) {
	if c.Stream != sessionStream(s.id) || !s.log.Settle(*c) {
		return
	}
	if w, ok := s.marks[c.Seq]; ok {
		delete(s.marks, c.Seq)
		s.durable = max(s.durable, w)
	}
	defer s.writeWatermark(ctx)
	n := 0
	for _, sl := range s.release {
		if sl.call.GetSequence() <= s.durable {
			sl.succeed()
			continue
		}
		s.release[n] = sl
		n++
	}
	clear(s.release[n:])
	s.release = s.release[:n]
}

func (s *session) ensureTick(ctx actor.Context) {
	if s.ticking {
		return
	}
	s.ticking = true
	self, root := ctx.Self(), ctx.ActorSystem().Root
	d := min(s.deps.cfg.ReorderWait, s.deps.cfg.OwnerTimeout) / 4
	time.AfterFunc(max(d, 10*time.Millisecond), func() { root.Send(self, &tick{}) })
}

func (s *session) onTick(ctx actor.Context) {
	s.ticking = false
	now := time.Now()
	for seq, p := range s.parked {
		if now.Sub(p.since) >= s.deps.cfg.ReorderWait {
			delete(s.parked, seq)
			msg := fmt.Sprintf("sequence gap: expected %d, got %d", s.next, seq)
			s.failFrom(p.req, p.from, http.StatusConflict, msg, s.next)
		}
	}
	for _, e := range s.window {
		if !e.done && now.Sub(e.sent) >= s.deps.cfg.OwnerTimeout {
			s.reset(ctx, fmt.Sprintf("owner of %s did not answer within %s", e.slot.key, s.deps.cfg.OwnerTimeout))
			break
		}
	}
	if len(s.parked) > 0 || slices.ContainsFunc(mapValues(s.window), func(e *entry) bool { return !e.done }) {
		s.ensureTick(ctx)
	}
}

// failAll answers everything the session holds (it is crashing or
// stopping).
func (s *session) failAll(status int, msg string) {
	for _, e := range s.window {
		e.slot.finish(status, msg, s.applied+1)
		for _, f := range e.followers {
			f.finish(status, msg, s.applied+1)
		}
	}
	for _, sl := range s.release {
		sl.finish(status, msg, s.applied+1)
	}
	for _, p := range s.parked {
		s.failFrom(p.req, p.from, status, msg, s.applied+1)
	}
	if s.behind != nil {
		s.failFrom(s.behind.req, s.behind.from, status, msg, s.applied+1)
	}
	s.window, s.release, s.parked = map[uint64]*entry{}, nil, map[uint64]*parked{}
	s.barrier, s.behind = 0, nil
}

func mapValues[K comparable, V any](m map[K]V) []V {
	out := make([]V, 0, len(m))
	for _, v := range m {
		out = append(out, v)
	}
	return out
}

// isBarrier tells the calls that a Mesos master makes, synchronously,
// before any other: the allocator must see them before the calls that
// follow them, which go to other owners. The session holds the calls
// after a barrier until the barrier's owner has applied it (its owner
// tells the allocator before it answers).
func isBarrier(t bridgev1.Call_Type) bool {
	return t == bridgev1.Call_INITIALIZE || t == bridgev1.Call_RECOVER
}
