package engine

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"go.uber.org/zap"
)

// Fault kinds of POST /debug/faults (mactor serve --faults; docs/operator.md,
// "Fault injection").
const (
	FaultPanicFramework = "panic-framework"
	FaultPanicAgent     = "panic-agent"
	FaultPanicHook      = "panic-hook"
	FaultPanicAllocator = "panic-allocator"
	FaultPanicSession   = "panic-session"
	FaultBrutalKill     = "brutal-kill"
	FaultSlowHandler    = "slow-handler"
	FaultDropConns      = "drop-connections"
	FaultEscalate       = "escalate"
)

// FaultKinds lists every fault kind, in the order GET /debug/faults shows
// them.
var FaultKinds = []string{
	FaultPanicFramework, FaultPanicAgent, FaultPanicHook, FaultPanicAllocator, FaultPanicSession,
	FaultBrutalKill, FaultSlowHandler, FaultDropConns, FaultEscalate,
}

// faultDescriptions says, per kind, what the fault does (GET /debug/faults).
var faultDescriptions = map[string]string{
	FaultPanicFramework: "a framework actor panics in its Receive (owner.Crash); it is restarted in place from its journal",
	FaultPanicAgent:     "an agent actor panics in its Receive (owner.Crash); it is restarted in place from its journal",
	FaultPanicHook:      "a hook actor panics in its Receive; calls fall back while it restarts (with the hooks supervisor's backoff)",
	FaultPanicAllocator: "the allocator actor panics in its Receive (allocator.Crash); it rebuilds from its journal and the owners' streams",
	FaultPanicSession:   "a module session's actor panics in its Receive (bridge.CrashSession); its calls in flight get 503 and are resent",
	FaultBrutalKill:     "a worker is brutally killed by its supervisor (Handle.KillChild: no Stopping handler, its mailbox is lost) and restarted as a new process",
	FaultSlowHandler:    "an actor blocks for duration_ms inside its Receive (supervisor.InjectDelay); its mailbox backs up meanwhile",
	FaultDropConns:      "the bridge closes every open module connection and ends the SUBSCRIBE stream; the listener keeps accepting",
	FaultEscalate:       "one child of a supervisor is crashed until that supervisor exceeds its restart intensity; its parent restarts it once (one level)",
}

// Errors of fault injection; the HTTP endpoint maps them to 403, 400 and
// 404.
var (
	// ErrFaultsOff: the engine was started without Config.Faults.
	ErrFaultsOff = errors.New("fault injection is off: start mactor serve with --faults (never in production)")
	// ErrFaultRequest: unknown kind or bad parameters.
	ErrFaultRequest = errors.New("bad fault request")
	// ErrNoFaultTarget: no such target, or no actor of the kind running.
	ErrNoFaultTarget = errors.New("no fault target")
)

// maxFaultDelay bounds slow-handler's duration_ms.
const maxFaultDelay = time.Minute

// FaultRequest is the body of POST /debug/faults.
type FaultRequest struct {
	// Kind is one of FaultKinds.
	Kind string `json:"kind"`
	// Target is an actor path from GET /debug/faults (e.g.
	// "root/allocation/frameworks/fw-1"); empty picks one at random with
	// Seed among the kind's current targets.
	Target string `json:"target,omitempty"`
	// Seed drives the random choices (target, child of an escalation).
	Seed int64 `json:"seed,omitempty"`
	// DurationMS is how long slow-handler blocks the actor (1..60000).
	DurationMS int `json:"duration_ms,omitempty"`
}

// FaultResult answers a fault that was injected.
type FaultResult struct {
	Kind       string `json:"kind"`
	Target     string `json:"target"`
	InjectedAt string `json:"injected_at"` // RFC 3339 with nanoseconds
	// Detail says what was done (e.g. how many crashes an escalation took).
	Detail string `json:"detail,omitempty"`
}

// FaultTargets is the answer of GET /debug/faults.
type FaultTargets struct {
	Enabled      bool                `json:"enabled"`
	Kinds        []string            `json:"kinds"`
	Targets      map[string][]string `json:"targets"`
	Descriptions map[string]string   `json:"descriptions"`
}

// faultInjector serves /debug/faults.
type faultInjector struct {
	e        *Engine
	injected *prometheus.CounterVec
	killing  killWatch
}

// withFaults puts /debug/faults in front of the status handler next. The
// endpoint answers 403 unless Config.Faults is set.
func (e *Engine) withFaults(next http.Handler) http.Handler {
	f := &faultInjector{e: e, injected: prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "mactor_faults_injected_total",
		Help: "Faults injected through POST /debug/faults (mactor serve --faults), by kind.",
	}, []string{"kind"})}
	if err := e.reg.Register(f.injected); err != nil {
		e.log.Warn("registering the fault metric", zap.Error(err))
	}
	if e.cfg.Faults {
		for _, k := range FaultKinds {
			f.injected.WithLabelValues(k)
		}
		f.killing.watch(e)
		e.log.Warn("fault injection is on (--faults): POST /debug/faults crashes actors on request; never use this in production")
	}
	e.faults = f
	mux := http.NewServeMux()
	mux.Handle("/debug/faults", f)
	mux.Handle("/", next)
	return mux
}

// ServeHTTP answers GET and POST /debug/faults.
func (f *faultInjector) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet && r.Method != http.MethodPost {
		w.Header().Set("Allow", "GET, POST")
		http.Error(w, "method not allowed: GET lists the fault kinds and targets, POST injects one", http.StatusMethodNotAllowed)
		return
	}
	if !f.e.cfg.Faults {
		http.Error(w, ErrFaultsOff.Error(), http.StatusForbidden)
		return
	}
	if r.Method == http.MethodGet {
		ctx, cancel := context.WithTimeout(r.Context(), 10*time.Second)
		defer cancel()
		writeJSON(w, f.e.FaultTargets(ctx))
		return
	}
	var req FaultRequest
	dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, 64<<10))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&req); err != nil {
		http.Error(w, fmt.Sprintf("bad fault request body: %v; want {\"kind\": K, \"target\": \"\", \"seed\": N, \"duration_ms\": N}", err), http.StatusBadRequest)
		return
	}
	ctx, cancel := context.WithTimeout(r.Context(), 2*time.Minute)
	defer cancel()
	res, err := f.e.InjectFault(ctx, req)
	switch {
	case err == nil:
		writeJSON(w, res)
	case errors.Is(err, ErrFaultsOff):
		http.Error(w, err.Error(), http.StatusForbidden)
	case errors.Is(err, ErrFaultRequest):
		http.Error(w, err.Error(), http.StatusBadRequest)
	case errors.Is(err, ErrNoFaultTarget):
		http.Error(w, err.Error(), http.StatusNotFound)
	default:
		http.Error(w, err.Error(), http.StatusInternalServerError)
	}
}

func writeJSON(w http.ResponseWriter, v any) {
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(v)
}

// FaultTargets lists the fault kinds and, per kind, the actors a fault of
// that kind can hit right now.
func (e *Engine) FaultTargets(ctx context.Context) FaultTargets {
	out := FaultTargets{Enabled: e.cfg.Faults, Kinds: FaultKinds, Targets: map[string][]string{}, Descriptions: faultDescriptions}
	for _, k := range FaultKinds {
		ts, _ := e.faultTargets(ctx, k)
		paths := make([]string, 0, len(ts))
		for _, t := range ts {
			paths = append(paths, t.path)
		}
		out.Targets[k] = paths
	}
	return out
}

// InjectFault injects one fault (Config.Faults must be set): it records
// it on the timeline and in mactor_faults_injected_total, then triggers
// it through the actors' own mechanisms. It returns once the fault is
// triggered (an escalation: once the parent has restarted the supervisor);
// the recovery is the tree's business and shows in /state/tree.
func (e *Engine) InjectFault(ctx context.Context, req FaultRequest) (FaultResult, error) {
	if !e.cfg.Faults || e.faults == nil {
		return FaultResult{}, ErrFaultsOff
	}
	if _, ok := faultDescriptions[req.Kind]; !ok {
		return FaultResult{}, fmt.Errorf("%w: unknown kind %q; kinds: %v", ErrFaultRequest, req.Kind, FaultKinds)
	}
	delay := time.Duration(req.DurationMS) * time.Millisecond
	if req.Kind == FaultSlowHandler && (delay <= 0 || delay > maxFaultDelay) {
		return FaultResult{}, fmt.Errorf("%w: %s needs duration_ms between 1 and %d", ErrFaultRequest, req.Kind, maxFaultDelay.Milliseconds())
	}
	if req.Kind != FaultSlowHandler && req.DurationMS != 0 {
		return FaultResult{}, fmt.Errorf("%w: duration_ms is for %s only", ErrFaultRequest, FaultSlowHandler)
	}
	t, err := e.pickFaultTarget(ctx, req)
	if err != nil {
		return FaultResult{}, err
	}
	// Recorded first, so that the timeline shows the fault before the
	// restarts it causes.
	at := time.Now()
	e.faults.injected.WithLabelValues(req.Kind).Inc()
	e.Record(EventFault, t.path, req.Kind)
	detail, err := e.faults.inject(ctx, req, t, delay)
	if err != nil {
		e.Record(EventFault, t.path, req.Kind+" failed: "+err.Error())
		return FaultResult{}, fmt.Errorf("engine: %s on %s: %w", req.Kind, t.path, err)
	}
	e.log.Warn("fault injected", zap.String("kind", req.Kind), zap.String("target", t.path), zap.String("detail", detail))
	return FaultResult{Kind: req.Kind, Target: t.path, InjectedAt: at.UTC().Format(time.RFC3339Nano), Detail: detail}, nil
}
