package owner

import (
	"time"

	"google.golang.org/protobuf/proto"

	bridgev1 "github.com/mactor/mactor/messages/bridge/v1"
)

// Item is one call routed to an owner.
type Item struct {
	// Call is the decoded call.
	Call *bridgev1.Call
	// Raw is Call serialized as protobuf (the bytes the module sent, when
	// it sent protobuf); the owner journals these bytes. Nil means the
	// owner marshals Call itself.
	Raw []byte
}

// Apply asks an owner to apply calls of one module session, in order, and
// answer once they are durable. Items of one Apply are journaled together
// as one event.
type Apply struct {
	// Session is the module session ("" for unsequenced calls).
	Session string
	// Epoch is the epoch the calls were admitted in; the owner refuses
	// them with ErrStale if it is no longer current. Zero skips the check
	// (unsequenced calls).
	Epoch uint64
	// Items are the calls, in sequence order.
	Items []Item
	// Tag is handed back in the Applied.
	Tag any
	// Reply receives the answer, on the owner's goroutine: it must not
	// block (send a message, or write to a buffered channel).
	Reply func(*Applied)
}

// Outcome is the result of one call of an Apply.
type Outcome struct {
	// Duplicate reports a call whose sequence number the owner had already
	// applied: it was not applied again.
	Duplicate bool
	// Result is the answer of a request call (UPDATE_AVAILABLE), nil for
	// one-way calls. Only its result field is meaningful.
	Result *bridgev1.Response
}

// Applied answers an Apply.
type Applied struct {
	Tag any
	// Err is nil when every call is durable (or a duplicate); otherwise
	// none of them was applied by this Apply (ErrStale, ErrCrashed, or a
	// journal error).
	Err error
	// Outcomes has one entry per Item when Err is nil.
	Outcomes []Outcome
}

// Internal asks an owner to journal and apply an engine-internal change
// (directory entries at the registry, offers at a framework).
type Internal struct {
	Event *bridgev1.OwnerEvent
	// Reply receives nil once the change is durable, or the error; it
	// runs on the owner's goroutine and must not block.
	Reply func(error)
}

// Get asks an owner for a copy of its record.
type Get struct {
	// Reply receives a clone of the record (including changes not yet
	// durable) and the journal sequence number it reflects.
	Reply func(record proto.Message, seq uint64)
}

// RecordChanged tells the configured listener (the allocator) that an
// owner's record changed, or what it is after a (re)start. Record is a
// private clone: the listener may keep it.
type RecordChanged struct {
	Key Key
	// Seq is the owner's journal sequence number the record reflects.
	Seq uint64
	// Record is a *bridgev1.FrameworkRecord, *bridgev1.AgentRecord or
	// *bridgev1.ClusterRecord (nil with Config.EventsOnly).
	Record proto.Message
	// Recovered is true for the announcement after a (re)start.
	Recovered bool
	// Events are the journal events applied since the previous
	// RecordChanged of this incarnation of the owner, in order, all
	// durable; their last Seq is Seq. An announcement after a (re)start
	// carries none: a listener that follows the events reads what it
	// missed from the owner's journal stream.
	Events []AppliedEvent
}

// AppliedEvent is one journal event an owner applied, for a listener that
// follows the calls themselves rather than the record (the allocator
// replays them on its own index). Everything in it is shared and
// read-only.
type AppliedEvent struct {
	// Seq is the event's sequence number in the owner's stream.
	Seq uint64
	// Data is the event as journaled: a serialized bridgev1.OwnerEvent.
	Data []byte
	// Session is the module session of the calls ("" for unsequenced
	// calls and engine-internal events).
	Session string
	// At is the time stamped into the event (the time the rules saw).
	At time.Time
	// Calls are the event's calls, decoded, in the order they were
	// applied (duplicates excluded); nil for an engine-internal event.
	Calls []*bridgev1.Call
}

// Crash makes an owner panic as a bug would, for chaos tests: the epoch
// moves on, the calls in flight are failed, and the supervisor restarts the
// owner from its journal.
type Crash struct{ Reason string }
