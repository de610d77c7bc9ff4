package executor

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
func startHost(r *runner) (*behaviour.Host, error) {
	h, err := behaviour.StartHost(behaviour.HostConfig{
		System:          r.sys,
		Name:            r.name,
		New:             func() actor.Actor { return &behaviourActor{r: r, b: r.newB()} },
		MaxRestarts:     r.opt.maxRestarts,
		RestartPeriod:   r.opt.restartPeriod,
		ShutdownTimeout: r.opt.shutdownTimeout,
		Logger:          r.log,
		GaveUp: func(reason error) {
			r.finish(fmt.Errorf("%w: %w", ErrBehaviourFailed, reason), false)
		},
	})
	if err != nil {
		return nil, fmt.Errorf("executor: %w", err)
	}
	return h, nil
}
