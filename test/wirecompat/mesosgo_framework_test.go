package wirecompat

import (
	"context"
	"errors"
	"fmt"
	"os"
	"sync"
	"time"

	mesos "github.com/mesos/mesos-go/api/v1/lib"
	"github.com/mesos/mesos-go/api/v1/lib/encoding"
	"github.com/mesos/mesos-go/api/v1/lib/extras/scheduler/callrules"
	"github.com/mesos/mesos-go/api/v1/lib/extras/scheduler/controller"
	"github.com/mesos/mesos-go/api/v1/lib/extras/scheduler/eventrules"
	"github.com/mesos/mesos-go/api/v1/lib/extras/store"
	"github.com/mesos/mesos-go/api/v1/lib/httpcli"
	"github.com/mesos/mesos-go/api/v1/lib/httpcli/httpsched"
	mgresources "github.com/mesos/mesos-go/api/v1/lib/resources"
	"github.com/mesos/mesos-go/api/v1/lib/scheduler"
	"github.com/mesos/mesos-go/api/v1/lib/scheduler/calls"
	"github.com/mesos/mesos-go/api/v1/lib/scheduler/events"
)

// Errors of the framework's handlers.
var (
	// errUnexpectedState: a task state other than TASK_RUNNING or
	// TASK_FINISHED.
	errUnexpectedState = errors.New("unexpected task state")
	// errFailover ends the first subscription on purpose: the framework
	// then subscribes again with its framework id.
	errFailover = errors.New("failover drill: leaving the first subscription")
)

// failoverTimeout is the framework's failover_timeout: long enough that
// the master keeps it across the resubscription.
const failoverTimeout = time.Minute

// mesosGoFramework is a scheduler written the way mesos-go's v1 library
// is meant to be used, with nothing of mactor's: httpcli with a codec,
// httpsched's caller (Mesos-Stream-Id, 307s, reconnection), callrules to
// stamp the framework id on calls, and controller.Run with eventrules
// handlers (TrackSubscription, AckStatusUpdates).
//
// In its first subscription it launches one task per offer until it has
// launched tasks, declines every other offer, and leaves (its handler
// returns errFailover) once its tasks have finished and it has declined
// at least one offer. The controller then subscribes again with the
// framework id; on that stream any UPDATE is one the master resent
// because an acknowledgement did not match, since the master sends
// unacknowledged updates on a resubscription before anything else. At
// the first OFFERS event there it declines them and tears itself down.
//
// With an executor codec, each task runs on its own custom executor, the
// test binary as mesosGoExecutor; the framework then also waits for each
// executor's FAILURE event (its exit) before leaving the first stream.
type mesosGoFramework struct {
	tasks         int
	executorCodec encoding.MediaType // "": command tasks
	caller        calls.Caller
	fid           store.Singleton

	mu            sync.Mutex
	subscriptions int                          // SUBSCRIBED events so far
	ids           []string                     // framework id of each SUBSCRIBED
	events        map[scheduler.Event_Type]int // all events, both subscriptions
	heartbeat     float64                      // SUBSCRIBED's heartbeat_interval_seconds
	launched      int
	running       map[string]bool
	finished      map[string]bool
	declined      int
	resent        int              // UPDATE events in the second subscription
	exits         map[string]int32 // executor id → wait status, from FAILURE
	ended         []error          // why each subscription ended
	tornDown      bool
	runErr        error
}

// newMesosGoFramework makes a framework that calls the master at endpoint
// (a /api/v1/scheduler URL) in the codec's encoding; its tasks run on
// mesosGoExecutor speaking executorCodec, or are command tasks when it is
// empty.
func newMesosGoFramework(endpoint string, codec encoding.Codec, tasks int, executorCodec encoding.MediaType) *mesosGoFramework {
	f := &mesosGoFramework{
		tasks:         tasks,
		executorCodec: executorCodec,
		exits:         map[string]int32{},
		fid:           store.NewInMemorySingleton(),
		events:        map[scheduler.Event_Type]int{},
		running:       map[string]bool{},
		finished:      map[string]bool{},
	}
	cli := httpcli.New(httpcli.Endpoint(endpoint), httpcli.Codec(codec))
	sched := httpsched.NewCaller(cli, httpsched.MaxRedirects(2), httpsched.AllowReconnection(true))
	f.caller = callrules.WithFrameworkID(store.GetIgnoreErrors(f.fid)).Caller(sched)
	return f
}

// Run subscribes twice (the second time with the framework id) and
// handles events until the second subscription ends (after the teardown,
// the master closes the stream) or ctx is done.
func (f *mesosGoFramework) Run(ctx context.Context) {
	info := &mesos.FrameworkInfo{
		User:            "wirecompat",
		Name:            "mesos-go",
		Roles:           []string{"wirecompat"},
		Capabilities:    []mesos.FrameworkInfo_Capability{{Type: mesos.FrameworkInfo_Capability_MULTI_ROLE}},
		FailoverTimeout: float64ptr(failoverTimeout.Seconds()),
	}
	// Two registration tokens, then a closed channel: Run makes two
	// subscriptions and returns when the second ends.
	tokens := make(chan struct{}, 2)
	tokens <- struct{}{}
	tokens <- struct{}{}
	close(tokens)
	err := controller.Run(ctx, info, f.caller,
		controller.WithEventHandler(f.handler()),
		controller.WithFrameworkID(store.GetIgnoreErrors(f.fid)),
		controller.WithRegistrationTokens(tokens),
		controller.WithSubscriptionTerminated(func(err error) {
			f.mu.Lock()
			f.ended = append(f.ended, err)
			f.mu.Unlock()
		}),
	)
	f.mu.Lock()
	f.runErr = err
	f.mu.Unlock()
}

func (f *mesosGoFramework) handler() events.Handler {
	return eventrules.New(
		f.count,
		controller.LiftErrors().DropOnError(),
	).Handle(events.Handlers{
		scheduler.Event_SUBSCRIBED: controller.TrackSubscription(f.fid, failoverTimeout).AndThen().HandleF(f.subscribed),
		scheduler.Event_OFFERS:     eventrules.HandleF(f.offers),
		scheduler.Event_UPDATE:     controller.AckStatusUpdates(f.caller).AndThen().HandleF(f.update),
		scheduler.Event_FAILURE:    eventrules.HandleF(f.failure),
	}.Otherwise(events.NoopHandler.HandleEvent))
}

// count is an eventrules.Rule counting every event by type.
func (f *mesosGoFramework) count(ctx context.Context, e *scheduler.Event, err error, ch eventrules.Chain) (context.Context, *scheduler.Event, error) {
	f.mu.Lock()
	f.events[e.GetType()]++
	f.mu.Unlock()
	return ch(ctx, e, err)
}

func (f *mesosGoFramework) subscribed(_ context.Context, e *scheduler.Event) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.subscriptions++
	f.ids = append(f.ids, e.GetSubscribed().GetFrameworkID().GetValue())
	f.heartbeat = e.GetSubscribed().GetHeartbeatIntervalSeconds()
	return nil
}

func (f *mesosGoFramework) offers(ctx context.Context, e *scheduler.Event) error {
	f.mu.Lock()
	second, done := f.subscriptions > 1, f.tornDown
	f.mu.Unlock()
	if done {
		return nil
	}
	var decline []mesos.OfferID
	for _, o := range e.GetOffers().GetOffers() {
		f.mu.Lock()
		launch := !second && f.launched < f.tasks
		if launch {
			f.launched++
		}
		n := f.launched
		f.mu.Unlock()
		if !launch {
			decline = append(decline, o.ID)
			continue
		}
		task, err := f.task(o, n)
		if err != nil {
			return err
		}
		accept := calls.Accept(calls.OfferOperations{calls.OpLaunch(task)}.WithOffers(o.ID))
		if err := calls.CallNoData(ctx, f.caller, accept); err != nil {
			return fmt.Errorf("ACCEPT %s: %w", o.ID.Value, err)
		}
	}
	if len(decline) > 0 {
		if err := calls.CallNoData(ctx, f.caller, calls.Decline(decline...).With(calls.RefuseSeconds(time.Hour))); err != nil {
			return fmt.Errorf("DECLINE: %w", err)
		}
		f.mu.Lock()
		f.declined += len(decline)
		f.mu.Unlock()
	}
	if second {
		return f.tearDown(ctx)
	}
	return f.maybeFailover()
}

// task is the n-th task, on offer o.
func (f *mesosGoFramework) task(o mesos.Offer, n int) (mesos.TaskInfo, error) {
	// A MULTI_ROLE framework says which role's offer it uses.
	res := func() []mesos.Resource {
		rs := []mesos.Resource{mgresources.NewCPUs(0.1).Resource, mgresources.NewMemory(16).Resource}
		for i := range rs {
			rs[i].AllocationInfo = o.AllocationInfo
		}
		return rs
	}
	task := mesos.TaskInfo{
		Name:      "mesos-go",
		TaskID:    mesos.TaskID{Value: fmt.Sprintf("mesos-go-%d", n)},
		AgentID:   o.AgentID,
		Resources: res(),
	}
	if f.executorCodec == "" {
		task.Command = &mesos.CommandInfo{Value: strptr("true")}
		return task, nil
	}
	self, err := os.Executable()
	if err != nil {
		return task, fmt.Errorf("executor binary: %w", err)
	}
	task.Executor = &mesos.ExecutorInfo{
		Type:       mesos.ExecutorInfo_CUSTOM,
		ExecutorID: mesos.ExecutorID{Value: fmt.Sprintf("mesos-go-executor-%d", n)},
		Name:       strptr("mesos-go executor"),
		Resources:  res(),
		Command: &mesos.CommandInfo{
			Value: strptr(self),
			Environment: &mesos.Environment{Variables: []mesos.Environment_Variable{
				{Name: executorEnv, Value: strptr(string(f.executorCodec))},
			}},
		},
	}
	return task, nil
}

// failure records an executor's exit.
func (f *mesosGoFramework) failure(_ context.Context, e *scheduler.Event) error {
	fl := e.GetFailure()
	if fl.GetExecutorID() == nil {
		return nil // an agent's failure
	}
	f.mu.Lock()
	f.exits[fl.GetExecutorID().Value] = fl.GetStatus()
	f.mu.Unlock()
	return f.maybeFailover()
}

func (f *mesosGoFramework) update(_ context.Context, e *scheduler.Event) error {
	st := e.GetUpdate().GetStatus()
	id := st.GetTaskID().Value
	f.mu.Lock()
	if f.subscriptions > 1 {
		f.resent++
		f.mu.Unlock()
		return nil
	}
	switch st.GetState() {
	case mesos.TASK_RUNNING:
		f.running[id] = true
	case mesos.TASK_FINISHED:
		f.finished[id] = true
	default:
		f.mu.Unlock()
		return fmt.Errorf("%w: %s %s (%s)", errUnexpectedState, id, st.GetState(), st.GetMessage())
	}
	f.mu.Unlock()
	return f.maybeFailover()
}

// maybeFailover ends the first subscription once every task has finished
// (and its updates are acknowledged: AckStatusUpdates runs before the
// handler), an offer has been declined and, with executors, each
// executor has exited.
func (f *mesosGoFramework) maybeFailover() error {
	f.mu.Lock()
	defer f.mu.Unlock()
	exited := f.executorCodec == "" || len(f.exits) == f.tasks
	if f.subscriptions == 1 && len(f.finished) == f.tasks && f.declined > 0 && exited {
		return errFailover
	}
	return nil
}

// tearDown sends TEARDOWN; the master then closes the stream.
func (f *mesosGoFramework) tearDown(ctx context.Context) error {
	// mesos-go 0.0.6 has no builder for TEARDOWN; callrules adds the id.
	if err := calls.CallNoData(ctx, f.caller, &scheduler.Call{Type: scheduler.Call_TEARDOWN}); err != nil {
		return fmt.Errorf("TEARDOWN: %w", err)
	}
	f.mu.Lock()
	f.tornDown = true
	f.mu.Unlock()
	return nil
}

// frameworkID is the id the master gave in SUBSCRIBED.
func (f *mesosGoFramework) frameworkID() string { return store.GetIgnoreErrors(f.fid)() }

func strptr(s string) *string { return &s }

func float64ptr(v float64) *float64 { return &v }
