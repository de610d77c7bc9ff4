package journal

import (
	"context"
	"errors"
	"fmt"
	"sync/atomic"

	"go.uber.org/zap"
)

// Model tells a Log how to build and persist a state of type S from events.
type Model[S any] struct {
	// Init returns the state of an empty stream. If nil, the zero S is used.
	Init func() S

	// Apply returns the state after event. It must be deterministic: replay
	// after a restart calls it again on the same events and must reach the
	// same state. It may modify state in place and return it. If it returns
	// an error, the event is rejected: Apply must then leave state as it was,
	// and nothing is written. It must not keep event, which belongs to the
	// caller.
	Apply func(state S, event []byte) (S, error)

	// Encode and Decode convert a state to and from a snapshot. They are
	// needed only when snapshots are on (see SnapshotEvery).
	Encode func(state S) ([]byte, error)
	Decode func(snapshot []byte) (S, error)
}

// LogOption configures a Log.
type LogOption func(*logConfig)

type logConfig struct {
	every int
	log   *zap.Logger
}

// DefaultSnapshotEvery is how many events a Log appends between snapshots
// unless SnapshotEvery says otherwise.
const DefaultSnapshotEvery = 100

// SnapshotEvery makes the Log save a snapshot after every n events (and the
// store compact the events it covers). n <= 0 turns snapshots off.
func SnapshotEvery(n int) LogOption {
	return func(c *logConfig) { c.every = n }
}

// LogLogger sets the logger a Log reports snapshot failures to. The default
// discards everything.
func LogLogger(l *zap.Logger) LogOption {
	return func(c *logConfig) {
		if l != nil {
			c.log = l
		}
	}
}

// Completion reports the outcome of one event given to Log.Persist. It is
// delivered to the notify function passed with the event, on the store's
// commit goroutine; ToSelf turns it into a message to the actor.
type Completion struct {
	Stream string // the Log's stream
	Seq    uint64 // the event's sequence number
	Err    error  // nil if the event is durable
	Tag    any    // whatever the caller attached (ToSelf sets it)

	owner any // the *Log[S] that issued it
}

// Log is an actor's durable state: a value of type S rebuilt from a stream's
// snapshot and events, and kept up to date by Persist.
//
// The contract, for an actor that owns a Log:
//
//   - Call Recover in the *actor.Started handler. protoactor delivers
//     Started again after every in-place restart, so each incarnation begins
//     from what is durable, and nothing else.
//   - Persist applies an event to the state at once (optimistically) and
//     queues it for group commit; the actor goes on with its next message.
//   - Acknowledge the event to whoever caused it only once its Completion
//     comes back without error; Settle tells you so.
//   - If a write fails, Settle (or the next Persist) panics with a
//     *DurabilityError. The state then holds an event the journal does not,
//     and the panic makes the supervisor restart the actor, which replays
//     the durable prefix. Do not recover from that panic.
//
// Between Persist and its Completion, State includes events that may still
// be lost; an actor that answers queries from State may expose them. Answer
// after the Completion if that matters.
//
// A Log is not safe for concurrent use: it belongs to one actor and is used
// from its Receive only. Only one Log may write a stream at a time.
type Log[S any] struct {
	store  Store
	stream string
	model  Model[S]
	cfg    logConfig

	state   S
	seq     uint64 // last sequence number applied to state
	durable uint64 // highest sequence number settled as durable
	snapSeq uint64 // sequence number of the last snapshot requested

	failure atomic.Pointer[DurabilityError] // first write failure, set by the commit goroutine
}

// Recover rebuilds the state of stream from store: it decodes the latest
// snapshot (or starts from Model.Init) and applies the events after it. It
// waits for the writes to stream that were still queued (those of a previous
// incarnation of the actor) to complete first, so that the state is exactly
// the durable prefix.
func Recover[S any](ctx context.Context, store Store, stream string, m Model[S], opts ...LogOption) (*Log[S], error) {
	if m.Apply == nil {
		return nil, errors.New("journal: Recover: Model.Apply is nil")
	}
	cfg := logConfig{every: DefaultSnapshotEvery, log: zap.NewNop()}
	for _, o := range opts {
		o(&cfg)
	}
	if cfg.every > 0 && (m.Encode == nil || m.Decode == nil) {
		return nil, errors.New("journal: Recover: snapshots are on but Model.Encode or Model.Decode is nil")
	}
	h, err := store.Read(ctx, stream)
	if err != nil {
		return nil, fmt.Errorf("journal: recover %q: %w", stream, err)
	}
	l := &Log[S]{store: store, stream: stream, model: m, cfg: cfg}
	switch {
	case h.SnapshotSeq > 0:
		if m.Decode == nil {
			return nil, fmt.Errorf("journal: recover %q: stream has a snapshot but Model.Decode is nil", stream)
		}
		if l.state, err = m.Decode(h.Snapshot); err != nil {
			return nil, fmt.Errorf("%w: recover %q: decode snapshot at %d: %w", ErrCorrupt, stream, h.SnapshotSeq, err)
		}
	case m.Init != nil:
		l.state = m.Init()
	}
	for _, ev := range h.Events {
		if l.state, err = m.Apply(l.state, ev.Data); err != nil {
			return nil, fmt.Errorf("%w: recover %q: replay event %d: %w", ErrCorrupt, stream, ev.Seq, err)
		}
	}
	l.seq, l.durable, l.snapSeq = h.LastSeq(), h.LastSeq(), h.SnapshotSeq
	if l.cfg.every > 0 && len(h.Events) >= l.cfg.every {
		l.Snapshot(ctx)
	}
	return l, nil
}

// Stream returns the Log's stream name.
func (l *Log[S]) Stream() string { return l.stream }

// State returns the current state, including events not yet durable.
func (l *Log[S]) State() S { return l.state }

// Seq returns the sequence number of the last event applied to the state.
func (l *Log[S]) Seq() uint64 { return l.seq }

// Durable returns the highest sequence number known to be durable: what
// Recover found, raised by each Settle of a successful Completion.
func (l *Log[S]) Durable() uint64 { return l.durable }

// Persist applies event to the state and queues it for appending; it returns
// the event's sequence number without waiting for the write. If Apply
// rejects the event, Persist returns its error, and the state and the
// journal are unchanged.
//
// notify, if not nil, receives the event's Completion once the write is
// durable or has failed. It runs on the store's commit goroutine and must
// not block; ToSelf builds one that sends the Completion to the actor. The
// actor must pass that Completion to Settle before acknowledging the event.
//
// ctx bounds only the wait for room in the store's queue. If the event
// cannot be queued (ctx ends, the store is closed), or an earlier event of
// this Log has already failed, Persist panics with a *DurabilityError.
// The store reads event until the Completion: do not modify it before then.
func (l *Log[S]) Persist(ctx context.Context, event []byte, notify func(Completion)) (uint64, error) {
	l.check()
	next, err := l.model.Apply(l.state, event)
	if err != nil {
		return 0, fmt.Errorf("journal: %q: event rejected: %w", l.stream, err)
	}
	expect := l.seq
	l.state, l.seq = next, l.seq+1
	seq := l.seq
	l.store.AppendAsync(ctx, l.stream, expect, event).Then(func(_ Range, err error) {
		if err != nil {
			l.failure.CompareAndSwap(nil, &DurabilityError{Stream: l.stream, Seq: seq, Err: err})
		}
		if notify != nil {
			notify(Completion{Stream: l.stream, Seq: seq, Err: err, owner: l})
		}
	})
	// A failure of an earlier event that came back while this one was being
	// queued crashes the actor now. This event's own failure, if the store
	// was quick enough to report it already, comes back as its Completion,
	// as the contract says.
	if f := l.failure.Load(); f != nil && f.Seq < seq {
		panic(f)
	}
	if l.cfg.every > 0 && l.seq-l.snapSeq >= uint64(l.cfg.every) {
		l.Snapshot(ctx)
	}
	return seq, nil
}

// Settle interprets a Completion that came back to the actor. It returns
// true if the event is durable: acknowledge it now. It panics with a
// *DurabilityError if the write of one of this Log's events failed. A
// failure left over from a previous incarnation of the actor (a Completion
// issued by another Log) returns false: that event is not durable and must
// not be acknowledged, but the current state never included it.
func (l *Log[S]) Settle(c Completion) bool {
	if c.Err == nil {
		if c.owner == any(l) && c.Seq > l.durable {
			l.durable = c.Seq
		}
		return true
	}
	if c.owner != any(l) {
		return false
	}
	if f := l.failure.Load(); f != nil {
		panic(f)
	}
	panic(&DurabilityError{Stream: c.Stream, Seq: c.Seq, Err: c.Err})
}

// Snapshot encodes the current state and queues it as the stream's snapshot
// at Seq, after which the store compacts the events it covers. Persist calls
// it every SnapshotEvery events; call it yourself before a planned stop to
// make the next Recover short. The returned Future may be ignored: a failed
// snapshot loses nothing, since the events it would have covered stay in the
// journal; failures are logged.
func (l *Log[S]) Snapshot(ctx context.Context) *Future {
	if l.seq == 0 || l.model.Encode == nil {
		return failedFuture(fmt.Errorf("%w: stream %q: nothing to snapshot", ErrSequence, l.stream))
	}
	l.snapSeq = l.seq
	data, err := l.model.Encode(l.state)
	if err != nil {
		l.cfg.log.Warn("journal snapshot: encode failed", zap.String("stream", l.stream), zap.Uint64("seq", l.seq), zap.Error(err))
		return failedFuture(fmt.Errorf("journal: %q: encode snapshot: %w", l.stream, err))
	}
	seq, log := l.seq, l.cfg.log
	f := l.store.SaveSnapshot(ctx, l.stream, seq, data)
	f.Then(func(_ Range, err error) {
		if err != nil {
			log.Warn("journal snapshot failed", zap.String("stream", l.stream), zap.Uint64("seq", seq), zap.Error(err))
		}
	})
	return f
}

// check panics if a write of this Log has failed.
func (l *Log[S]) check() {
	if f := l.failure.Load(); f != nil {
		panic(f)
	}
}
