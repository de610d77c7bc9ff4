package behaviour

import (
	"errors"
	"fmt"
	"time"

	"github.com/asynkron/protoactor-go/actor"
	"go.uber.org/zap"

	"github.com/mactor/mactor/supervisor"
)

// ChildID is the behaviour's child id under its supervisor: the behaviour's
// actor is "<HostConfig.Name>/behaviour".
const ChildID = "behaviour"

// HostConfig describes a Host.
type HostConfig struct {
	// System is the actor system the supervisor and the behaviour's actor
	// run in.
	System *actor.ActorSystem
	// Name names the supervisor; it must be unique within System.
	Name string
	// New makes the behaviour's actor, at the start and after every crash.
	New func() actor.Actor
	// MaxRestarts is how many crashes within RestartPeriod the supervisor
	// tolerates; past that it gives up.
	MaxRestarts int
	// RestartPeriod is the window MaxRestarts counts crashes in.
	RestartPeriod time.Duration
	// ShutdownTimeout bounds how long Stop waits for the actor to finish
	// the message it is handling.
	ShutdownTimeout time.Duration
	// Logger is the supervisor's logger; nil means no logging.
	Logger *zap.Logger
	// GaveUp, if not nil, is called once, from a goroutine of its own,
	// with the supervisor's reason when it gives up (the behaviour crashed
	// more often than its restart intensity allows). It is not called
	// after Stop.
	GaveUp func(reason error)
}

// Host runs a behaviour's actor under a one_for_one supervisor of its own.
// A crash restarts the actor in place: same PID, same mailbox, the message
// being handled dropped and reported as a dead letter by the supervisor.
type Host struct {
	sys *actor.ActorSystem
	sup *supervisor.Handle
	pid *actor.PID
}

// StartHost starts the supervisor and the behaviour's actor, and returns
// once the actor has started (handled *actor.Started).
func StartHost(cfg HostConfig) (*Host, error) {
	if cfg.System == nil || cfg.New == nil {
		return nil, errors.New("starting the behaviour: HostConfig needs System and New")
	}
	opts := []supervisor.Option{supervisor.WithIntensity(cfg.MaxRestarts, cfg.RestartPeriod)}
	if cfg.Logger != nil {
		opts = append(opts, supervisor.WithLogger(cfg.Logger))
	}
	spec := supervisor.Spec{
		Strategy: supervisor.OneForOne,
		Children: []supervisor.ChildSpec{{
			ID:       ChildID,
			Start:    func(string) actor.Actor { return cfg.New() },
			Restart:  supervisor.Permanent,
			Shutdown: supervisor.Timeout(cfg.ShutdownTimeout),
		}},
		Options: opts,
	}
	sup, err := supervisor.Start(cfg.System, cfg.Name, spec)
	if err != nil {
		return nil, fmt.Errorf("starting the behaviour: %w", err)
	}
	children, err := sup.WhichChildren()
	if err != nil || len(children) != 1 || children[0].PID == nil {
		_ = sup.Stop()
		return nil, fmt.Errorf("behaviour did not start: %v %w", children, err)
	}
	h := &Host{sys: cfg.System, sup: sup, pid: children[0].PID}
	if cfg.GaveUp != nil {
		go func() {
			<-sup.Done()
			if err := sup.Err(); err != nil {
				cfg.GaveUp(err)
			}
		}()
	}
	return h, nil
}

// PID is the behaviour's actor; it stays the same across restarts.
func (h *Host) PID() *actor.PID { return h.pid }

// Send delivers msg to the behaviour's mailbox.
func (h *Host) Send(msg any) { h.sys.Root.Send(h.pid, msg) }

// Drain waits until the behaviour has handled what was sent to it before,
// at most timeout, and not past the end of the supervisor. It sends a
// *DrainMarker, which the behaviour's actor must acknowledge.
func (h *Host) Drain(timeout time.Duration) {
	m := &DrainMarker{done: make(chan struct{})}
	h.Send(m)
	t := time.NewTimer(timeout)
	defer t.Stop()
	select {
	case <-m.done:
	case <-t.C:
	case <-h.sup.Done():
	}
}

// Stop terminates the behaviour's actor and its supervisor, waiting at
// most HostConfig.ShutdownTimeout for the message being handled.
func (h *Host) Stop() { _ = h.sup.Stop() }

// DrainMarker is the message Drain sends. The behaviour's actor calls Ack
// when it receives one: everything delivered before it has been handled.
type DrainMarker struct{ done chan struct{} }

// Ack acknowledges the marker, releasing the Drain waiting for it.
func (m *DrainMarker) Ack() { close(m.done) }
