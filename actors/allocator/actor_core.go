package allocator

import (
	"fmt"
	"time"

	"go.uber.org/zap"
	"google.golang.org/protobuf/proto"

	"github.com/mactor/mactor/bridge/owner"
	allocatorv1 "github.com/mactor/mactor/messages/allocator/v1"
	bridgev1 "github.com/mactor/mactor/messages/bridge/v1"
	"github.com/mactor/mactor/supervisor/journal"
)

// core is the allocator actor's durable state: the allocation core and
// what the actor keeps beside it. It changes only through inputs (owner
// events, cycles, the start options), applied in the same way live and
// when the journal is replayed, so that replaying the journal rebuilds it
// exactly.
type core struct {
	cfg      Config
	defaults Options
	log      *zap.Logger
	lib      *Allocator
	// clock is the core's time: each input sets it to its own time (the
	// owner's journal time, the cycle's reading), live and on replay.
	clock *inputClock

	// started says the start options were applied.
	started bool
	// marks are, per owner, the last event of its stream applied.
	marks map[owner.Key]uint64

	// session and next number the published events.
	session string
	next    uint64
	// recent are the last events published (at most keep), oldest first.
	recent []*bridgev1.Event
	keep   int
}

// inputClock is the Clock the core sees: the time of the input being
// applied.
type inputClock struct{ t time.Time }

// Now returns the current input's time.
func (c *inputClock) Now() time.Time { return c.t }

func newCore(cfg ActorConfig) *core {
	clock := &inputClock{}
	c := &core{
		cfg:      Config{Policy: cfg.Policy, Clock: clock, Seed: cfg.Seed, Debug: cfg.Debug},
		defaults: *cfg.Options,
		log:      cfg.Logger,
		clock:    clock,
		marks:    make(map[owner.Key]uint64),
		keep:     cfg.RecentEvents,
	}
	c.lib = New(c.cfg)
	return c
}

// reset replaces the allocation core with a new one initialized with
// opts (a master's INITIALIZE: a new allocator).
func (c *core) reset(opts Options) error {
	lib := New(c.cfg)
	if err := lib.Initialize(opts); err != nil {
		return err
	}
	c.lib = lib
	return nil
}

// applyInput applies one input. For a cycle it returns the events the
// cycle decided, numbered, and keeps them among the recent ones.
func (c *core) applyInput(in *allocatorv1.Input) ([]*bridgev1.Event, error) {
	switch x := in.GetInput().(type) {
	case *allocatorv1.Input_Start:
		c.started = true
		return nil, c.reset(optionsFromInitialize(x.Start, c.defaults))
	case *allocatorv1.Input_Owner:
		ev := &bridgev1.OwnerEvent{}
		if err := unmarshalPartial(x.Owner.GetEvent(), ev); err != nil {
			return nil, fmt.Errorf("owner event %s/%s #%d: %w", owner.Kind(x.Owner.GetKind()), x.Owner.GetId(), x.Owner.GetSeq(), err)
		}
		calls := make([]*bridgev1.Call, 0, len(ev.GetCalls()))
		for i, raw := range ev.GetCalls() {
			call := &bridgev1.Call{}
			if err := unmarshalPartial(raw, call); err != nil {
				return nil, fmt.Errorf("owner event %s/%s #%d call %d: %w", owner.Kind(x.Owner.GetKind()), x.Owner.GetId(), x.Owner.GetSeq(), i, err)
			}
			calls = append(calls, call)
		}
		c.applyOwnerEvent(keyOf(x.Owner), x.Owner.GetSeq(), time.Unix(0, ev.GetTimeUnixNanos()), calls)
		return nil, nil
	case *allocatorv1.Input_Cycle:
		return c.applyCycle(x.Cycle), nil
	}
	return nil, fmt.Errorf("%w: unknown input %T", ErrInvalidOption, in.GetInput())
}

// applyOwnerEvent applies the calls of one owner event, at the event's
// time, and moves the owner's mark. The core's refusals are logged: the
// call changes nothing, as a Mesos allocator that CHECK-failed would have
// had nothing to change.
func (c *core) applyOwnerEvent(k owner.Key, seq uint64, at time.Time, calls []*bridgev1.Call) (refused int) {
	c.clock.t = at
	for _, call := range calls {
		if err := c.applyCall(call); err != nil {
			refused++
			c.log.Warn("allocator call refused", zap.Stringer("owner", k), zap.Uint64("event", seq),
				zap.Stringer("type", call.GetType()), zap.Uint64("sequence", call.GetSequence()), zap.Error(err))
		}
	}
	if seq > c.marks[k] {
		c.marks[k] = seq
	}
	return refused
}

// applyCycle runs a cycle at its journaled time and numbers its events.
func (c *core) applyCycle(cy *allocatorv1.Cycle) []*bridgev1.Event {
	c.clock.t = time.Unix(0, cy.GetTimeUnixNanos())
	var res Result
	if cy.GetAll() {
		res = c.lib.Allocate()
	} else {
		res = c.lib.AllocatePending()
	}
	events := make([]*bridgev1.Event, 0, len(res.Offers)+len(res.InverseOffers))
	for i := range res.Offers {
		events = append(events, &bridgev1.Event{Type: bridgev1.Event_OFFERS, Payload: &bridgev1.Event_Offers_{Offers: res.Offers[i].Event()}})
	}
	for i := range res.InverseOffers {
		events = append(events, &bridgev1.Event{Type: bridgev1.Event_INVERSE_OFFERS, Payload: &bridgev1.Event_InverseOffers_{InverseOffers: res.InverseOffers[i].Event()}})
	}
	if len(events) == 0 {
		return nil
	}
	if cy.GetSession() != c.session {
		c.session, c.recent = cy.GetSession(), nil
	}
	for i, ev := range events {
		ev.Sequence = cy.GetFirstEvent() + uint64(i)
	}
	c.next = cy.GetFirstEvent() + uint64(len(events))
	c.recent = append(c.recent, events...)
	if over := len(c.recent) - c.keep; over > 0 {
		clear(c.recent[:over])
		c.recent = c.recent[over:]
	}
	return events
}

// lastEvent is the number of the last event published for c.session.
func (c *core) lastEvent() uint64 {
	if c.next == 0 {
		return 0
	}
	return c.next - 1
}

// snapshot is the core as a journal snapshot.
func (c *core) snapshot() (*allocatorv1.Snapshot, error) {
	st, err := c.lib.Snapshot()
	if err != nil {
		return nil, err
	}
	// The recent events are copied: the publisher numbers the ones still
	// to publish while the snapshot is encoded elsewhere.
	recent := make([]*bridgev1.Event, len(c.recent))
	for i, ev := range c.recent {
		recent[i] = proto.Clone(ev).(*bridgev1.Event)
	}
	s := &allocatorv1.Snapshot{Allocator: st, EventSession: c.session, LastEvent: c.lastEvent(), RecentEvents: recent}
	for _, k := range sortedOwnerKeys(c.marks) {
		s.Marks = append(s.Marks, &allocatorv1.Mark{Kind: int32(k.Kind), Id: k.ID, Seq: c.marks[k]})
	}
	return s, nil
}

// restoreSnapshot replaces the core's state with a snapshot's.
func (c *core) restoreSnapshot(s *allocatorv1.Snapshot) error {
	lib, err := Restore(c.cfg, s.GetAllocator())
	if err != nil {
		return err
	}
	c.lib, c.started = lib, true
	clear(c.marks)
	for _, m := range s.GetMarks() {
		c.marks[owner.Key{Kind: owner.Kind(m.GetKind()), ID: m.GetId()}] = m.GetSeq()
	}
	c.session, c.recent = s.GetEventSession(), s.GetRecentEvents()
	c.next = 0
	if s.GetLastEvent() > 0 || c.session != "" {
		c.next = s.GetLastEvent() + 1
	}
	return nil
}

// model is the journal model of the actor's stream. Live, the actor
// applies each input before it persists it (so that a cycle sees the calls
// before it); live says so, and Apply then only accepts the event.
func (c *core) model(live *bool) journal.Model[*core] {
	return journal.Model[*core]{
		Init: func() *core { return c },
		Apply: func(st *core, data []byte) (*core, error) {
			if *live {
				return st, nil
			}
			ev := &allocatorv1.Event{}
			if err := proto.Unmarshal(data, ev); err != nil {
				return st, fmt.Errorf("allocator event: %w", err)
			}
			for _, in := range ev.GetInputs() {
				if _, err := st.applyInput(in); err != nil {
					return st, err
				}
			}
			return st, nil
		},
		Encode: func(st *core) ([]byte, error) {
			s, err := st.snapshot()
			if err != nil {
				return nil, err
			}
			return proto.Marshal(s)
		},
		Decode: func(data []byte) (*core, error) {
			s := &allocatorv1.Snapshot{}
			if err := proto.Unmarshal(data, s); err != nil {
				return nil, fmt.Errorf("allocator snapshot: %w", err)
			}
			return c, c.restoreSnapshot(s)
		},
	}
}

func keyOf(o *allocatorv1.OwnerInput) owner.Key {
	return owner.Key{Kind: owner.Kind(o.GetKind()), ID: o.GetId()}
}

func sortedOwnerKeys(m map[owner.Key]uint64) []owner.Key {
	keys := make([]owner.Key, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sortKeys(keys)
	return keys
}

func unmarshalPartial(b []byte, m proto.Message) error {
	return proto.UnmarshalOptions{AllowPartial: true}.Unmarshal(b, m)
}
