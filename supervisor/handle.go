package supervisor

import (
	"errors"
	"fmt"
	"time"

	"github.com/asynkron/protoactor-go/actor"
)

// Handle controls a supervisor, top-level (from Start) or nested (from
// Handle.Supervisor or HandleFor). Every method is a request message to
// the supervisor actor, answered in turn with its other work, so a Handle
// is safe to use from any goroutine. Calls wait for the handle's timeout
// (WithTimeout; default DefaultCallTimeout) and wrap the sentinel errors
// of this package.
//
// Do not call a supervisor from the Init, Started or Stopping handler of
// one of its own children: the supervisor is waiting for that handler, so
// the call can only time out.
type Handle struct {
	system  *actor.ActorSystem
	pid     *actor.PID
	timeout time.Duration
	top     *link // top-level only
}

// HandleFor returns a Handle for the supervisor at pid. Because a
// restarted nested supervisor keeps its name, the Handle stays valid
// across its restarts.
func HandleFor(system *actor.ActorSystem, pid *actor.PID) *Handle {
	return &Handle{system: system, pid: pid, timeout: DefaultCallTimeout}
}

// PID returns the supervisor's PID.
func (h *Handle) PID() *actor.PID { return h.pid }

// WithTimeout returns a copy of h whose calls wait up to d.
func (h *Handle) WithTimeout(d time.Duration) *Handle {
	c := *h
	c.timeout = d
	return &c
}

// WhichChildren lists the children in start order (OTP which_children
// lists them in reverse).
func (h *Handle) WhichChildren() ([]ChildInfo, error) {
	r, err := h.call("which children", &whichChildrenRequest{})
	if err != nil {
		return nil, err
	}
	return r.children, nil
}

// CountChildren is OTP count_children.
func (h *Handle) CountChildren() (Counts, error) {
	r, err := h.call("count children", &countChildrenRequest{})
	if err != nil {
		return Counts{}, err
	}
	return r.counts, nil
}

// AddChild adds spec to a static supervisor (after the existing children)
// and starts it (OTP start_child with a child spec). If the child returns
// ErrIgnore the result is (nil, nil) and the spec is kept unless the child
// is temporary. If a child with that id is running the error wraps
// ErrAlreadyStarted and the PID returned is that child's (OTP
// {already_started, Pid}). On a simple_one_for_one supervisor it fails
// with ErrSimpleOneForOne.
func (h *Handle) AddChild(spec ChildSpec) (*actor.PID, error) {
	r, err := h.call(fmt.Sprintf("add child %q", spec.ID), &addChildRequest{spec: spec})
	if r != nil && err != nil {
		return r.pid, err
	}
	if err != nil {
		return nil, err
	}
	return r.pid, nil
}

// StartChild starts a new child of a simple_one_for_one supervisor from its
// template, named id (e.g. a FrameworkID). A child that returns ErrIgnore
// gives (nil, nil) and is not kept. If id is taken the error wraps
// ErrAlreadyStarted and the PID returned is that child's. On a static
// supervisor it fails with ErrNotSimpleOneForOne (use AddChild or
// RestartChild).
func (h *Handle) StartChild(id string) (*actor.PID, error) {
	r, err := h.call(fmt.Sprintf("start child %q", id), &startChildRequest{id: id})
	if r != nil && err != nil {
		return r.pid, err
	}
	if err != nil {
		return nil, err
	}
	return r.pid, nil
}

// TerminateChild stops the child id per its Shutdown and waits for it. A
// static child's spec is kept (Stopped), except for temporary children; a
// simple_one_for_one child is removed. A pending restart is cancelled.
func (h *Handle) TerminateChild(id string) error {
	_, err := h.call(fmt.Sprintf("terminate child %q", id), &terminateChildRequest{id: id})
	return err
}

// RestartChild starts the Stopped static child id again (ErrRunning,
// ErrRestarting if it is not Stopped).
func (h *Handle) RestartChild(id string) (*actor.PID, error) {
	r, err := h.call(fmt.Sprintf("restart child %q", id), &restartChildRequest{id: id})
	if err != nil {
		return nil, err
	}
	return r.pid, nil
}

// DeleteChild forgets the Stopped static child id (ErrRunning,
// ErrRestarting if it is not Stopped).
func (h *Handle) DeleteChild(id string) error {
	_, err := h.call(fmt.Sprintf("delete child %q", id), &deleteChildRequest{id: id})
	return err
}

// Supervisor returns a Handle for the child id, which must be a running
// supervisor (ErrNotSupervisor otherwise). It has h's timeout.
func (h *Handle) Supervisor(id string) (*Handle, error) {
	r, err := h.call(fmt.Sprintf("child %q", id), &childInfoRequest{id: id})
	if err != nil {
		return nil, err
	}
	if r.info.Type != Supervisor || r.info.Status != Running {
		return nil, fmt.Errorf("supervisor %s: child %q: %w", h.pid.Id, id, ErrNotSupervisor)
	}
	return &Handle{system: h.system, pid: r.info.PID, timeout: h.timeout}, nil
}

// Stop shuts the supervisor down: its children are terminated in reverse
// start order (in parallel for simple_one_for_one), each per its Shutdown,
// then the supervisor stops with reason Shutdown. Stop waits for all of
// it, with no time limit (the children's Shutdown values bound it).
//
// On a nested supervisor's Handle, Stop is an exit with reason shutdown:
// its parent then applies the restart type (a permanent supervisor comes
// back). Use the parent's TerminateChild to stop it for good.
func (h *Handle) Stop() error {
	if h.top != nil {
		if !h.top.isDone() {
			h.system.Root.Send(h.pid, &stopRequest{})
			<-h.top.done
		}
		return nil
	}
	gone := watch(h.system, h.pid)
	h.system.Root.Send(h.pid, &stopRequest{})
	<-gone
	return nil
}

// Done is closed when a top-level supervisor has terminated, whatever the
// reason; see Err. For a nested supervisor's Handle it returns nil (a
// channel that never fires): its parent owns its life.
func (h *Handle) Done() <-chan struct{} {
	if h.top == nil {
		return nil
	}
	return h.top.done
}

// Err reports why a top-level supervisor terminated: nil while it runs and
// after a requested stop (Stop, or a normal or shutdown exit); otherwise
// the exit reason, e.g. one matching ErrMaxRestartIntensity when it gave
// up, or a *PanicError. A process supervisor such as systemd should see a
// non-zero exit status when Err is not nil.
func (h *Handle) Err() error {
	if h.top == nil || !h.top.isDone() {
		return nil
	}
	r := h.top.exitReason()
	if r == Normal || r == Shutdown {
		return nil
	}
	return fmt.Errorf("supervisor %s: %w", h.pid.Id, r)
}

func (h *Handle) call(op string, req any) (*reply, error) {
	res, err := h.system.Root.RequestFuture(h.pid, req, h.timeout).Result()
	if err != nil {
		switch {
		case errors.Is(err, actor.ErrTimeout):
			err = fmt.Errorf("%w after %s", ErrTimeout, h.timeout)
		case errors.Is(err, actor.ErrDeadLetter):
			err = ErrNoSupervisor
		}
		return nil, fmt.Errorf("supervisor %s: %s: %w", h.pid.Id, op, err)
	}
	r, ok := res.(*reply)
	if !ok {
		return nil, fmt.Errorf("supervisor %s: %s: unexpected answer %T", h.pid.Id, op, res)
	}
	if r.err != nil {
		return r, fmt.Errorf("supervisor %s: %s: %w", h.pid.Id, op, r.err)
	}
	return r, nil
}
