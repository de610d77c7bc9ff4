package chaos

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"net/http"
	"os"
	"runtime"
	"slices"
	"sync"
	"time"

	"go.uber.org/zap"

	"github.com/mactor/mactor/bridge/client"
	"github.com/mactor/mactor/internal/resources"
	bridgev1 "github.com/mactor/mactor/messages/bridge/v1"
	"github.com/mactor/mactor/sim/cluster"
)

// run is one chaos run in progress.
type run struct {
	cfg    Config
	log    *zap.Logger
	start  time.Time
	plan   []Planned
	dir    string
	eng    *engineProc
	st     *statusClient
	obs    *observer
	ledger *OfferLedger
	inv    *invariants
	sim    *cluster.Cluster
	load   *client.Client
	stats  workloadStats

	// The tree every fault must leave as it found it.
	spec treeShape
	// Baseline after warm-up.
	baseGoroutines float64
	baseRSS        int64

	mu         sync.Mutex
	cursor     uint64 // timeline cursor of the current engine process
	events     []timelineEvent
	counts     map[string]int // timeline events by kind, over every process
	watermarks map[string]uint64
	faultLog   []FaultLog
	recoveries []float64
	faults     int
	restarts   int // SIGKILL restarts
	lost       int64
	// the calls' totals when the final checks ran (the sim's shutdown
	// sends a few more, unchecked)
	sent, acked, rejected int64
	timelineOK            bool
}

// Run runs the chaos test of cfg and returns its report. An error means the
// run could not be carried out (a bad config, an engine that would not
// start); a failed invariant is in the report (Verdict "fail").
func Run(ctx context.Context, cfg Config) (*Report, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	cfg = cfg.withDefaults()
	if cfg.EngineBinary == "" {
		exe, err := os.Executable()
		if err != nil {
			return nil, fmt.Errorf("%w: %w", ErrEngine, err)
		}
		cfg.EngineBinary = exe
	}
	r := &run{cfg: cfg, log: cfg.Logger, plan: cfg.Plan(), ledger: NewOfferLedger(), inv: newInvariants(),
		counts: map[string]int{}, watermarks: map[string]uint64{}}
	dir, err := os.MkdirTemp("", "mactor-chaos-")
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrEngine, err)
	}
	r.dir = dir
	defer os.RemoveAll(dir)
	for _, p := range r.plan {
		r.log.Info("scheduled fault", zap.Duration("at", p.At()), zap.String("kind", string(p.Kind)))
	}
	if r.eng, err = newEngineProc(cfg.EngineBinary, cfg.EngineArgs, dir); err != nil {
		return nil, err
	}
	if err := r.eng.start(ctx); err != nil {
		return nil, r.withLog(err)
	}
	defer r.eng.stop(10 * time.Second)
	r.st = newStatusClient(r.eng.status)
	r.start = time.Now()
	r.obs = newObserver(nil, cfg.HookDeadline, r.ledger, r.start)
	if err := r.startWorkload(); err != nil {
		return nil, err
	}
	rep := r.body(ctx)
	return rep, nil
}

// withLog adds the tail of the engine's log to an engine error.
func (r *run) withLog(err error) error {
	b, _ := os.ReadFile(r.eng.logPath)
	if len(b) > 4000 {
		b = b[len(b)-4000:]
	}
	return fmt.Errorf("%w\nengine log (tail):\n%s", err, b)
}

func (r *run) startWorkload() error {
	var err error
	r.sim, err = cluster.Start(cluster.Config{MasterListen: "127.0.0.1:0", Bridge: r.eng.listen, Agents: r.cfg.Agents,
		FakeTasks: true, FakeDuration: 2 * time.Second, HookDeadline: r.cfg.HookDeadline, BridgeHTTP: r.obs.client(),
		HeartbeatInterval: 5 * time.Second, Logger: r.log.Named("sim")})
	if err != nil {
		return fmt.Errorf("%w: sim: %w", ErrEngine, err)
	}
	r.load = client.New(client.Config{Addr: r.eng.listen, SessionID: fmt.Sprintf("chaos-load-%d-%d", r.cfg.Seed, r.start.UnixNano()),
		HTTP: r.obs.client(), BackoffInitial: 10 * time.Millisecond, BackoffMax: 500 * time.Millisecond, HookDeadline: r.cfg.HookDeadline})
	return r.setQuota()
}

// quotaCPUsPerAgent is the frameworks' role's cpu limit per agent of the
// starting cluster (agents have 4 cpus by default): the role can never
// hold the whole cluster, so the allocator's limit is exercised and the
// ledger checks it.
const quotaCPUsPerAgent = 2

// setQuota limits the frameworks' role (updateQuota on the load session)
// before any framework subscribes — and after the sim's recover (on its
// own session) is applied, since recover sets the quotas anew.
func (r *run) setQuota() error {
	limits := map[string]float64{"cpus": float64(quotaCPUsPerAgent * r.cfg.Agents)}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if !poll(ctx, 30*time.Second, 10*time.Millisecond, func() bool { return r.obs.acknowledgedType(bridgev1.Call_RECOVER) }) {
		return fmt.Errorf("%w: the sim's recover was not acknowledged", ErrEngine)
	}
	if _, err := r.load.Send(ctx, client.UpdateQuotaCall(&bridgev1.Call_UpdateQuota{Role: frameworkRole, Quota: &bridgev1.Quota{Limits: limits}})); err != nil {
		return fmt.Errorf("%w: updateQuota: %w", ErrEngine, err)
	}
	r.ledger.SetLimits(frameworkRole, resources.LimitsOf(limits))
	return nil
}

// body is the run after the engine and the sim are up: workload, warm-up,
// faults, quiet period, final checks.
func (r *run) body(ctx context.Context) *Report {
	ctx, cancel := context.WithTimeout(ctx, r.cfg.Duration+3*time.Minute)
	defer cancel()
	work, stopWork := context.WithCancel(ctx)
	var wg sync.WaitGroup
	rng := rand.New(rand.NewPCG(r.cfg.Seed, 0x776f726b)) // "work"
	for i := range r.cfg.Frameworks {
		f := &framework{master: r.sim.MasterAddr(), name: fmt.Sprintf("chaos-fw%d", i), rng: rand.New(rand.NewPCG(rng.Uint64(), uint64(i))),
			hc: &http.Client{}, log: r.log.Named("framework"), stats: &r.stats}
		wg.Add(1)
		go func() { defer wg.Done(); f.run(work) }()
	}
	wg.Add(3)
	go func() { defer wg.Done(); r.loadLoop(work) }()
	go func() { defer wg.Done(); r.churn(work, rand.New(rand.NewPCG(rng.Uint64(), 1))) }()
	poll, stopPoll := context.WithCancel(ctx)
	go func() { defer wg.Done(); r.poller(poll) }()
	progress, stopProgress := context.WithCancel(ctx)
	progressDone := make(chan struct{})
	go func() { defer close(progressDone); r.progress(progress) }()

	warmup, quiet := r.cfg.phases()
	r.sleepUntil(ctx, warmup)
	r.takeBaseline(ctx)
	r.faultLoop(ctx)
	end := r.cfg.Duration
	r.sleepUntil(ctx, end-quiet/2)
	r.checkBaseline(ctx, end)
	stopWork()
	r.final(ctx, r.drain(ctx))
	stopPoll()
	wg.Wait()
	r.sim.Close()
	_ = r.load.Close()
	stopProgress()
	<-progressDone
	return r.report(ctx)
}

// sleepUntil waits until at from the start of the run.
func (r *run) sleepUntil(ctx context.Context, at time.Duration) {
	d := time.Until(r.start.Add(at))
	if d <= 0 {
		return
	}
	select {
	case <-ctx.Done():
	case <-time.After(d):
	}
}

func (r *run) elapsed() time.Duration { return time.Since(r.start) }

// progress reports the run's state about once a second.
func (r *run) progress(ctx context.Context) {
	if r.cfg.Progress == nil {
		return
	}
	t := time.NewTicker(time.Second)
	defer t.Stop()
	warmup, quiet := r.cfg.phases()
	for {
		el := r.elapsed()
		phase := "faults"
		switch {
		case el < warmup:
			phase = "warm-up"
		case el >= r.cfg.Duration-quiet:
			phase = "quiet"
		}
		r.mu.Lock()
		p := Progress{Elapsed: el, Duration: r.cfg.Duration, Phase: phase, Faults: len(r.faultLog), Planned: len(r.plan), Restarts: r.restarts}
		r.mu.Unlock()
		p.EventsAcked = r.obs.ackedTotal()
		r.cfg.Progress(p)
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// versions reads the engine's version (GET /health).
func (r *run) version(ctx context.Context) string {
	var h struct {
		Version any `json:"version"`
	}
	if err := r.st.do(ctx, "GET", "/health", nil, &h); err != nil {
		return "unknown"
	}
	switch v := h.Version.(type) {
	case string:
		return v
	case map[string]any:
		if s, ok := v["version"].(string); ok {
			return s
		}
	}
	return fmt.Sprint(h.Version)
}

func (r *run) report(ctx context.Context) *Report {
	r.mu.Lock()
	defer r.mu.Unlock()
	rep := &Report{Seed: r.cfg.Seed, DurationS: r.cfg.Duration.Seconds(), Rate: r.cfg.Rate, StartedAt: r.start.UTC().Format(time.RFC3339),
		Version: r.version(ctx), GoVersion: runtime.Version(), FaultKinds: r.cfg.Kinds, Schedule: r.plan,
		Faults: r.faults, Restarts: r.counts["restart"], Escalations: r.counts["escalation"], DeadLetters: r.counts["dead_letter"],
		FaultLog: slices.Clone(r.faultLog), RecoveryMS: percentiles(r.recoveries), Invariants: map[string]string{}, Verdict: "pass"}
	hooks := r.obs.hookStats()
	rep.Fallbacks = max(r.counts["fallback"], hooks.fallbacks+hooks.engineFallbacks)
	rep.EventsSent, rep.EventsAcked, rep.EventsReject = r.sent, r.acked, r.rejected
	rep.EventsLost = r.lost
	for i, n := range r.obs.throughput() {
		rep.Throughput = append(rep.Throughput, Rate{TS: i, EventsPerS: float64(n)})
	}
	// Empty lists are [] in the JSON, never null.
	if rep.FaultLog == nil {
		rep.FaultLog = []FaultLog{}
	}
	if rep.Schedule == nil {
		rep.Schedule = []Planned{}
	}
	if rep.Throughput == nil {
		rep.Throughput = []Rate{}
	}
	for _, inv := range r.inv.order {
		v := "pass"
		if inv.first != "" {
			v, rep.Verdict = "fail", "fail"
		}
		rep.Invariants[inv.name] = v
		rep.Details = append(rep.Details, Detail{Name: inv.name, Description: inv.desc, Verdict: v, Checks: inv.checks, FirstFailure: inv.first})
	}
	return rep
}

// errTimeline is a status port without GET /state/timeline.
var errTimeline = errors.New("the engine has no GET /state/timeline")
