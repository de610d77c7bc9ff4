package scheduler

import "github.com/mactor/mactor/actors/behaviour"

// StateStore keeps the state of Stateful behaviours, by key (the
// behaviour's actor name). Implementations must be safe for concurrent use.
// A store backed by a journal makes the state survive process restarts.
// It is behaviour.StateStore, shared with the executor package.
type StateStore = behaviour.StateStore

// MemoryStore is a StateStore in memory: state survives behaviour restarts,
// not the process. The zero value is ready to use. It is
// behaviour.MemoryStore.
type MemoryStore = behaviour.MemoryStore
