package executor

import "github.com/mactor/mactor/actors/behaviour"

// Stateful is implemented by a behaviour that opts in to durable state:
// MarshalState is saved in the StateStore after every event handled without
// panicking, and a fresh instance gets the last saved state through
// UnmarshalState after a crash, before it sees any event. It is
// behaviour.Stateful, shared with the scheduler package.
type Stateful = behaviour.Stateful

// StateStore keeps the state of Stateful behaviours by key. It is
// behaviour.StateStore, the scheduler package's StateStore too, so one
// store can serve both. Implementations must be safe for concurrent use.
type StateStore = behaviour.StateStore

// MemoryStore is a StateStore in memory (state survives behaviour
// restarts, not the process). The zero value is ready to use. It is
// behaviour.MemoryStore.
type MemoryStore = behaviour.MemoryStore
