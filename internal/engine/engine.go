package engine

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"sync"
	"time"

	"github.com/asynkron/protoactor-go/actor"
	"go.uber.org/zap"

	"github.com/mactor/mactor/internal/logging"
	"github.com/mactor/mactor/internal/version"
)

// Engine is a started mactor process. Create it with Start and end it with
// Stop; Done is closed when it has stopped for any reason.
type Engine struct {
	cfg    Config
	log    *zap.Logger
	system *actor.ActorSystem

	bridgeLn, httpLn net.Listener
	bridgeSrv        *http.Server
	statusSrv        *http.Server

	stopOnce sync.Once
	done     chan struct{}
	err      error
}

// Start validates cfg, opens the data directory and starts listening. It
// returns once both listeners are bound, so the addresses are usable.
func Start(cfg Config, log *zap.Logger) (*Engine, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	if log == nil {
		log = zap.NewNop()
	}
	if err := os.MkdirAll(cfg.DataDir, 0o750); err != nil {
		return nil, fmt.Errorf("engine: data dir: %w", err)
	}
	e := &Engine{cfg: cfg, log: log, done: make(chan struct{})}
	var err error
	if e.bridgeLn, err = net.Listen("tcp", cfg.Listen); err != nil {
		return nil, fmt.Errorf("engine: bridge listener: %w", err)
	}
	if e.httpLn, err = net.Listen("tcp", cfg.HTTP); err != nil {
		_ = e.bridgeLn.Close()
		return nil, fmt.Errorf("engine: status listener: %w", err)
	}
	e.system = actor.NewActorSystem(logging.ActorSystemOption(log))
	e.bridgeSrv = &http.Server{Handler: e.bridgeMux(), ReadHeaderTimeout: 10 * time.Second}
	e.statusSrv = &http.Server{Handler: e.statusMux(), ReadHeaderTimeout: 10 * time.Second}
	var wg sync.WaitGroup
	wg.Add(2)
	go e.serve(&wg, e.bridgeSrv, e.bridgeLn, "bridge")
	go e.serve(&wg, e.statusSrv, e.httpLn, "status")
	go func() { wg.Wait(); close(e.done) }()
	log.Info("mactor engine started",
		zap.String("bridge", e.BridgeAddr()), zap.String("status", e.StatusAddr()),
		zap.String("data", cfg.DataDir), zap.String("version", version.Version))
	return e, nil
}

func (e *Engine) serve(wg *sync.WaitGroup, srv *http.Server, ln net.Listener, name string) {
	defer wg.Done()
	if err := srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
		e.log.Error("listener failed", zap.String("listener", name), zap.Error(err))
		e.err = err
		go e.Stop(context.Background())
	}
}

// BridgeAddr is the bound address of the bridge listener.
func (e *Engine) BridgeAddr() string { return e.bridgeLn.Addr().String() }

// StatusAddr is the bound address of the status HTTP server.
func (e *Engine) StatusAddr() string { return e.httpLn.Addr().String() }

// System is the engine's actor system.
func (e *Engine) System() *actor.ActorSystem { return e.system }

// Done is closed once the engine has stopped.
func (e *Engine) Done() <-chan struct{} { return e.done }

// Err is the reason the engine stopped on its own, or nil.
func (e *Engine) Err() error {
	<-e.done
	return e.err
}

// Stop shuts the listeners down gracefully (bounded by ctx) and stops the
// actor system. It is safe to call more than once.
func (e *Engine) Stop(ctx context.Context) {
	e.stopOnce.Do(func() {
		_ = e.bridgeSrv.Shutdown(ctx)
		_ = e.statusSrv.Shutdown(ctx)
		e.system.Shutdown()
		e.log.Info("mactor engine stopped")
	})
	<-e.done
}

func (e *Engine) health(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		http.Error(w, "method not allowed: use GET", http.StatusMethodNotAllowed)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(map[string]any{"status": "ok", "version": version.Get()})
}

func (e *Engine) statusMux() *http.ServeMux {
	mux := http.NewServeMux()
	mux.HandleFunc("/health", e.health)
	return mux
}

func (e *Engine) bridgeMux() *http.ServeMux {
	mux := http.NewServeMux()
	mux.HandleFunc("/health", e.health)
	return mux
}
