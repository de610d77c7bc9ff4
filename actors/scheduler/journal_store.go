package scheduler

import "github.com/mactor/mactor/actors/behaviour"

// JournalStore is a StateStore on a journal.Store (package
// supervisor/journal), so that a Stateful behaviour's state survives the
// process, not only its restarts: see behaviour.JournalStore, which it is.
// Give the behaviour a name that is the same in the next process with
// WithName. The executor package's WithStateStore accepts a JournalStore
// too.
type JournalStore = behaviour.JournalStore
