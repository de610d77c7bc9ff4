package journal

import (
	"context"
	"fmt"
	"math"
	"strings"
)

// Any, passed as the expected last sequence number of an append, appends
// wherever the stream ends instead of checking the caller's view of it.
const Any uint64 = math.MaxUint64

// MaxStreamLen is the longest stream name a store accepts, in bytes.
const MaxStreamLen = 1024

// Store holds streams of events, each keyed by a stream name such as
// "framework/<id>" or "agent/<id>". Within a stream, events carry sequence
// numbers 1, 2, 3, … without gaps. A snapshot stands for the events up to its
// sequence number; saving one lets the store drop those events (compaction).
// Events and snapshots are opaque bytes.
//
// All writes of one store (appends, snapshots, deletes) pass through one
// queue and are made durable in that order by group commit: many requests
// share one transaction and one fsync. A write's Future completes only after
// its transaction is durable, or with an error if it was not written.
//
// A Store is safe for concurrent use. The Bolt and Memory stores implement it.
type Store interface {
	// AppendAsync queues events for appending to stream and returns at once
	// with a Future, unless the store's queue is full, in which case it waits
	// for room (backpressure) or for ctx to end. ctx bounds only that wait: a
	// request that was queued is written even if ctx ends later.
	//
	// expect is the sequence number the caller believes is the stream's last
	// (0 for an empty stream); the append fails with ErrSequence if it is not,
	// which also fails every later append that depended on a failed one.
	// Pass Any to skip the check.
	//
	// The Future completes after the events are durable, with the sequence
	// numbers they were given, or with an error, in which case none of them
	// was written. The store reads the event slices until then: do not modify
	// them before the Future completes.
	AppendAsync(ctx context.Context, stream string, expect uint64, events ...[]byte) *Future

	// Append is AppendAsync followed by waiting for the Future. If ctx ends
	// while the request is queued, Append returns ctx's error and the
	// outcome of the request is unknown.
	Append(ctx context.Context, stream string, expect uint64, events ...[]byte) (Range, error)

	// SaveSnapshot queues a snapshot of stream's state at sequence number
	// seq, which must be at most the stream's last sequence number (when the
	// request reaches the head of the queue) and at least its current
	// snapshot's. Saving it deletes the stream's events up to seq in the same
	// transaction. The Future completes like AppendAsync's; its Range is
	// {seq, seq}.
	SaveSnapshot(ctx context.Context, stream string, seq uint64, state []byte) *Future

	// Read returns the stream's latest snapshot and the events after it. It
	// first waits for the writes to stream that were queued before the call
	// to complete, so it observes each of them either written or failed. A
	// stream that does not exist reads as an empty History.
	Read(ctx context.Context, stream string) (History, error)

	// Delete removes the stream, its events and its snapshot, durably. A
	// stream appended to after Delete starts again at sequence number 1.
	Delete(ctx context.Context, stream string) error

	// Close stops accepting requests, writes what is already queued (group
	// commit continues until the queue is empty), waits for that to be
	// durable, and releases the store. Requests made after Close fail with
	// ErrClosed. Close is idempotent.
	Close() error
}

// Range is the span of sequence numbers given to the events of one append,
// First through Last inclusive.
type Range struct {
	First, Last uint64
}

// Event is one stored event.
type Event struct {
	Seq  uint64
	Data []byte
}

// History is what a stream holds: its latest snapshot, if any, and the events
// after it, in order.
type History struct {
	// SnapshotSeq is the sequence number the snapshot stands for, or 0 if
	// the stream has no snapshot.
	SnapshotSeq uint64
	// Snapshot is the snapshot's bytes; meaningful only if SnapshotSeq > 0.
	Snapshot []byte
	// Events are the events numbered SnapshotSeq+1, SnapshotSeq+2, … .
	Events []Event
}

// LastSeq returns the stream's last sequence number: that of its last event,
// or of its snapshot if no event follows it, or 0 for an empty stream.
func (h History) LastSeq() uint64 {
	if n := len(h.Events); n > 0 {
		return h.Events[n-1].Seq
	}
	return h.SnapshotSeq
}

// check verifies that the events continue the snapshot without gaps.
func (h History) check(stream string) error {
	next := h.SnapshotSeq + 1
	for _, ev := range h.Events {
		if ev.Seq != next {
			return fmt.Errorf("%w: stream %q: event %d where %d was expected", ErrCorrupt, stream, ev.Seq, next)
		}
		next++
	}
	return nil
}

// checkStream validates a stream name.
func checkStream(stream string) error {
	switch {
	case stream == "":
		return fmt.Errorf("%w: empty", ErrInvalidStream)
	case len(stream) > MaxStreamLen:
		return fmt.Errorf("%w: %d bytes, at most %d allowed", ErrInvalidStream, len(stream), MaxStreamLen)
	case strings.IndexByte(stream, 0) >= 0:
		return fmt.Errorf("%w: %q contains a NUL byte", ErrInvalidStream, stream)
	}
	return nil
}
