package scheduler

import (
	"fmt"
	"time"

	"github.com/asynkron/protoactor-go/actor"

	"github.com/mactor/mactor/supervisor"
)

// behaviourChild is the behaviour's child id under its supervisor.
const behaviourChild = "behaviour"

// host runs the behaviour's actor under a one_for_one supervisor of its
// own. A crash restarts the actor in place: same PID, same mailbox, the
// event being handled dropped and reported as a dead letter by the
// supervisor. If crashes exceed the restart intensity the supervisor gives
// up and the driver stops with ErrBehaviourFailed.
type host struct {
	sys *actor.ActorSystem
	sup *supervisor.Handle
	pid *actor.PID
}

func startHost(f *framework) (*host, error) {
	spec := supervisor.Spec{
		Strategy: supervisor.OneForOne,
		Children: []supervisor.ChildSpec{{
			ID:       behaviourChild,
			Start:    func(string) actor.Actor { return &behaviourActor{f: f, d: &callbackDriver{framework: f}, b: f.newB()} },
			Restart:  supervisor.Permanent,
			Shutdown: supervisor.Timeout(f.opt.shutdownTimeout),
		}},
		Options: []supervisor.Option{
			supervisor.WithIntensity(f.opt.maxRestarts, f.opt.restartPeriod),
			supervisor.WithLogger(f.log),
		},
	}
	sup, err := supervisor.Start(f.sys, f.name, spec)
	if err != nil {
		return nil, fmt.Errorf("scheduler: starting the behaviour: %w", err)
	}
	children, err := sup.WhichChildren()
	if err != nil || len(children) != 1 || children[0].PID == nil {
		_ = sup.Stop()
		return nil, fmt.Errorf("scheduler: behaviour did not start: %v %w", children, err)
	}
	h := &host{sys: f.sys, sup: sup, pid: children[0].PID}
	go func() {
		<-sup.Done()
		if err := sup.Err(); err != nil {
			f.finish(fmt.Errorf("%w: %w", ErrBehaviourFailed, err), false)
		}
	}()
	return h, nil
}

// send delivers a message to the behaviour's mailbox.
func (h *host) send(msg any) { h.sys.Root.Send(h.pid, msg) }

// drain waits until the behaviour has handled what was sent before, at
// most timeout.
func (h *host) drain(timeout time.Duration) {
	m := &drainMarker{done: make(chan struct{})}
	h.send(m)
	t := time.NewTimer(timeout)
	defer t.Stop()
	select {
	case <-m.done:
	case <-t.C:
	case <-h.sup.Done():
	}
}

// stop terminates the behaviour and its supervisor.
func (h *host) stop() { _ = h.sup.Stop() }
