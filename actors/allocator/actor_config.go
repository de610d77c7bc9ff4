package allocator

import (
	"time"

	"github.com/asynkron/protoactor-go/actor"
	"go.uber.org/zap"

	bridgev1 "github.com/mactor/mactor/messages/bridge/v1"
	"github.com/mactor/mactor/supervisor/journal"
)

// Defaults of the allocator actor.
const (
	// Stream is the allocator actor's journal stream.
	Stream = "allocator"
	// DefaultActorSnapshotEvery is how many journal events the actor
	// writes, at least, between snapshots of its state.
	DefaultActorSnapshotEvery = 500
	// DefaultSnapshotInterval is the least time between two snapshots: at
	// 10,000 agents a snapshot takes a few hundred milliseconds of the
	// actor's time.
	DefaultSnapshotInterval = 30 * time.Second
	// DefaultRecentEvents is how many published events the actor keeps
	// (in its snapshots too) for a SUBSCRIBE after a restart: the bridge
	// hub's buffer.
	DefaultRecentEvents = 4096
)

// Publisher is where the actor sends its decisions: the bridge's Hub,
// which numbers OFFERS and INVERSE_OFFERS events per module session,
// buffers them and delivers them on the SUBSCRIBE stream. The actor is its
// only publisher.
type Publisher interface {
	// Position returns the session events are numbered for ("" before the
	// first SUBSCRIBE) and the number of the last event published.
	Position() (session string, last uint64)
	// Publish numbers and sends one event; it returns the number given.
	Publish(ev *bridgev1.Event) (uint64, error)
	// Restore hands back events published before a restart, numbered as
	// they were (see bridge.Hub.Restore).
	Restore(session string, last uint64, events []*bridgev1.Event)
}

// ActorConfig configures the allocator actor.
type ActorConfig struct {
	// Store is the engine's journal: the actor's own stream, and the
	// owners' streams it reads what it missed from.
	Store journal.Store
	// Publisher receives the offers (the bridge's Hub).
	Publisher Publisher
	// Policy, Seed and Debug configure the allocation core (Config).
	// Policy and Seed must stay the same across restarts on the same data
	// for the decisions after a restart to be those before.
	Policy Policy
	Seed   uint64
	Debug  bool
	// Options are what the core is initialized with before an INITIALIZE
	// call (and for modules that send none); zero means DefaultOptions.
	// AllocationInterval is also the cycle period when an INITIALIZE does
	// not set one.
	Options *Options
	// Clock times the cycles; nil means the wall clock.
	Clock Clock
	// Manual turns the timers off: cycles run only on RunCycle messages
	// (tests that want to decide when cycles happen).
	Manual bool
	// Marks, when set, receives how far the actor holds each owner's
	// stream durably (owners read it to bound their compaction). It
	// outlives the actor's restarts.
	Marks *Marks
	// Forward, when set, receives every owner.RecordChanged the actor
	// gets (the engine's OnRecordChanged hook).
	Forward *actor.PID
	// SnapshotEvery is the least number of journal events between
	// snapshots; zero means DefaultActorSnapshotEvery, negative turns
	// snapshots off.
	SnapshotEvery int
	// SnapshotInterval is the least time between snapshots; zero means
	// DefaultSnapshotInterval.
	SnapshotInterval time.Duration
	// RecentEvents is how many published events are kept for resend after
	// a restart; zero means DefaultRecentEvents.
	RecentEvents int
	// Metrics, when set, count the actor's work (NewMetrics).
	Metrics *Metrics
	// Logger receives the actor's logs; nil discards them.
	Logger *zap.Logger
}

func (c ActorConfig) withDefaults() ActorConfig {
	if c.Options == nil {
		o := DefaultOptions()
		c.Options = &o
	}
	if c.Clock == nil {
		c.Clock = SystemClock{}
	}
	if c.SnapshotEvery == 0 {
		c.SnapshotEvery = DefaultActorSnapshotEvery
	}
	if c.SnapshotInterval <= 0 {
		c.SnapshotInterval = DefaultSnapshotInterval
	}
	if c.RecentEvents <= 0 {
		c.RecentEvents = DefaultRecentEvents
	}
	if c.Logger == nil {
		c.Logger = zap.NewNop()
	}
	return c
}
