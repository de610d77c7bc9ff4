package scheduler

import (
	"fmt"

	"github.com/asynkron/protoactor-go/actor"

	"github.com/mactor/mactor/actors/behaviour"
)

// startHost runs the behaviour's actor under a one_for_one supervisor of
// its own (see behaviour.Host). A crash restarts the actor in place: same
// PID, same mailbox, the event being handled dropped and reported as a
// dead letter by the supervisor. If crashes exceed the restart intensity
// the supervisor gives up and the driver stops with ErrBehaviourFailed.
func startHost(f *framework) (*behaviour.Host, error) {
	h, err := behaviour.StartHost(behaviour.HostConfig{
		System: f.sys,
		Name:   f.name,
		New: func() actor.Actor {
			return &behaviourActor{f: f, d: &callbackDriver{framework: f}, b: f.newB()}
		},
		MaxRestarts:     f.opt.maxRestarts,
		RestartPeriod:   f.opt.restartPeriod,
		ShutdownTimeout: f.opt.shutdownTimeout,
		Logger:          f.log,
		GaveUp: func(reason error) {
			f.finish(fmt.Errorf("%w: %w", ErrBehaviourFailed, reason), false)
		},
	})
	if err != nil {
		return nil, fmt.Errorf("scheduler: %w", err)
	}
	return h, nil
}
