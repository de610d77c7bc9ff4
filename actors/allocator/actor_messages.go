package allocator

import (
	"maps"

	"github.com/mactor/mactor/bridge/owner"
	allocatorv1 "github.com/mactor/mactor/messages/allocator/v1"
)

func cloneMarks(m map[owner.Key]uint64) map[owner.Key]uint64 { return maps.Clone(m) }

// RunCycle asks the allocator actor to run an allocation cycle now: a
// periodic one over every agent (All) or the event-driven one (the agents
// the calls since the last cycle scheduled). With ActorConfig.Manual it is
// the only way cycles run. Reply, if set, gets the number of events the
// cycle decided (0 when it could not run: not started, or no module ever
// subscribed); it runs on the actor's goroutine and must not block.
type RunCycle struct {
	All   bool
	Reply func(events int)
}

// Inspect asks the allocator actor for a summary of its state. Reply runs
// on the actor's goroutine and must not block.
type Inspect struct {
	// WithState also returns the allocation core's complete state,
	// WithMarks how far it has applied each owner's stream.
	WithState, WithMarks bool
	Reply                func(ActorInfo)
}

// ActorInfo summarizes the allocator actor's state.
type ActorInfo struct {
	// Ready is true once the actor has recovered and caught up with the
	// owners' journals.
	Ready bool
	// Cycles is the number of cycles the core has run.
	Cycles uint64
	// Owners is the number of owners whose events the core has applied.
	Owners int
	// Session and LastEvent are the numbering of the published events.
	Session   string
	LastEvent uint64
	// Journaled is the last sequence number of the actor's journal
	// stream, Durable the last one known durable.
	Journaled, Durable uint64
	// State is the core's complete state (Inspect.WithState).
	State *allocatorv1.State
	// Marks are, per owner, the last event of its stream the core has
	// applied (Inspect.WithMarks).
	Marks map[owner.Key]uint64
	// Err is why State is missing, if it is.
	Err error
}

// Crash makes the allocator actor panic, as a bug would (chaos tests): its
// supervisor restarts it, and it rebuilds its state from its journal and
// the owners' streams.
type Crash struct{ Reason string }

// tick is the periodic cycle's timer; runPending the event-driven cycle
// the actor schedules itself. gen tells ticks of an earlier incarnation
// apart.
type (
	tick       struct{ gen uint64 }
	runPending struct{ gen uint64 }
)
