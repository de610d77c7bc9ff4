package supervisor

import (
	"errors"
	"fmt"
	"time"

	"github.com/asynkron/protoactor-go/actor"
	"go.uber.org/zap"
)

// exited handles a child's own exit (OTP restart/2 and do_restart/3).
// crashed: it panicked or exited abnormally and its process is still there,
// suspended, with its mailbox; otherwise its process is gone.
func (s *supervisor) exited(c *child, reason error, dropped any, sender *actor.PID, crashed bool) {
	l := c.link
	s.publish(&ChildTerminated{Supervisor: s.self, ID: c.spec.ID, PID: l.pid, Reason: reason, Dropped: dropped})
	s.logExit(c, reason, dropped)
	if crashed && dropped != nil {
		s.reportDropped(l.pid, dropped, sender)
	}
	c.exitReason, c.dropped = reason, dropped
	c.status = Restarting // not Running any more, whatever comes next
	if !crashed {
		l.handled = true
		c.link = nil
	}
	if !restartable(c.spec.Restart, reason) {
		if crashed {
			s.terminate(c, false)
		}
		c.status = Stopped
		if c.spec.Restart == Temporary || s.strategy == SimpleOneForOne {
			s.remove(c)
		}
		return
	}
	if !s.restarts.add(s.now()) {
		s.giveUp(c)
		return
	}
	if d := s.cfg.backoff.next(c, s.now()); d > 0 {
		s.schedule(c, d, true)
		return
	}
	s.restart(c)
}

// restart applies the strategy to a restart of c: terminate the running
// others of its group in reverse start order (temporary ones are removed),
// then start the group in start order. If a start fails the rest of the
// group is left down and that child is tried again later, which repeats
// the whole procedure for it (OTP try_again_restart).
func (s *supervisor) restart(c *child) {
	group := s.group(c)
	for i := len(group) - 1; i >= 0; i-- {
		g := group[i]
		if g == c || g.status != Running {
			continue
		}
		s.terminate(g, true)
		if g.spec.Restart == Temporary {
			s.remove(g)
		}
	}
	for _, g := range group {
		if s.byID[g.spec.ID] != g || g.status == Running {
			continue
		}
		inPlace := g.link != nil
		err := s.start(g)
		switch {
		case err == nil:
			g.restarts++
			s.publish(&ChildRestarted{
				Supervisor: s.self, ID: g.spec.ID, PID: g.link.pid, Reason: g.exitReason,
				Trigger: c.spec.ID, Dropped: g.dropped, InPlace: inPlace, Restarts: g.restarts,
			})
			s.log.Info("child restarted", zap.String("child", g.spec.ID), zap.String("trigger", c.spec.ID),
				zap.Bool("in_place", inPlace), zap.Int("restarts", g.restarts))
			g.dropped = nil
		case errors.Is(err, ErrIgnore):
			if s.strategy == SimpleOneForOne {
				s.remove(g)
			}
		default:
			s.startFailed(g, err)
			g.status = Restarting
			s.retry(g)
			return
		}
	}
}

// retry schedules another try at restarting c after a failed restart.
func (s *supervisor) retry(c *child) {
	if d := s.cfg.backoff.next(c, s.now()); d > 0 {
		s.schedule(c, d, false)
		return
	}
	c.cancelRetry()
	s.ctx.Send(s.self, &retryRestart{id: c.spec.ID, seq: c.retrySeq})
}

// schedule restarts c after d.
func (s *supervisor) schedule(c *child, d time.Duration, counted bool) {
	c.cancelRetry()
	msg := &retryRestart{id: c.spec.ID, seq: c.retrySeq, counted: counted}
	sys, self := s.sys, s.self
	c.timer = time.AfterFunc(d, func() { sys.Root.Send(self, msg) })
	s.log.Info("child restart delayed", zap.String("child", c.spec.ID), zap.Duration("delay", d))
}

func (s *supervisor) onRetry(m *retryRestart) {
	c := s.byID[m.id]
	if s.stopping || c == nil || c.retrySeq != m.seq || c.status != Restarting {
		return
	}
	c.timer = nil
	if !m.counted && !s.restarts.add(s.now()) {
		s.giveUp(c)
		return
	}
	s.restart(c)
}

// giveUp: more than MaxR restarts in the period. Terminate everything and
// exit with reason shutdown, so that the parent decides (one level up).
func (s *supervisor) giveUp(c *child) {
	s.publish(&IntensityExceeded{Supervisor: s.self, Trigger: c.spec.ID, MaxRestarts: s.cfg.maxR, Period: s.cfg.period})
	s.log.Error("reached max restart intensity, shutting down",
		zap.String("child", c.spec.ID), zap.Int("max_restarts", s.cfg.maxR), zap.Duration("period", s.cfg.period))
	s.shutdown(ShutdownWith(ErrMaxRestartIntensity))
}

func (s *supervisor) logExit(c *child, reason error, dropped any) {
	if !IsAbnormal(reason) {
		if ce := s.log.Check(zap.DebugLevel, "child exited"); ce != nil {
			ce.Write(zap.String("child", c.spec.ID), zap.Stringer("restart", c.spec.Restart), zap.Error(reason))
		}
		return
	}
	ce := s.log.Check(zap.ErrorLevel, "child crashed")
	if ce == nil {
		return
	}
	fields := []zap.Field{zap.String("child", c.spec.ID), zap.Stringer("restart", c.spec.Restart), zap.Error(reason)}
	if dropped != nil {
		fields = append(fields, zap.String("dropped_message", fmt.Sprintf("%T", dropped)))
	}
	var p *PanicError
	if errors.As(reason, &p) {
		fields = append(fields, zap.String("stack", p.Stack()))
	}
	ce.Write(fields...)
}
