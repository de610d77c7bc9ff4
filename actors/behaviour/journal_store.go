package behaviour

import (
	"context"
	"fmt"

	"github.com/mactor/mactor/supervisor/journal"
)

// JournalStore is a StateStore on a journal.Store (package
// supervisor/journal), so that a Stateful behaviour's state survives the
// process, not only its restarts. Each Save appends the state to the
// stream "behaviour/<key>" and returns once it is durable; every
// SnapshotEvery saves the state also becomes the stream's snapshot, which
// compacts the older saves away. Load returns the last state saved.
//
// The key is the behaviour's actor name: give the behaviour a name that is
// the same in the next process with the driver's WithName. Both drivers'
// WithStateStore accept a JournalStore (scheduler.JournalStore is this
// type).
type JournalStore struct {
	// Store is the journal, e.g. journal.OpenBolt on the engine's file.
	Store journal.Store
	// SnapshotEvery is how many saves go between snapshots; zero means
	// journal.DefaultSnapshotEvery.
	SnapshotEvery uint64
}

func journalStream(key string) string { return "behaviour/" + key }

// Save implements StateStore.
func (s *JournalStore) Save(key string, state []byte) error {
	stream := journalStream(key)
	r, err := s.Store.Append(context.Background(), stream, journal.Any, state)
	if err != nil {
		return fmt.Errorf("journal store: saving %s: %w", stream, err)
	}
	every := s.SnapshotEvery
	if every == 0 {
		every = journal.DefaultSnapshotEvery
	}
	if r.Last%every == 0 {
		// Compaction only: the state is already durable as an event, so
		// there is no need to wait for the snapshot.
		s.Store.SaveSnapshot(context.Background(), stream, r.Last, state)
	}
	return nil
}

// Load implements StateStore.
func (s *JournalStore) Load(key string) ([]byte, bool, error) {
	h, err := s.Store.Read(context.Background(), journalStream(key))
	if err != nil {
		return nil, false, fmt.Errorf("journal store: loading %s: %w", journalStream(key), err)
	}
	if n := len(h.Events); n > 0 {
		return h.Events[n-1].Data, true, nil
	}
	if h.SnapshotSeq > 0 {
		return h.Snapshot, true, nil
	}
	return nil, false, nil
}
