package supervisor

import (
	"sync"
	"sync/atomic"

	"github.com/asynkron/protoactor-go/actor"
	"go.uber.org/zap"
)

// A link ties one child process (one protoactor PID registration) to its
// supervisor. In-place restarts keep the process and so the link; a child
// that is spawned again gets a new link. The name is a nod to Erlang links:
// it is how exits travel from the child to the supervisor.
type link struct {
	id     string
	logger *zap.Logger // the parent's logger, inherited by nested supervisors

	// Set on the spawning goroutine before the child runs.
	pid  *actor.PID
	proc actor.Process

	// ack receives exactly one value per start or in-place restart: nil,
	// or why it failed (for a failed first start only once the process is
	// gone, so its name is free).
	ack chan error
	// done is closed once the process has left the ProcessRegistry (or was
	// killed).
	done     chan struct{}
	doneOnce sync.Once

	state  atomic.Int32          // linkAlive, linkFinalizing or linkKilled
	reason atomic.Pointer[error] // exit reason, first writer wins

	// crashed: the process is suspended after a failure. stopAsked: the
	// parent sent it a stopRequest, a user message a suspended mailbox
	// would never deliver. Each side sets its flag and then reads the
	// other's, so at least one of them sees the conflict and falls back
	// to protoactor's Stop.
	crashed   atomic.Bool
	stopAsked atomic.Bool

	// Child goroutine only.
	everStarted bool
	startErr    error

	// Supervisor goroutine only: the supervisor has dealt with this
	// process's end.
	handled bool
}

const (
	linkAlive int32 = iota
	// linkFinalizing: the Stopping handler has returned; the process will
	// leave the registry without running more of the actor's code.
	linkFinalizing
	// linkKilled: brutally killed.
	linkKilled
)

func newLink(id string, logger *zap.Logger) *link {
	return &link{id: id, logger: logger, ack: make(chan error, 1), done: make(chan struct{})}
}

// props builds the protoactor props that host start in a new process.
func (l *link) props(start Producer, opts ...actor.PropsOption) *actor.Props {
	opts = append(opts, actor.WithOnInit(func(ctx actor.Context) {
		l.pid = ctx.Self()
		l.proc, _ = ctx.ActorSystem().ProcessRegistry.GetLocal(ctx.Self().Id)
	}))
	return actor.PropsFromProducer(func() actor.Actor { return newHost(l, start) }, opts...)
}

func (l *link) closeDone() { l.doneOnce.Do(func() { close(l.done) }) }

func (l *link) isDone() bool {
	select {
	case <-l.done:
		return true
	default:
		return false
	}
}

func (l *link) killed() bool { return l.state.Load() == linkKilled }

// setReason records reason unless one is already recorded.
func (l *link) setReason(reason error) { l.reason.CompareAndSwap(nil, &reason) }

// exitReason returns the recorded reason, Normal if none.
func (l *link) exitReason() error {
	if r := l.reason.Load(); r != nil {
		return *r
	}
	return Normal
}

// stop asks the process to stop: protoactor's Stop system message, which
// is processed even when the mailbox is suspended after a crash.
func (l *link) stop() { l.proc.SendSystemMessage(l.pid, &actor.Stop{}) }

// kill is BrutalKill; it reports false when the child had already finished
// its Stopping handler, in which case it is about to leave on its own and
// the caller must wait for done instead.
func (l *link) kill(sys *actor.ActorSystem) bool {
	if !l.state.CompareAndSwap(linkAlive, linkKilled) {
		return l.state.Load() == linkKilled
	}
	killed := Killed
	l.reason.Store(&killed) // overrides the Shutdown of a timed-out stop
	reg := sys.ProcessRegistry
	if p, ok := reg.GetLocal(l.pid.Id); ok && p == l.proc {
		reg.Remove(l.pid)
	}
	// Wake the goroutine if the actor is idle, so that it leaves at once.
	l.proc.SendSystemMessage(l.pid, &actor.Stop{})
	l.closeDone()
	return true
}
