package supervisor

import (
	"time"

	"github.com/asynkron/protoactor-go/actor"
	"go.uber.org/zap"
)

// terminateAll stops every child that has a process: in reverse start
// order, one after the other, or all at once for simple_one_for_one.
func (s *supervisor) terminateAll() {
	if s.strategy == SimpleOneForOne {
		s.terminateParallel()
		return
	}
	for i := len(s.children) - 1; i >= 0; i-- {
		c := s.children[i]
		c.cancelRetry()
		s.terminate(c, true)
	}
}

// terminate stops c's process per its Shutdown and waits for it. c is
// left Stopped with no process.
func (s *supervisor) terminate(c *child, publish bool) {
	l := c.link
	if l == nil {
		c.cancelRetry()
		c.status = Stopped
		return
	}
	wasRunning := c.status == Running
	c.link, c.status = nil, Stopped
	c.cancelRetry()
	l.handled = true
	sh := c.spec.shutdown()
	if sh == BrutalKill {
		s.kill(l)
	} else {
		s.requestStop(l, &c.spec, wasRunning)
		s.await(l, deadline(sh))
	}
	s.terminated(c, l, publish)
}

// terminateParallel stops all simple_one_for_one children at once, then
// waits for them against one common deadline (OTP: asynchronous and
// parallel, in no particular order).
func (s *supervisor) terminateParallel() {
	type stopping struct {
		c *child
		l *link
	}
	var all []stopping
	sh := s.template.shutdown()
	for _, c := range s.children {
		c.cancelRetry()
		l := c.link
		if l == nil {
			continue
		}
		wasRunning := c.status == Running
		c.link, c.status = nil, Stopped
		l.handled = true
		if sh == BrutalKill {
			s.kill(l)
		} else {
			s.requestStop(l, &c.spec, wasRunning)
		}
		all = append(all, stopping{c, l})
	}
	dl := deadline(sh)
	for _, x := range all {
		if sh != BrutalKill {
			s.await(x.l, dl)
		}
		s.terminated(x.c, x.l, true)
	}
	s.children = s.children[:0]
	clear(s.byID)
	clear(s.byName)
}

func (s *supervisor) terminated(c *child, l *link, publish bool) {
	reason := l.exitReason()
	c.exitReason = reason
	if publish {
		s.publish(&ChildTerminated{Supervisor: s.self, ID: c.spec.ID, PID: l.pid, Reason: reason})
	}
	s.log.Debug("child terminated", zap.String("child", c.spec.ID), zap.Error(reason))
}

// requestStop asks a process to stop with reason shutdown. A running
// nested supervisor gets a stopRequest message so that it shuts its own
// children down in order; everything else gets protoactor's Stop.
func (s *supervisor) requestStop(l *link, spec *ChildSpec, running bool) {
	l.setReason(Shutdown)
	if spec.nested && running {
		l.stopAsked.Store(true)
		l.proc.SendUserMessage(l.pid, &stopRequest{})
		if !l.crashed.Load() {
			return
		}
	}
	l.stop()
}

// deadline turns a Shutdown into an absolute deadline; the zero time
// means wait forever.
func deadline(sh ShutdownPolicy) time.Time {
	if sh == Infinity {
		return time.Time{}
	}
	return time.Now().Add(time.Duration(sh))
}

// await waits for l's process to end, killing it at the deadline.
func (s *supervisor) await(l *link, dl time.Time) {
	if dl.IsZero() {
		<-l.done
		return
	}
	t := time.NewTimer(time.Until(dl))
	defer t.Stop()
	select {
	case <-l.done:
	case <-t.C:
		s.log.Warn("child did not stop within its shutdown timeout; killing it", zap.String("child", l.id))
		s.kill(l)
	}
}

// kill is BrutalKill (see its documentation for what that means in Go).
func (s *supervisor) kill(l *link) {
	if !l.kill(s.sys) {
		// It had already finished its Stopping handler and is leaving on
		// its own, without running more of the actor's code.
		<-l.done
		return
	}
	s.log.Warn("child brutally killed; if it is stuck in the actor's code its goroutine stays blocked (leaked) until that code returns",
		zap.String("child", l.id))
	// A killed process never sends its Terminated; send ourselves the one
	// protoactor would have, so its PID leaves our children set.
	if self, ok := s.sys.ProcessRegistry.GetLocal(s.self.Id); ok {
		self.SendSystemMessage(s.self, &actor.Terminated{Who: l.pid})
	}
}
