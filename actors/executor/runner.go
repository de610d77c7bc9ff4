package executor

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/asynkron/protoactor-go/actor"
	"go.uber.org/zap"

	"github.com/mactor/mactor/actors/behaviour"
	"github.com/mactor/mactor/internal/mesoshttp"
	mesosv1 "github.com/mactor/mactor/messages/mesos/v1"
)

// runner is the running driver: it holds the subscription with the agent
// (one goroutine), sends calls (another goroutine), keeps the unacknowledged
// tasks and updates, and hosts the behaviour in a supervised actor.
type runner struct {
	sys    *actor.ActorSystem
	newB   func() Executor
	opt    options
	log    *zap.Logger
	env    Env
	client *mesoshttp.Client
	agent  *url.URL
	name   string
	store  StateStore

	ctx    context.Context
	cancel context.CancelFunc
	queue  *mesoshttp.Queue[*pending]
	loops  sync.WaitGroup
	end    behaviour.Ending // the result, once finish has run

	mu             sync.Mutex
	subscribed     bool
	registered     bool
	stopping       bool
	shuttingDown   bool
	shutdownReason error
	graceTimer     *time.Timer
	updates        []unacked           // unacknowledged updates, in the order sent
	updateSeq      uint64              // sequence number of the last update
	subscribeSeq   uint64              // last update included in the SUBSCRIBE in flight
	tasks          []*mesosv1.TaskInfo // launched, no update acknowledged yet

	host *behaviour.Host
}

var _ Driver = (*runner)(nil)

// Start subscribes the executor with its agent and hosts its behaviour in
// a supervised actor of system. It returns at once; Registered says when
// the agent has accepted the executor. Join waits for the end.
func Start(system *actor.ActorSystem, cfg Config, opts ...Option) (Driver, error) {
	if system == nil {
		return nil, fmt.Errorf("%w: nil actor system", ErrInvalidConfig)
	}
	if cfg.New == nil {
		return nil, fmt.Errorf("%w: New is nil", ErrInvalidConfig)
	}
	var env Env
	if cfg.Env != nil {
		env = *cfg.Env
	} else {
		var err error
		if env, err = EnvFromOS(); err != nil {
			return nil, err
		}
	}
	if env.FrameworkID == "" || env.ExecutorID == "" {
		return nil, fmt.Errorf("%w: Env needs FrameworkID and ExecutorID", ErrInvalidConfig)
	}
	if env.ShutdownGracePeriod <= 0 {
		env.ShutdownGracePeriod = DefaultShutdownGracePeriod
	}
	o := defaults()
	for _, opt := range opts {
		opt(&o)
	}
	if o.encoding != JSON && o.encoding != Protobuf {
		return nil, fmt.Errorf("%w: unknown encoding %v", ErrInvalidConfig, o.encoding)
	}
	agent, hc, err := agentURL(env, o.httpClient)
	if err != nil {
		return nil, err
	}
	r := &runner{
		sys:   system,
		newB:  cfg.New,
		opt:   o,
		env:   env,
		agent: agent,
		name:  o.name,
		store: o.store,
		queue: mesoshttp.NewQueue[*pending](),
	}
	if r.name == "" {
		r.name = "executor-" + strings.ReplaceAll(env.ExecutorID, "/", "_") + "-" + system.ProcessRegistry.NextID()
	}
	if r.store == nil {
		r.store = &MemoryStore{}
	}
	r.client = &mesoshttp.Client{HTTP: hc, UserAgent: "mactor-executor"}
	if env.AuthenticationToken != "" {
		r.client.Auth = mesoshttp.BearerToken(env.AuthenticationToken)
	}
	r.log = o.log.With(zap.String("executor", env.ExecutorID), zap.String("framework", env.FrameworkID))
	r.ctx, r.cancel = context.WithCancel(context.Background())
	h, err := startHost(r)
	if err != nil {
		r.cancel()
		return nil, err
	}
	r.host = h
	r.loops.Add(2)
	go r.sendLoop()
	go r.subscribeLoop()
	return r, nil
}

// Env implements Driver.
func (r *runner) Env() Env { return r.env }

// Stop implements Driver.
func (r *runner) Stop() error {
	r.mu.Lock()
	if r.stopping {
		r.mu.Unlock()
		return ErrStopped
	}
	r.stopping = true
	reason := r.shutdownReason
	r.mu.Unlock()
	err := r.flush()
	r.finish(reason, false)
	return err
}

// Abort implements Driver.
func (r *runner) Abort() error {
	r.mu.Lock()
	already := r.stopping
	r.stopping = true
	r.mu.Unlock()
	if already {
		return ErrStopped
	}
	r.finish(ErrAborted, false)
	return nil
}

// Join implements Driver.
func (r *runner) Join() error { return r.end.Join() }

// finish ends the driver with result (the first call decides); with drain
// the behaviour first handles what was delivered to it. It never blocks
// the caller.
func (r *runner) finish(result error, drain bool) {
	r.mu.Lock()
	r.stopping = true // from now on beginShutdown sets no grace timer
	if r.graceTimer != nil {
		r.graceTimer.Stop()
	}
	r.mu.Unlock()
	r.end.Finish(result, func() {
		if drain {
			r.host.Drain(r.opt.shutdownTimeout)
		}
		r.cancel()
		r.loops.Wait()
		for _, p := range r.queue.Close() {
			p.finish(r, ErrStopped)
		}
		r.host.Stop()
	})
}

// beginShutdown starts the end of the executor: the behaviour's Shutdown
// callback, then the grace period, after which the driver stops by itself.
// reason is nil for the agent's SHUTDOWN, or why the executor gives up.
func (r *runner) beginShutdown(reason error) {
	r.mu.Lock()
	if r.shuttingDown || r.stopping {
		r.mu.Unlock()
		return
	}
	r.shuttingDown = true
	r.shutdownReason = reason
	grace := r.env.ShutdownGracePeriod
	r.graceTimer = time.AfterFunc(grace, func() {
		r.log.Error("shutdown grace period expired; stopping", zap.Duration("grace", grace))
		err := fmt.Errorf("%w after %s", ErrShutdownTimeout, grace)
		if reason != nil {
			err = errors.Join(err, reason)
		}
		r.finish(err, false)
	})
	r.mu.Unlock()
	r.log.Info("shutting down", zap.Duration("grace", grace), zap.Error(reason))
	r.deliver(shutdown{})
}

// flush waits until the calls queued so far have been sent, at most one
// call timeout.
func (r *runner) flush() error {
	p := &pending{done: make(chan error, 1)}
	if !r.queue.Push(p) {
		return ErrStopped
	}
	t := time.NewTimer(r.opt.callTimeout)
	defer t.Stop()
	select {
	case err := <-p.done:
		return err
	case <-t.C:
		return fmt.Errorf("queued calls not sent within %s: %w", r.opt.callTimeout, context.DeadlineExceeded)
	case <-r.ctx.Done():
		return ErrStopped
	}
}

func (r *runner) isStopping() bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.stopping
}

// deliver sends a message to the behaviour's actor.
func (r *runner) deliver(msg any) { r.host.Send(msg) }
