package supervisor

import (
	"errors"
	"fmt"
	"strings"

	"github.com/asynkron/protoactor-go/actor"
)

// call answers a Handle request.
func (s *supervisor) call(ctx actor.Context, m any) {
	var r reply
	switch m := m.(type) {
	case *whichChildrenRequest:
		r.children = s.whichChildren()
	case *countChildrenRequest:
		r.counts = s.countChildren()
	case *addChildRequest:
		r.pid, r.err = s.addChild(m.spec)
	case *startChildRequest:
		r.pid, r.err = s.startDynamic(m.id)
	case *terminateChildRequest:
		r.err = s.terminateChild(m.id)
	case *restartChildRequest:
		r.pid, r.err = s.restartChild(m.id)
	case *deleteChildRequest:
		r.err = s.deleteChild(m.id)
	case *childInfoRequest:
		r.info, r.err = s.childInfo(m.id)
	case *killChildRequest:
		r.err = s.killChild(m.id)
	case *describeRequest:
		r.desc = s.describe()
	default:
		return // not for us
	}
	if s.stopping {
		r = reply{err: ErrStopping}
	}
	ctx.Respond(&r)
}

func (s *supervisor) whichChildren() []ChildInfo {
	out := make([]ChildInfo, 0, len(s.children))
	for _, c := range s.children {
		out = append(out, c.info())
	}
	return out
}

func (s *supervisor) countChildren() Counts {
	var n Counts
	for _, c := range s.children {
		if c.status == Running {
			n.Active++
		}
		if c.spec.Type == Supervisor {
			n.Supervisors++
		} else {
			n.Workers++
		}
	}
	n.Specs = len(s.children)
	if s.strategy == SimpleOneForOne {
		n.Specs = 1
	}
	return n
}

// addChild is OTP start_child/2 with a child spec.
func (s *supervisor) addChild(spec ChildSpec) (*actor.PID, error) {
	if s.stopping {
		return nil, ErrStopping
	}
	if s.strategy == SimpleOneForOne {
		return nil, ErrSimpleOneForOne
	}
	if err := spec.validate(); err != nil {
		return nil, err
	}
	if c := s.byID[spec.ID]; c != nil {
		if c.status == Running {
			return c.link.pid, fmt.Errorf("%w: %q", ErrAlreadyStarted, spec.ID)
		}
		return nil, fmt.Errorf("%w: %q", ErrAlreadyPresent, spec.ID)
	}
	c := &child{spec: spec}
	s.children = append(s.children, c)
	s.byID[spec.ID] = c
	return s.startNew(c)
}

// startDynamic is OTP start_child/2 on a simple_one_for_one supervisor,
// with id as the instance's name.
func (s *supervisor) startDynamic(id string) (*actor.PID, error) {
	if s.stopping {
		return nil, ErrStopping
	}
	if s.strategy != SimpleOneForOne {
		return nil, ErrNotSimpleOneForOne
	}
	if id == "" || strings.Contains(id, "/") {
		return nil, fmt.Errorf("%w: child id %q", ErrInvalidSpec, id)
	}
	if c := s.byID[id]; c != nil {
		var pid *actor.PID
		if c.link != nil {
			pid = c.link.pid
		}
		return pid, fmt.Errorf("%w: %q", ErrAlreadyStarted, id)
	}
	spec := *s.template
	spec.ID = id
	c := &child{spec: spec}
	s.children = append(s.children, c)
	s.byID[id] = c
	return s.startNew(c)
}

// startNew starts a child just added; a failed start removes it again,
// as does ErrIgnore for temporary and simple_one_for_one children.
func (s *supervisor) startNew(c *child) (*actor.PID, error) {
	err := s.start(c)
	switch {
	case err == nil:
		s.publish(&ChildStarted{Supervisor: s.self, ID: c.spec.ID, PID: c.link.pid})
		return c.link.pid, nil
	case errors.Is(err, ErrIgnore):
		if c.spec.Restart == Temporary || s.strategy == SimpleOneForOne {
			s.remove(c)
		}
		return nil, nil
	default:
		s.startFailed(c, err)
		s.remove(c)
		return nil, fmt.Errorf("%w: child %q: %w", ErrStartFailed, c.spec.ID, err)
	}
}

func (s *supervisor) terminateChild(id string) error {
	if s.stopping {
		return ErrStopping
	}
	c := s.byID[id]
	if c == nil {
		return fmt.Errorf("%w: %q", ErrNotFound, id)
	}
	s.terminate(c, true)
	if c.spec.Restart == Temporary || s.strategy == SimpleOneForOne {
		s.remove(c)
	}
	return nil
}

// restartChild is OTP restart_child/2: start a Stopped static child again.
func (s *supervisor) restartChild(id string) (*actor.PID, error) {
	if s.stopping {
		return nil, ErrStopping
	}
	if s.strategy == SimpleOneForOne {
		return nil, ErrSimpleOneForOne
	}
	c := s.byID[id]
	switch {
	case c == nil:
		return nil, fmt.Errorf("%w: %q", ErrNotFound, id)
	case c.status == Running:
		return nil, fmt.Errorf("%w: %q", ErrRunning, id)
	case c.status == Restarting:
		return nil, fmt.Errorf("%w: %q", ErrRestarting, id)
	}
	err := s.start(c)
	switch {
	case err == nil:
		s.publish(&ChildStarted{Supervisor: s.self, ID: c.spec.ID, PID: c.link.pid})
		return c.link.pid, nil
	case errors.Is(err, ErrIgnore):
		return nil, nil
	default:
		s.startFailed(c, err)
		return nil, fmt.Errorf("%w: child %q: %w", ErrStartFailed, id, err)
	}
}

// deleteChild is OTP delete_child/2: forget a Stopped static child.
func (s *supervisor) deleteChild(id string) error {
	if s.stopping {
		return ErrStopping
	}
	if s.strategy == SimpleOneForOne {
		return ErrSimpleOneForOne
	}
	c := s.byID[id]
	switch {
	case c == nil:
		return fmt.Errorf("%w: %q", ErrNotFound, id)
	case c.status == Running:
		return fmt.Errorf("%w: %q", ErrRunning, id)
	case c.status == Restarting:
		return fmt.Errorf("%w: %q", ErrRestarting, id)
	}
	s.remove(c)
	return nil
}

func (s *supervisor) childInfo(id string) (ChildInfo, error) {
	c := s.byID[id]
	if c == nil {
		return ChildInfo{}, fmt.Errorf("%w: %q", ErrNotFound, id)
	}
	return c.info(), nil
}
