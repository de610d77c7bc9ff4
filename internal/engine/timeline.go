package engine

import (
	"sync"
	"time"
)

// TimelineCapacity is how many lifecycle events the engine keeps for
// GET /state/timeline; older ones are overwritten.
const TimelineCapacity = 2000

// Timeline event kinds (the "kind" of GET /state/timeline).
const (
	EventRestart     = "restart"
	EventEscalation  = "escalation"
	EventStop        = "stop"
	EventFault       = "fault"
	EventDeadLetter  = "dead_letter"
	EventFallback    = "fallback"
	EventEngineStart = "engine_start"
)

// TimelineEvent is one entry of the engine's lifecycle timeline.
type TimelineEvent struct {
	// Seq numbers the events from 1 in the order they were recorded.
	Seq uint64 `json:"seq"`
	// Time is when the event was recorded.
	Time time.Time `json:"time"`
	// Kind is one of the Event* constants (or a caller's own kind).
	Kind string `json:"kind"`
	// Actor is the actor's path, e.g. "root/allocation/frameworks/fw-1".
	Actor string `json:"actor"`
	// Detail is free text: the crash reason, the fault injected, ...
	Detail string `json:"detail"`
}

// timeline is a fixed-size ring of TimelineEvents. Its zero value is ready
// to use; it is safe for concurrent use.
type timeline struct {
	mu   sync.Mutex
	buf  []TimelineEvent // grows to TimelineCapacity, then wraps
	next uint64          // seq of the next event (the first is 1)
}

// add appends one event and returns its sequence number.
func (t *timeline) add(kind, actor, detail string, at time.Time) uint64 {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.next == 0 {
		t.next = 1
	}
	ev := TimelineEvent{Seq: t.next, Time: at.UTC(), Kind: kind, Actor: actor, Detail: detail}
	t.next++
	if len(t.buf) < TimelineCapacity {
		t.buf = append(t.buf, ev)
	} else {
		t.buf[int((ev.Seq-1)%TimelineCapacity)] = ev
	}
	return ev.Seq
}

// since returns the kept events whose Seq is greater than after, oldest
// first, at most limit of them (all if limit <= 0), and the value of
// after to pass next time to page on. A cursor beyond the newest event
// comes from an earlier engine process: the kept events are returned from
// the oldest.
func (t *timeline) since(after uint64, limit int) ([]TimelineEvent, uint64) {
	t.mu.Lock()
	defer t.mu.Unlock()
	last := uint64(0) // seq of the newest event kept
	if t.next > 0 {
		last = t.next - 1
	}
	first := uint64(1) // seq of the oldest event kept
	if last > uint64(len(t.buf)) {
		first = last - uint64(len(t.buf)) + 1
	}
	if after > last {
		after = 0 // a cursor from another engine process: start over
	}
	from := max(after+1, first)
	var out []TimelineEvent
	for s := from; s <= last; s++ {
		if limit > 0 && len(out) == limit {
			break
		}
		out = append(out, t.buf[int((s-1)%TimelineCapacity)])
	}
	next := after
	if n := len(out); n > 0 {
		next = out[n-1].Seq
	}
	if out == nil {
		out = []TimelineEvent{}
	}
	return out, next
}

// Record adds one event to the engine's timeline (GET /state/timeline):
// kind is one of the Event* constants, actor the actor's path (e.g.
// "root/allocation/frameworks/fw-1"), detail free text. The fault
// injector calls it with EventFault for each fault it injects. It is safe
// for concurrent use and never blocks on the actors.
func (e *Engine) Record(kind, actor, detail string) {
	e.obs.timeline.add(kind, actor, detail, time.Now())
}
