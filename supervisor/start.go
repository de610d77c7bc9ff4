package supervisor

import (
	"fmt"
	"time"

	"github.com/asynkron/protoactor-go/actor"
)

// Start starts a top-level supervisor named name (a protoactor name; empty
// picks a unique one) and its children, in order, and returns once they
// have all started. If a child fails to start, the ones already started
// are terminated in reverse order and Start returns an error wrapping
// ErrStartFailed and the child's error.
//
// A top-level supervisor that gives up (intensity exceeded) terminates its
// tree, and its Handle's Done channel is closed with Err reporting why.
func Start(system *actor.ActorSystem, name string, spec Spec) (*Handle, error) {
	if err := spec.validate(); err != nil {
		return nil, fmt.Errorf("supervisor: start %q: %w", name, err)
	}
	cfg, _ := spec.config()
	return startTop(system, name, func(string) actor.Actor { return newSupervisor(spec) }, cfg.callTimeout)
}

// startTop spawns start's actor at the top level, hosted and guarded.
func startTop(system *actor.ActorSystem, name string, start Producer, timeout time.Duration) (*Handle, error) {
	if name == "" {
		name = "supervisor" + system.ProcessRegistry.NextID()
	}
	l := newLink(name, nil)
	pid, err := system.Root.SpawnNamed(l.props(start, actor.WithGuardian(guardian)), name)
	if err != nil {
		return nil, fmt.Errorf("supervisor: start %q: %w", name, err)
	}
	if err := <-l.ack; err != nil {
		return nil, fmt.Errorf("supervisor: start %q: %w", name, err)
	}
	return &Handle{system: system, pid: pid, timeout: timeout, top: l}, nil
}

// guardian supervises top-level supervisors. They do not panic in normal
// operation; if one does (a bug), the whole tree is stopped in order and
// the panic becomes the Handle's Err, rather than protoactor's default of
// restarting the actor.
var guardian actor.SupervisorStrategy = &topStrategy{}

type topStrategy struct{}

func (*topStrategy) HandleFailure(_ *actor.ActorSystem, sup actor.Supervisor, child *actor.PID, _ *actor.RestartStatistics, reason, _ any) {
	if cr, ok := reason.(*crash); ok {
		cr.link.setReason(cr.reason)
	}
	sup.StopChildren(child)
}
