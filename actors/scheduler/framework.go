package scheduler

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
	"google.golang.org/protobuf/proto"

	"github.com/mactor/mactor/actors/behaviour"
	"github.com/mactor/mactor/internal/mesoshttp"
	mesosv1 "github.com/mactor/mactor/messages/mesos/v1"
	schedulerv1 "github.com/mactor/mactor/messages/mesos/v1/scheduler"
)

// framework is the running driver: it holds the subscription (one
// goroutine), sends calls (another goroutine) and hosts the behaviour in a
// supervised actor. It implements Driver.
type framework struct {
	sys     *actor.ActorSystem
	newB    func() Scheduler
	opt     options
	log     *zap.Logger
	client  *mesoshttp.Client
	masters []*url.URL
	name    string
	store   StateStore

	ctx    context.Context // cancelled when the driver stops
	cancel context.CancelFunc
	queue  *mesoshttp.Queue[*pending]
	loops  sync.WaitGroup
	end    behaviour.Ending // the result, once finish has run

	mu          sync.Mutex
	info        *mesosv1.FrameworkInfo
	suppressed  []string
	constraints *schedulerv1.OfferConstraints
	frameworkID *mesosv1.FrameworkID
	streamID    string
	leader      *url.URL
	subscribed  bool
	registered  bool
	stopping    bool // no new calls, no reconnection

	host *behaviour.Host
}

var _ Driver = (*framework)(nil)

// Start subscribes the framework described by cfg and hosts its behaviour
// in a supervised actor of system. It returns at once; the behaviour's
// Registered callback says when the framework is subscribed. Stop, Abort
// or a fatal error end it; Join waits for that.
func Start(system *actor.ActorSystem, cfg Config, opts ...Option) (Driver, error) {
	if system == nil {
		return nil, fmt.Errorf("%w: nil actor system", ErrInvalidConfig)
	}
	if err := cfg.validate(); err != nil {
		return nil, err
	}
	masters, err := cfg.masterURLs()
	if err != nil {
		return nil, err
	}
	o := defaults()
	for _, opt := range opts {
		opt(&o)
	}
	if o.encoding != JSON && o.encoding != Protobuf {
		return nil, fmt.Errorf("%w: unknown encoding %v", ErrInvalidConfig, o.encoding)
	}
	f := &framework{
		sys:         system,
		newB:        cfg.New,
		opt:         o,
		log:         o.log,
		masters:     masters,
		name:        o.name,
		store:       o.store,
		queue:       mesoshttp.NewQueue[*pending](),
		info:        proto.Clone(cfg.Framework).(*mesosv1.FrameworkInfo),
		suppressed:  append([]string(nil), cfg.SuppressedRoles...),
		constraints: cfg.OfferConstraints,
	}
	if f.info.GetId().GetValue() != "" {
		f.frameworkID = proto.Clone(f.info.GetId()).(*mesosv1.FrameworkID)
	}
	if f.name == "" {
		f.name = "scheduler-" + sanitize(f.info.GetName()) + "-" + system.ProcessRegistry.NextID()
	}
	if f.store == nil {
		f.store = &MemoryStore{}
	}
	f.client = &mesoshttp.Client{HTTP: o.httpClient, Auth: o.auth, UserAgent: o.userAgent}
	f.log = f.log.With(zap.String("framework", f.info.GetName()), zap.String("actor", f.name))
	f.ctx, f.cancel = context.WithCancel(context.Background())

	h, err := startHost(f)
	if err != nil {
		f.cancel()
		return nil, err
	}
	f.host = h
	f.loops.Add(2)
	go f.sendLoop()
	go f.subscribeLoop()
	return f, nil
}

// sanitize keeps a framework name usable inside an actor name.
func sanitize(s string) string {
	s = strings.Map(func(r rune) rune {
		if r == '/' || r == ' ' || r == '$' || r == '#' {
			return '_'
		}
		return r
	}, s)
	if s == "" {
		return "framework"
	}
	return s
}

// FrameworkID implements Driver.
func (f *framework) FrameworkID() *mesosv1.FrameworkID {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.frameworkID == nil {
		return nil
	}
	return proto.Clone(f.frameworkID).(*mesosv1.FrameworkID)
}

// Stop implements Driver.
func (f *framework) Stop(failover bool) error {
	f.mu.Lock()
	if f.stopping {
		f.mu.Unlock()
		return ErrStopped
	}
	f.stopping = true
	subscribed := f.subscribed
	f.mu.Unlock()

	var err error
	if !failover {
		if subscribed {
			err = f.sendSync(&schedulerv1.Call{Type: schedulerv1.Call_TEARDOWN.Enum()})
		} else {
			err = fmt.Errorf("framework not torn down: %w", ErrNotSubscribed)
		}
	} else {
		err = f.flush()
	}
	f.finish(nil, false)
	return err
}

// Teardown implements Driver.
func (f *framework) Teardown() error { return f.Stop(false) }

// Abort implements Driver.
func (f *framework) Abort() error {
	f.mu.Lock()
	already := f.stopping
	f.stopping = true
	f.mu.Unlock()
	if already {
		return ErrStopped
	}
	f.finish(ErrAborted, false)
	return nil
}

// Join implements Driver.
func (f *framework) Join() error { return f.end.Join() }

// finish ends the driver with result (the first result wins): it cancels
// the subscription and the sender and stops the behaviour. With drain the
// behaviour first handles the events already delivered to it (the Error
// callback of an ERROR event, say). It never blocks the caller, so it is
// safe from callbacks and from the driver's own goroutines.
func (f *framework) finish(result error, drain bool) {
	f.mu.Lock()
	f.stopping = true
	f.mu.Unlock()
	f.end.Finish(result, func() {
		if drain {
			f.host.Drain(f.opt.shutdownTimeout)
		}
		f.cancel()
		f.loops.Wait()
		for _, p := range f.queue.Close() {
			p.finish(f, ErrStopped)
		}
		f.host.Stop()
	})
}

// sendSync queues call and waits for the master's answer.
func (f *framework) sendSync(call *schedulerv1.Call) error {
	if err := validate(call); err != nil {
		return err
	}
	p := &pending{call: call, done: make(chan error, 1)}
	if !f.queue.Push(p) {
		return ErrStopped
	}
	select {
	case err := <-p.done:
		return err
	case <-f.ctx.Done():
		return ErrStopped
	}
}

// flush waits until the calls queued so far have been sent (or failed),
// at most one call timeout.
func (f *framework) flush() error {
	p := &pending{done: make(chan error, 1)}
	if !f.queue.Push(p) {
		return ErrStopped
	}
	t := time.NewTimer(f.opt.callTimeout)
	defer t.Stop()
	select {
	case err := <-p.done:
		return err
	case <-t.C:
		return fmt.Errorf("queued calls not sent within %s: %w", f.opt.callTimeout, context.DeadlineExceeded)
	case <-f.ctx.Done():
		return ErrStopped
	}
}

// callFailed logs an asynchronous call failure and tells the behaviour.
func (f *framework) callFailed(call *schedulerv1.Call, err error) {
	f.log.Warn("call failed", zap.Stringer("call", call.GetType()), zap.Error(err))
	if !errors.Is(err, ErrStopped) {
		f.deliver(&callFailure{call: call, err: err})
	}
}

// deliver sends a message to the behaviour's actor.
func (f *framework) deliver(msg any) { f.host.Send(msg) }
