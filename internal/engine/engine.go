package engine

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"
	"time"

	"github.com/asynkron/protoactor-go/actor"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"go.uber.org/zap"

	"github.com/mactor/mactor/actors/hooks"
	"github.com/mactor/mactor/bridge"
	"github.com/mactor/mactor/bridge/owner"
	"github.com/mactor/mactor/internal/logging"
	"github.com/mactor/mactor/internal/version"
	"github.com/mactor/mactor/supervisor"
	"github.com/mactor/mactor/supervisor/journal"
)

// Engine is a started mactor process. Create it with Start and end it with
// Stop; Done is closed when it has stopped for any reason.
type Engine struct {
	cfg    Config
	log    *zap.Logger
	system *actor.ActorSystem
	reg    *prometheus.Registry
	store  *journal.Bolt
	epoch  *owner.Epoch
	hooks  *hooks.Hooks
	bridge *bridge.Server
	root   *supervisor.Handle
	obs    observability  // timeline, lifecycle metrics, start time (state.go)
	faults *faultInjector // /debug/faults (faults.go)

	bridgeLn, httpLn net.Listener
	bridgeAddr       string
	statusSrv        *http.Server

	ready    atomic.Bool
	stopOnce sync.Once
	done     chan struct{}
	errMu    sync.Mutex
	err      error
}

// Start validates cfg, opens the journal under the data directory, binds
// both listeners, and starts the supervision tree (docs/architecture.md):
//
//	root        one_for_one
//	├── store       worker: watches the journal (opened before the tree)
//	├── allocation  rest_for_one: allocator (the registry), frameworks, agents
//	├── hooks       one_for_one: one actor per hook
//	├── bridge      one_for_one: sessions, listener
//	└── behaviours  one_for_one: hosted behaviours (empty until added)
//
// Every framework and agent with a record is started (and so recovered)
// before the bridge answers its first call. Start returns once both
// listeners are bound and the bridge answers.
func Start(cfg Config, log *zap.Logger) (*Engine, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	cfg = cfg.withDefaults()
	if log == nil {
		log = zap.NewNop()
	}
	if err := os.MkdirAll(cfg.DataDir, 0o750); err != nil {
		return nil, fmt.Errorf("engine: data dir: %w", err)
	}
	e := &Engine{cfg: cfg, log: log, done: make(chan struct{}), epoch: &owner.Epoch{}}
	var err error
	if e.store, err = journal.OpenBolt(filepath.Join(cfg.DataDir, journal.DefaultFileName), journal.WithLogger(log.Named("journal")), e.obs.fsyncObserver()); err != nil {
		return nil, fmt.Errorf("engine: journal: %w", err)
	}
	if err := e.listen(); err != nil {
		_ = e.store.Close()
		return nil, err
	}
	e.system = actor.NewActorSystem(logging.ActorSystemOption(log))
	e.reg = prometheus.NewRegistry()
	e.reg.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	e.obs.start(e) // lifecycle metrics and timeline (observability.go)
	if err := e.startTree(); err != nil {
		e.abort()
		return nil, err
	}
	e.statusSrv = &http.Server{Handler: e.withFaults(e.statusMux()), ReadHeaderTimeout: 10 * time.Second}
	go func() {
		if err := e.statusSrv.Serve(e.httpLn); err != nil && !errors.Is(err, http.ErrServerClosed) {
			e.fail(fmt.Errorf("engine: status listener: %w", err))
		}
	}()
	go func() {
		<-e.root.Done()
		if err := e.root.Err(); err != nil {
			e.fail(fmt.Errorf("engine: supervision tree gave up: %w", err))
		}
	}()
	log.Info("mactor engine started",
		zap.String("bridge", e.BridgeAddr()), zap.String("status", e.StatusAddr()),
		zap.String("data", cfg.DataDir), zap.String("version", version.Version))
	return e, nil
}

func (e *Engine) listen() error {
	var err error
	if e.bridgeLn, err = net.Listen("tcp", e.cfg.Listen); err != nil {
		return fmt.Errorf("engine: bridge listener: %w", err)
	}
	e.bridgeAddr = e.bridgeLn.Addr().String()
	if e.httpLn, err = net.Listen("tcp", e.cfg.HTTP); err != nil {
		_ = e.bridgeLn.Close()
		return fmt.Errorf("engine: status listener: %w", err)
	}
	return nil
}

// abort releases what Start acquired when the tree does not come up.
func (e *Engine) abort() {
	if e.root != nil {
		_ = e.root.Stop()
	}
	if e.bridge != nil {
		e.bridge.Close()
	}
	if e.bridgeLn != nil {
		_ = e.bridgeLn.Close()
	}
	_ = e.httpLn.Close()
	_ = e.store.Close()
	e.system.Shutdown()
	close(e.done)
}

// BridgeAddr is the bound address of the bridge listener.
func (e *Engine) BridgeAddr() string { return e.bridgeAddr }

// StatusAddr is the bound address of the status HTTP server.
func (e *Engine) StatusAddr() string { return e.httpLn.Addr().String() }

// System is the engine's actor system.
func (e *Engine) System() *actor.ActorSystem { return e.system }

// Bridge is the engine's bridge (its Hub publishes offers).
func (e *Engine) Bridge() *bridge.Server { return e.bridge }

// Hooks is the engine's way to the hook actors.
func (e *Engine) Hooks() *hooks.Hooks { return e.hooks }

// Root is the root supervisor.
func (e *Engine) Root() *supervisor.Handle { return e.root }

// Metrics is the registry of the engine's metrics (served on /metrics).
func (e *Engine) Metrics() *prometheus.Registry { return e.reg }

// Done is closed once the engine has stopped.
func (e *Engine) Done() <-chan struct{} { return e.done }

// Err is the reason the engine stopped on its own, or nil.
func (e *Engine) Err() error {
	<-e.done
	e.errMu.Lock()
	defer e.errMu.Unlock()
	return e.err
}

// fail records why the engine must stop and stops it.
func (e *Engine) fail(err error) {
	e.errMu.Lock()
	if e.err == nil {
		e.err = err
	}
	e.errMu.Unlock()
	e.log.Error("engine failing", zap.Error(err))
	go e.Stop(context.Background())
}

// Stop shuts the engine down: the bridge refuses new calls and answers
// those in flight (bounded by ShutdownGrace), the tree stops in reverse
// start order, the status server stops (bounded by ctx), and the journal
// is closed once everything queued is durable. It is safe to call more
// than once.
func (e *Engine) Stop(ctx context.Context) {
	e.stopOnce.Do(func() {
		e.bridge.BeginShutdown()
		if err := e.root.Stop(); err != nil && !errors.Is(err, supervisor.ErrNoSupervisor) {
			e.log.Warn("stopping the supervision tree", zap.Error(err))
		}
		_ = e.statusSrv.Shutdown(ctx)
		e.bridge.Close()
		if err := e.store.Close(); err != nil {
			e.log.Warn("closing the journal", zap.Error(err))
		}
		e.system.Shutdown()
		e.log.Info("mactor engine stopped")
		close(e.done)
	})
	<-e.done
}
