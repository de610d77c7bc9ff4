package journal

import (
	"errors"
	"fmt"
)

// Sentinel errors. Every error returned by this package wraps at most a few of
// these, so callers test them with errors.Is; the wrapping message carries the
// stream name and sequence numbers involved.
var (
	// ErrClosed reports that the store was closed, or crashed in a test,
	// before the request was made durable. A write that fails with ErrClosed
	// was not written.
	ErrClosed = errors.New("journal: store closed")

	// ErrInvalidStream reports a stream name that is empty, longer than
	// MaxStreamLen bytes, or contains a NUL byte.
	ErrInvalidStream = errors.New("journal: invalid stream name")

	// ErrNoEvents reports an append of zero events.
	ErrNoEvents = errors.New("journal: no events to append")

	// ErrSequence reports a sequence number that does not fit the stream: an
	// append whose expected last sequence number is not the stream's last
	// durable one, or a snapshot at a sequence number the stream has not
	// reached or older than its current snapshot.
	ErrSequence = errors.New("journal: sequence mismatch")

	// ErrTooLarge reports a request larger than the store's pending-bytes
	// budget (see WithMaxPendingBytes), which could never be admitted.
	ErrTooLarge = errors.New("journal: request too large")

	// ErrCorrupt reports stored data that fails its checks: a bad checksum, a
	// malformed key or value, a gap in a stream's sequence numbers, or a file
	// that the storage engine cannot read.
	ErrCorrupt = errors.New("journal: corrupt data")

	// ErrFormat reports a file that is a valid database but not a journal of
	// a format version this package knows.
	ErrFormat = errors.New("journal: unknown file format")

	// ErrLocked reports that another process holds the database file open.
	ErrLocked = errors.New("journal: database file is locked")

	// ErrWrite reports that a group commit's transaction could not be
	// staged. No request of that group was written; the store stays open and
	// later groups are attempted afresh.
	ErrWrite = errors.New("journal: write failed")

	// ErrBroken reports that a commit failed in a way that leaves the file's
	// content unknown (a failed page write or fsync), or that the storage
	// engine panicked. Whether that group was written is unknown, and the
	// store refuses further writes: close it and open it again.
	ErrBroken = errors.New("journal: store broken")
)

// DurabilityError is the panic value a Log raises when one of its events could
// not be made durable. The actor's in-memory state then holds an event that
// is not in the journal, so the only safe continuation is a restart that
// replays the durable prefix; the panic hands the actor to its supervisor.
type DurabilityError struct {
	Stream string // the Log's stream
	Seq    uint64 // the sequence number the lost event was given
	Err    error  // why the write failed
}

// Error implements error.
func (e *DurabilityError) Error() string {
	return fmt.Sprintf("journal: stream %q: event %d not durable: %v", e.Stream, e.Seq, e.Err)
}

// Unwrap returns the write error.
func (e *DurabilityError) Unwrap() error { return e.Err }
