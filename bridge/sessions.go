package bridge

import (
	"context"
	"errors"
	"fmt"
	"sync"

	"github.com/asynkron/protoactor-go/actor"
	"github.com/asynkron/protoactor-go/eventstream"

	"github.com/mactor/mactor/bridge/owner"
	"github.com/mactor/mactor/supervisor"
	"github.com/mactor/mactor/supervisor/journal"
)

// MaxSessionIDLen bounds a module session id, in bytes.
const MaxSessionIDLen = 256

// Sessions finds (and starts on demand) the actor of a module session,
// under the `sessions` simple_one_for_one supervisor.
type Sessions struct {
	system *actor.ActorSystem
	deps   *sessionDeps
	sup    *supervisor.Handle

	mu   sync.RWMutex
	pids map[string]*sessionRef
	// live is the latest incarnation watched per session, kept across
	// forget (a crashed session restarts in place: same process, same
	// watch) until it is gone.
	live map[string]*sessionRef
	// supRef is the sessions supervisor's incarnation last watched.
	supRef *sessionRef
	// starts are the supervisor calls given up on and still waiting for
	// their timeout; Close waits for them.
	starts sync.WaitGroup
	sub    *eventstream.Subscription
}

// NewSessions prepares the session actors; start them with Spec under a
// supervisor, then call Bind.
func NewSessions(system *actor.ActorSystem, store journal.Store, epoch *owner.Epoch, cfg Config) *Sessions {
	cfg = cfg.withDefaults()
	return &Sessions{system: system, deps: &sessionDeps{cfg: cfg, store: store, epoch: epoch, m: newMetrics(nil)}, pids: map[string]*sessionRef{}, live: map[string]*sessionRef{}}
}

// Spec is the `sessions` simple_one_for_one supervisor.
func (s *Sessions) Spec(opts ...supervisor.Option) supervisor.Spec {
	return supervisor.Spec{
		Strategy: supervisor.SimpleOneForOne,
		Children: []supervisor.ChildSpec{{
			ID: "session", Restart: supervisor.Transient,
			Start: func(id string) actor.Actor { return newSession(owner.UnescapeChildName(id), s.deps) },
		}},
		Options: opts,
	}
}

// Bind attaches to the running `sessions` supervisor.
func (s *Sessions) Bind(sup *supervisor.Handle) {
	s.sup = sup
	s.sub = s.system.EventStream.Subscribe(func(e any) {
		switch ev := e.(type) {
		case *supervisor.ChildTerminated:
			if ev.Supervisor.Equal(sup.PID()) {
				s.forget(owner.UnescapeChildName(ev.ID))
			}
		case *supervisor.SupervisorStopped:
			if ev.Supervisor.Equal(sup.PID()) {
				s.forgetAll()
			}
		case *supervisor.ChildStarted:
			if ev.ID == "sessions" && ev.PID.Equal(sup.PID()) {
				s.forgetAll() // restarted: its children are gone
			}
		}
	})
}

// Close stops watching the supervisor; it waits for the calls to start a
// session that were given up on (at most the supervisor's call timeout).
func (s *Sessions) Close() {
	if s.sub != nil {
		s.system.EventStream.Unsubscribe(s.sub)
	}
	s.starts.Wait()
}

// ValidSessionID checks a module session id.
func ValidSessionID(id string) error {
	if err := owner.ValidID(id); err != nil || len(id) > MaxSessionIDLen {
		return fmt.Errorf("bad session_id %q: at most %d bytes of text", id, MaxSessionIDLen)
	}
	return nil
}

// PID returns the actor of session id, starting it (and so recovering its
// journal) if needed.
func (s *Sessions) PID(id string) (*actor.PID, error) {
	r, err := s.ref(id)
	if err != nil {
		return nil, err
	}
	return r.pid, nil
}

// ref returns the running incarnation of session id, starting it if
// needed.
func (s *Sessions) ref(id string) (*sessionRef, error) {
	s.mu.RLock()
	r := s.pids[id]
	s.mu.RUnlock()
	if r != nil {
		return r, nil
	}
	if s.sup == nil {
		return nil, fmt.Errorf("%w: sessions not started", ErrUnavailable)
	}
	pid, err := s.startChild(id)
	if err != nil && !errors.Is(err, supervisor.ErrAlreadyStarted) {
		return nil, fmt.Errorf("%w: session %s: %w", ErrUnavailable, id, err)
	}
	proc, _ := s.system.ProcessRegistry.Get(pid) // the dead-letter process if none
	s.mu.Lock()
	defer s.mu.Unlock()
	if r = s.live[id]; r == nil || r.proc != proc {
		r = watchProcess(s.system, pid, proc, s.gone(id))
		s.live[id] = r
	}
	s.pids[id] = r
	return r, nil
}

// LastApplied returns session id's durable watermark: every one of its
// calls up to it is applied.
func (s *Sessions) LastApplied(ctx context.Context, id string) (uint64, error) {
	pid, err := s.PID(id)
	if err != nil {
		return 0, err
	}
	done := make(chan uint64, 1)
	s.system.Root.Send(pid, &lastApplied{reply: func(w uint64) { done <- w }})
	select {
	case w := <-done:
		return w, nil
	case <-ctx.Done():
		return 0, fmt.Errorf("%w: session %s: %w", ErrTimeout, id, ctx.Err())
	}
}

// submit hands req to session id's current incarnation, and to no other:
// if that one stops before answering every call (a message still in its
// mailbox when it stops is dropped), req.gone tells the handler so.
func (s *Sessions) submit(id string, req *request) error {
	r, err := s.ref(id)
	if err != nil {
		return err
	}
	req.gone = r.gone
	r.proc.SendUserMessage(r.pid, &submit{req: req})
	return nil
}

// startChild starts session id under the current incarnation of the
// sessions supervisor. A supervisor that is shutting down (its intensity
// exceeded) drops the request with the rest of its mailbox when it stops,
// so the call would wait out the supervisor's call timeout: it is given up
// as soon as that incarnation is gone (the module resends, and by then its
// parent has started a new one).
func (s *Sessions) startChild(id string) (*actor.PID, error) {
	sup := s.supervisorRef()
	type result struct {
		pid *actor.PID
		err error
	}
	done := make(chan result, 1)
	s.starts.Go(func() {
		pid, err := s.sup.StartChild(owner.ChildName(id))
		done <- result{pid, err}
	})
	select {
	case r := <-done:
		return r.pid, r.err
	case <-sup.gone:
		select {
		case r := <-done:
			return r.pid, r.err
		default:
			return nil, ErrSupervisorGone
		}
	}
}

// supervisorRef returns the watched current incarnation of the sessions
// supervisor.
func (s *Sessions) supervisorRef() *sessionRef {
	pid := s.sup.PID()
	proc, _ := s.system.ProcessRegistry.Get(pid)
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.supRef == nil || s.supRef.proc != proc {
		s.supRef = watchProcess(s.system, pid, proc, func(*sessionRef) {})
	}
	return s.supRef
}

// gone returns what to do once an incarnation of session id is gone.
func (s *Sessions) gone(id string) func(*sessionRef) {
	return func(r *sessionRef) {
		s.mu.Lock()
		if s.live[id] == r {
			delete(s.live, id)
		}
		s.mu.Unlock()
	}
}

func (s *Sessions) forget(id string) {
	s.mu.Lock()
	delete(s.pids, id)
	s.mu.Unlock()
}

func (s *Sessions) forgetAll() {
	s.mu.Lock()
	clear(s.pids)
	s.mu.Unlock()
}
