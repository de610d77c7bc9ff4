package owner

import (
	"time"

	"github.com/asynkron/protoactor-go/actor"
	"go.uber.org/zap"

	"github.com/mactor/mactor/supervisor/journal"
)

// DefaultSnapshotEvery is how many journal events an owner writes between
// snapshots of its record.
const DefaultSnapshotEvery = 200

// Config is what every owner needs, shared by all owners of an engine.
type Config struct {
	// Store is the journal.
	Store journal.Store
	// Epoch is the engine's ordering guard; nil gives the owner its own.
	Epoch *Epoch
	// Notify, when set, receives a RecordChanged after every durable
	// change and after every (re)start.
	Notify *actor.PID
	// Logger receives the owner's logs; nil discards them.
	Logger *zap.Logger
	// SnapshotEvery is the number of events between snapshots; zero means
	// DefaultSnapshotEvery, negative turns snapshots off.
	SnapshotEvery int
	// MaxSessions bounds the dedupe marks a record keeps; zero means
	// DefaultMaxSessions.
	MaxSessions int
	// Now is the clock stamped into events; nil means time.Now.
	Now func() time.Time
	// EventsOnly leaves RecordChanged.Record nil (no copy of the record
	// for every change) for a listener that follows the events alone.
	EventsOnly bool
	// UnsafeAckBeforeDurable breaks durability on purpose, for the chaos
	// test only (mactor serve --unsafe-ack-before-fsync): an Apply is
	// answered as soon as its event is applied and queued for the journal,
	// before the write is durable, so a crash of the process can lose a
	// call that was acknowledged. Internal changes still wait.
	UnsafeAckBeforeDurable bool
	// Compacted, when set, bounds compaction for a listener that follows
	// the events (Notify's RecordChanged.Events) and reads the ones it
	// missed from the journal: it returns the highest sequence number of
	// the owner's stream that the listener holds durably, and the owner
	// snapshots its record (which deletes the events it covers) only once
	// that has reached the record's sequence number. Nil compacts every
	// SnapshotEvery events regardless.
	Compacted func(Key) uint64
}

func (c Config) withDefaults() Config {
	if c.Epoch == nil {
		c.Epoch = &Epoch{}
	}
	if c.Logger == nil {
		c.Logger = zap.NewNop()
	}
	if c.SnapshotEvery == 0 {
		c.SnapshotEvery = DefaultSnapshotEvery
	}
	if c.MaxSessions <= 0 {
		c.MaxSessions = DefaultMaxSessions
	}
	if c.Now == nil {
		c.Now = time.Now
	}
	return c
}
