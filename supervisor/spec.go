package supervisor

import (
	"fmt"
	"strings"

	"github.com/asynkron/protoactor-go/actor"
)

// Producer makes a fresh instance of a child's actor. It is called for the
// first start and again for every restart, with the child's id (for a
// simple_one_for_one instance, the id given to StartChild, e.g. a
// FrameworkID). A Producer that panics or returns nil fails the start.
type Producer func(id string) actor.Actor

// Initializer is implemented by actors whose start can fail or be declined
// synchronously, like OTP's init/1 returning {error, E} or ignore. Init runs
// on the child's goroutine before the child sees *actor.Started; the
// supervisor waits for it before starting the next child. Return ErrIgnore
// to decline to run, any other error to fail the start. A panic in Init or
// in the Started handler also fails the start.
type Initializer interface {
	Init(ctx actor.Context) error
}

// RestartType says when a child that exited is restarted.
type RestartType int

const (
	// Permanent children are always restarted (the default).
	Permanent RestartType = iota
	// Transient children are restarted only after an abnormal exit (see
	// IsAbnormal).
	Transient
	// Temporary children are never restarted, not even when a sibling's
	// exit makes a one_for_all or rest_for_one supervisor terminate them:
	// then they are removed.
	Temporary
)

// String implements fmt.Stringer.
func (r RestartType) String() string {
	switch r {
	case Permanent:
		return "permanent"
	case Transient:
		return "transient"
	case Temporary:
		return "temporary"
	}
	return fmt.Sprintf("RestartType(%d)", int(r))
}

// ChildType says whether a child is a worker or a supervisor. It sets the
// default Shutdown and is reported by WhichChildren and CountChildren.
type ChildType int

const (
	// Worker is an ordinary actor (the default).
	Worker ChildType = iota
	// Supervisor is a child that supervises others, normally built with
	// Spec.ChildSpec.
	Supervisor
)

// String implements fmt.Stringer.
func (t ChildType) String() string {
	switch t {
	case Worker:
		return "worker"
	case Supervisor:
		return "supervisor"
	}
	return fmt.Sprintf("ChildType(%d)", int(t))
}

// ChildSpec describes one child, like an OTP child spec map.
type ChildSpec struct {
	// ID names the child within its supervisor and is the last element of
	// its protoactor PID ("<supervisor id>/<ID>"). It must be non-empty,
	// unique among its siblings and must not contain '/'. For the template
	// of a simple_one_for_one supervisor it is only a label.
	ID string
	// Start makes the child's actor.
	Start Producer
	// Restart is Permanent (default), Transient or Temporary.
	Restart RestartType
	// Shutdown is how the child is stopped; zero means 5 s for a worker
	// and Infinity for a supervisor.
	Shutdown ShutdownPolicy
	// Type is Worker (default) or Supervisor.
	Type ChildType

	// nested marks specs built by Spec.ChildSpec: the child is one of this
	// package's supervisors and understands an ordered shutdown request.
	nested bool
}

// shutdown returns the effective Shutdown, defaults applied.
func (c *ChildSpec) shutdown() ShutdownPolicy {
	if c.Shutdown != 0 {
		return c.Shutdown
	}
	if c.Type == Supervisor {
		return Infinity
	}
	return DefaultShutdown
}

func (c *ChildSpec) validate() error {
	switch {
	case c.ID == "":
		return fmt.Errorf("%w: child with empty id", ErrInvalidSpec)
	case strings.Contains(c.ID, "/"):
		return fmt.Errorf("%w: child id %q contains '/'", ErrInvalidSpec, c.ID)
	case c.Start == nil:
		return fmt.Errorf("%w: child %q has no Start producer", ErrInvalidSpec, c.ID)
	case c.Restart < Permanent || c.Restart > Temporary:
		return fmt.Errorf("%w: child %q has restart type %v", ErrInvalidSpec, c.ID, c.Restart)
	case c.Type < Worker || c.Type > Supervisor:
		return fmt.Errorf("%w: child %q has type %v", ErrInvalidSpec, c.ID, c.Type)
	}
	return c.Shutdown.validate(c.ID)
}

// Spec describes a supervisor: its strategy, its children in start order
// and its options (intensity, backoff, logger, ...).
type Spec struct {
	// Strategy is OneForOne (default), OneForAll, RestForOne or
	// SimpleOneForOne.
	Strategy Strategy
	// Children are started in this order and stopped in the reverse order.
	// A SimpleOneForOne supervisor takes exactly one entry: the template
	// of its dynamic children, none of which is started at first.
	Children []ChildSpec
	// Options tune the supervisor, e.g. WithIntensity, WithBackoff,
	// WithLogger.
	Options []Option
}

// ChildSpec returns a spec for running this supervisor as the child id of
// another supervisor: Type Supervisor, Restart Permanent, Shutdown
// Infinity. Change those fields on the result if needed. A nested
// supervisor with no WithLogger option uses its parent's logger.
func (s Spec) ChildSpec(id string) ChildSpec {
	return ChildSpec{
		ID:       id,
		Type:     Supervisor,
		Restart:  Permanent,
		Shutdown: Infinity,
		Start:    func(string) actor.Actor { return newSupervisor(s) },
		nested:   true,
	}
}

func (s *Spec) validate() error {
	if s.Strategy < OneForOne || s.Strategy > SimpleOneForOne {
		return fmt.Errorf("%w: strategy %v", ErrInvalidSpec, s.Strategy)
	}
	if s.Strategy == SimpleOneForOne && len(s.Children) != 1 {
		return fmt.Errorf("%w: simple_one_for_one needs exactly one child spec, got %d", ErrInvalidSpec, len(s.Children))
	}
	seen := make(map[string]bool, len(s.Children))
	for i := range s.Children {
		c := &s.Children[i]
		if err := c.validate(); err != nil {
			return err
		}
		if seen[c.ID] {
			return fmt.Errorf("%w: duplicate child id %q", ErrInvalidSpec, c.ID)
		}
		seen[c.ID] = true
	}
	_, err := s.config()
	return err
}
