package engine

import (
	"context"
	"fmt"
	"time"

	"github.com/asynkron/protoactor-go/actor"
	"go.uber.org/zap"

	"github.com/mactor/mactor/actors/agent"
	"github.com/mactor/mactor/actors/allocator"
	"github.com/mactor/mactor/actors/framework"
	"github.com/mactor/mactor/actors/hooks"
	"github.com/mactor/mactor/actors/registry"
	"github.com/mactor/mactor/bridge"
	"github.com/mactor/mactor/bridge/owner"
	"github.com/mactor/mactor/internal/version"
	bridgev1 "github.com/mactor/mactor/messages/bridge/v1"
	mesos "github.com/mactor/mactor/messages/mesos"
	"github.com/mactor/mactor/supervisor"
)

// allocatorChild is the allocator actor's child id under `allocation`
// (the registry holds the id "allocator").
const allocatorChild = "offers"

// startTree builds the hooks and the bridge, starts the supervision tree,
// binds the bridge to it and recovers every owner.
func (e *Engine) startTree() error {
	handler, settings, err := e.hookHandler()
	if err != nil {
		return err
	}
	if e.hooks, err = hooks.New(e.system, handler, settings, e.hookMetrics()); err != nil {
		return fmt.Errorf("%w: %w", ErrBadConfig, err)
	}
	bcfg := e.cfg.Bridge
	bcfg.MaxBody, bcfg.HeartbeatInterval = e.cfg.MaxBody, e.cfg.HeartbeatInterval
	bcfg.Logger, bcfg.Registerer = e.log.Named("bridge"), e.reg
	bcfg.UnsafeAckBeforeDurable = e.cfg.UnsafeAckBeforeFsync
	if e.cfg.AlligatorCallback != "" {
		bcfg.AlligatorCallback = e.cfg.AlligatorCallback
	}
	e.bridge = bridge.New(e.system, e.store, e.epoch, e.hooks, version.Version, bcfg)

	// Owners tell the allocator actor about every durable change; it
	// forwards them to OnRecordChanged, and owners compact their journals
	// only as far as it holds them (docs/allocator.md).
	marks := allocator.NewMarks()
	ocfg := owner.Config{Store: e.store, Epoch: e.epoch, Logger: e.log.Named("owner"),
		Notify: actor.NewPID(e.system.Address(), "root/allocation/"+allocatorChild), Compacted: marks.Compacted,
		UnsafeAckBeforeDurable: e.cfg.UnsafeAckBeforeFsync}
	opts := allocator.DefaultOptions()
	opts.AllocationInterval = e.cfg.AllocationInterval
	acfg := allocator.ActorConfig{
		Store: e.store, Publisher: e.bridge.Hub(), Policy: e.cfg.AllocatorPolicy, Debug: e.cfg.AllocatorDebug,
		Options: &opts, Marks: marks, Metrics: allocator.NewMetrics(e.reg), Logger: e.log.Named("allocator"),
	}
	// Records are copied into the notifications only for OnRecordChanged.
	ocfg.EventsOnly = e.cfg.OnRecordChanged == nil
	if e.cfg.OnRecordChanged != nil {
		fn := e.cfg.OnRecordChanged
		acfg.Forward = e.system.Root.Spawn(actor.PropsFromFunc(func(ctx actor.Context) {
			if m, ok := ctx.Message().(*owner.RecordChanged); ok {
				fn(m)
			}
		}))
	}
	log := supervisor.WithLogger(e.log.Named("supervisor"))
	allocation := supervisor.Spec{
		Strategy: supervisor.RestForOne,
		Children: []supervisor.ChildSpec{
			{ID: "allocator", Start: registry.Producer(ocfg)},
			framework.Spec(ocfg, supervisor.WithIntensity(100, 10*time.Second), e.mailboxOption("frameworks")).ChildSpec("frameworks"),
			agent.Spec(ocfg, supervisor.WithIntensity(100, 10*time.Second), e.mailboxOption("agents")).ChildSpec("agents"),
			// Last: its restart restarts no owner; it rebuilds from its
			// own journal and the owners' streams.
			{ID: allocatorChild, Start: allocator.Producer(acfg), Shutdown: supervisor.Timeout(30 * time.Second)},
		},
		Options: []supervisor.Option{supervisor.WithIntensity(5, 10*time.Second), e.mailboxOption("allocation")},
	}
	bridgeTree := supervisor.Spec{
		Strategy: supervisor.OneForOne,
		Children: []supervisor.ChildSpec{
			e.bridge.SessionsSpec(supervisor.WithIntensity(100, 10*time.Second), e.mailboxOption("sessions")).ChildSpec("sessions"),
			{ID: "listener", Start: e.listenerProducer(), Shutdown: supervisor.Timeout(e.cfg.ShutdownGrace + time.Second)},
		},
		Options: []supervisor.Option{supervisor.WithIntensity(5, 10*time.Second), e.mailboxOption("bridge")},
	}
	root := supervisor.Spec{
		Strategy: supervisor.OneForOne,
		Children: []supervisor.ChildSpec{
			{ID: "store", Start: func(string) actor.Actor { return &storeWatch{e: e} }},
			allocation.ChildSpec("allocation"),
			e.hooks.Spec(supervisor.WithIntensity(50, 10*time.Second), supervisor.WithBackoff(50*time.Millisecond, 5*time.Second), e.mailboxOption("hooks")).ChildSpec("hooks"),
			bridgeTree.ChildSpec("bridge"),
			// Hosted Scheduler / Executor behaviours are added here at run
			// time (Handle.AddChild), by whoever embeds the engine.
			supervisor.Spec{Strategy: supervisor.OneForOne, Options: []supervisor.Option{supervisor.WithIntensity(10, 10*time.Second), e.mailboxOption("behaviours")}}.ChildSpec("behaviours"),
		},
		Options: []supervisor.Option{supervisor.WithIntensity(3, 30*time.Second), log, e.mailboxOption("root")},
	}
	// The listener serves only once the bridge is bound (ready); until then
	// its handler answers 503.
	if e.root, err = supervisor.Start(e.system, "root", root); err != nil {
		return fmt.Errorf("engine: supervision tree: %w", err)
	}
	return e.bind()
}

func (e *Engine) bind() error {
	alloc, err := e.root.Supervisor("allocation")
	if err != nil {
		return fmt.Errorf("engine: %w", err)
	}
	bt, err := e.root.Supervisor("bridge")
	if err != nil {
		return fmt.Errorf("engine: %w", err)
	}
	sessions, err := bt.Supervisor("sessions")
	if err != nil {
		return fmt.Errorf("engine: %w", err)
	}
	hs, err := e.root.Supervisor("hooks")
	if err != nil {
		return fmt.Errorf("engine: %w", err)
	}
	if err := e.hooks.Bind(hs); err != nil {
		return fmt.Errorf("engine: %w", err)
	}
	if err := e.bridge.Bind(alloc, sessions); err != nil {
		return fmt.Errorf("engine: %w", err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	start := time.Now()
	if err := e.bridge.Router().StartAll(ctx); err != nil {
		return fmt.Errorf("engine: recovering owners: %w", err)
	}
	e.log.Info("owners recovered", zap.Duration("took", time.Since(start)))
	e.ready.Store(true)
	return nil
}

// hookHandler combines the Go HookPolicy and the YAML rules.
func (e *Engine) hookHandler() (hooks.Handler, hooks.Settings, error) {
	settings := hooks.Settings{Default: hooks.Setting{Deadline: e.cfg.HookDeadline}}
	var hs []hooks.Handler
	if e.cfg.HookPolicy != nil {
		hs = append(hs, hooks.Adapt(e.cfg.HookPolicy))
	}
	if e.cfg.HooksConfig != "" {
		hc, err := hooks.LoadConfig(e.cfg.HooksConfig)
		if err != nil {
			return nil, settings, fmt.Errorf("%w: %w", ErrBadConfig, err)
		}
		settings = hc.Settings(e.cfg.HookDeadline)
		rules, err := hc.Handler(e.lookupFramework)
		if err != nil {
			return nil, settings, fmt.Errorf("%w: %w", ErrBadConfig, err)
		}
		hs = append(hs, rules)
	}
	return hooks.Chain(hs...), settings, nil
}

// lookupFramework finds a FrameworkInfo in the framework actors' records.
func (e *Engine) lookupFramework(ctx context.Context, id string) *mesos.FrameworkInfo {
	if e.bridge == nil || e.bridge.Router() == nil || owner.ValidID(id) != nil {
		return nil
	}
	k := owner.Key{Kind: owner.Framework, ID: id}
	if e.bridge.Router().Known(k) == nil {
		return nil // not a framework this engine knows: do not create it
	}
	rec, err := e.bridge.Record(ctx, k)
	if err != nil {
		return nil
	}
	return rec.(*bridgev1.FrameworkRecord).GetFrameworkInfo()
}
