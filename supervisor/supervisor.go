package supervisor

import (
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/asynkron/protoactor-go/actor"
	"go.uber.org/zap"
)

// supervisor is the actor behind every supervisor, top-level or nested. It
// runs inside a host like any child. Children are protoactor children of
// it (ctx.SpawnNamed), so their panics reach it as protoactor Failures
// (HandleFailure) and their ends as *actor.Terminated.
//
// It does its work synchronously on its own goroutine, as an OTP
// supervisor does: starting a child waits for the child's start, stopping
// one waits per the child's Shutdown. Calls queue behind.
type supervisor struct {
	spec     Spec
	strategy Strategy
	cfg      config
	log      *zap.Logger

	ctx  actor.Context
	self *actor.PID
	sys  *actor.ActorSystem
	own  *link // this supervisor's link to its parent (or to Start)

	template *ChildSpec // simple_one_for_one only
	children []*child   // start order
	byID     map[string]*child
	byName   map[string]*child // by protoactor PID id

	restarts intensity

	// Terminated messages still to come: every child process we spawn
	// sends exactly one (a killed one gets a stand-in from kill), and the
	// supervisor stops itself only once all have arrived.
	pending    map[string]int
	npending   int
	stopping   bool
	finishing  bool
	stopReason error
}

func newSupervisor(spec Spec) *supervisor { return &supervisor{spec: spec} }

func (s *supervisor) now() time.Time { return s.cfg.now() }

// Init starts the children in order (OTP init plus start_children). If one
// fails, those already started are terminated in reverse order and the
// supervisor's own start fails.
func (s *supervisor) Init(ctx actor.Context) error {
	s.ctx, s.self, s.sys = ctx, ctx.Self(), ctx.ActorSystem()
	if h, ok := ctx.Actor().(*host); ok {
		s.own = h.link
	}
	if err := s.spec.validate(); err != nil {
		return err
	}
	s.cfg, _ = s.spec.config()
	logger := s.cfg.logger
	if logger == nil && s.own != nil {
		logger = s.own.logger
	}
	if logger == nil {
		logger = zap.NewNop()
	}
	s.log = logger.With(zap.String("supervisor", s.self.Id))
	s.strategy = s.spec.Strategy
	s.restarts = intensity{max: s.cfg.maxR, period: s.cfg.period}
	s.byID = make(map[string]*child)
	s.byName = make(map[string]*child)
	s.pending = make(map[string]int)

	if s.strategy == SimpleOneForOne {
		t := s.spec.Children[0]
		s.template = &t
		return nil
	}
	for _, cs := range s.spec.Children {
		c := &child{spec: cs}
		s.children = append(s.children, c)
		s.byID[cs.ID] = c
	}
	for _, c := range slices.Clone(s.children) {
		err := s.start(c)
		switch {
		case err == nil:
			s.publish(&ChildStarted{Supervisor: s.self, ID: c.spec.ID, PID: c.link.pid})
		case errors.Is(err, ErrIgnore):
			if c.spec.Restart == Temporary {
				s.remove(c)
			}
		default:
			s.startFailed(c, err)
			s.stopping = true
			s.terminateAll()
			return fmt.Errorf("%w: child %q: %w", ErrStartFailed, c.spec.ID, err)
		}
	}
	s.log.Debug("supervisor started", zap.Stringer("strategy", s.strategy), zap.Int("children", len(s.children)))
	return nil
}

// Receive implements actor.Actor. (Started never gets here: the host turns
// it into Init.)
func (s *supervisor) Receive(ctx actor.Context) {
	switch m := ctx.Message().(type) {
	case *actor.Terminated:
		s.onTerminated(m)
	case *actor.Stopping, *actor.Restarting:
		s.onStopping()
	case *actor.Stopped:
	case *retryRestart:
		s.onRetry(m)
	case *stopRequest:
		s.shutdown(Shutdown)
	default:
		s.call(ctx, m)
	}
}

// HandleFailure implements actor.SupervisorStrategy: protoactor calls it,
// on this supervisor's goroutine, when a child's Receive panicked or the
// child exited abnormally. The child's mailbox is suspended meanwhile.
func (s *supervisor) HandleFailure(_ *actor.ActorSystem, _ actor.Supervisor, who *actor.PID, _ *actor.RestartStatistics, reason, _ any) {
	cr, ok := reason.(*crash)
	if !ok {
		// Not raised by a host; nothing of ours. Do not leave it suspended.
		s.log.Error("failure from an unknown child; stopping it", zap.String("pid", who.Id), zap.Any("reason", reason))
		s.ctx.Stop(who)
		return
	}
	if cr.restartFailed {
		return // the restart's ack already told us
	}
	c := s.byName[who.Id]
	if s.stopping || c == nil || c.link != cr.link || cr.link.handled {
		if !cr.link.handled && !cr.link.isDone() {
			cr.link.stop()
		}
		return
	}
	s.exited(c, cr.reason, cr.message, cr.sender, true)
}

func (s *supervisor) onTerminated(m *actor.Terminated) {
	if n := s.pending[m.Who.Id]; n > 0 {
		if n == 1 {
			delete(s.pending, m.Who.Id)
		} else {
			s.pending[m.Who.Id] = n - 1
		}
		s.npending--
	}
	if s.stopping {
		s.maybeFinish()
		return
	}
	c := s.byName[m.Who.Id]
	if c == nil || c.link == nil || c.link.handled || !c.link.isDone() {
		return // an earlier process under that name, already dealt with
	}
	s.exited(c, c.link.exitReason(), nil, nil, false)
}

// onStopping runs when protoactor stops (or restarts) this supervisor.
// After an ordered shutdown there is nothing left to do; if protoactor's
// Stop arrived directly (from someone else), the children are terminated
// here, in the same order.
func (s *supervisor) onStopping() {
	if !s.stopping {
		s.stopping = true
		s.terminateAll()
	}
	for _, c := range s.children {
		c.cancelRetry()
	}
	reason := s.stopReason
	if s.own != nil {
		reason = s.own.exitReason()
	}
	s.publish(&SupervisorStopped{Supervisor: s.self, Reason: reason})
	s.log.Debug("supervisor stopped", zap.Error(reason))
}

// shutdown terminates all children, then stops the supervisor with
// reason once every child's Terminated has arrived.
func (s *supervisor) shutdown(reason error) {
	if s.stopping {
		return
	}
	s.stopping = true
	s.stopReason = reason
	if s.own != nil {
		s.own.setReason(reason)
	}
	s.terminateAll()
	s.maybeFinish()
}

func (s *supervisor) maybeFinish() {
	if s.finishing || s.npending > 0 {
		return
	}
	s.finishing = true
	s.ctx.Stop(s.self)
}

func (s *supervisor) expectTerminated(pid *actor.PID) {
	s.pending[pid.Id]++
	s.npending++
}

// start starts c: in place if its crashed process is still there, else in
// a new process under its name. It waits for the child's start. On error
// c keeps no process, except after a failed in-place restart, where the
// process stays (suspended) for the next try. errors.Is(err, ErrIgnore)
// means the child declined to run.
func (s *supervisor) start(c *child) error {
	c.cancelRetry()
	if l := c.link; l != nil {
		l.proc.SendSystemMessage(l.pid, &actor.Restart{})
		err := <-l.ack
		switch {
		case err == nil:
			c.status, c.upSince = Running, s.now()
		case errors.Is(err, ErrIgnore):
			l.handled = true
			c.link, c.status = nil, Stopped
		}
		return err
	}
	l := newLink(c.spec.ID, s.log)
	pid, err := s.ctx.SpawnNamed(l.props(c.spec.Start, s.childPropsOptions(c.spec.ID)...), c.spec.ID)
	if err != nil {
		return fmt.Errorf("spawn %q: %w", c.spec.ID, err)
	}
	s.expectTerminated(pid)
	if err := <-l.ack; err != nil {
		l.handled = true
		if errors.Is(err, ErrIgnore) {
			c.status = Stopped
		}
		return err
	}
	c.link, c.status, c.upSince = l, Running, s.now()
	s.byName[pid.Id] = c
	return nil
}

func (s *supervisor) startFailed(c *child, err error) {
	s.publish(&ChildStartFailed{Supervisor: s.self, ID: c.spec.ID, Err: err})
	s.log.Error("child failed to start", zap.String("child", c.spec.ID), zap.Error(err))
}

// remove forgets c entirely.
func (s *supervisor) remove(c *child) {
	c.cancelRetry()
	delete(s.byID, c.spec.ID)
	delete(s.byName, s.self.Id+"/"+c.spec.ID)
	if i := slices.Index(s.children, c); i >= 0 {
		s.children = slices.Delete(s.children, i, i+1)
	}
}
