package bench

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"os"
	"path/filepath"
	"runtime"
	"sync"
	"time"

	"google.golang.org/protobuf/proto"

	"github.com/mactor/mactor/actors/hooks"
	"github.com/mactor/mactor/bridge/bridgetest"
	"github.com/mactor/mactor/bridge/client"
	"github.com/mactor/mactor/internal/engine"
	"github.com/mactor/mactor/messages/alligator"
	bridgev1 "github.com/mactor/mactor/messages/bridge/v1"
	mesos "github.com/mactor/mactor/messages/mesos"
)

// labeller is the hook every variant answers: add one label to the task's.
type labeller struct{ hooks.NoChange }

func (labeller) SlaveRunTaskLabelDecorator(_ context.Context, c *bridgev1.Call_SlaveRunTaskLabelDecorator) (*mesos.Labels, error) {
	k, v := "decorated", "yes"
	return &mesos.Labels{Labels: append(c.GetTaskInfo().GetLabels().GetLabels(), &mesos.Label{Key: &k, Value: &v})}, nil
}

// Env is a started engine and what the measurements share.
type Env struct {
	Engine *engine.Engine
	dir    string
	tmp    bool
	http   *http.Client
}

// Start starts an engine for the benchmarks (journal under dataDir, or a
// temporary directory when empty).
func Start(dataDir string) (*Env, error) {
	env := &Env{dir: dataDir}
	if dataDir == "" {
		d, err := os.MkdirTemp("", "mactor-bench-")
		if err != nil {
			return nil, err
		}
		env.dir, env.tmp = d, true
	}
	e, err := engine.Start(engine.Config{
		Listen: "127.0.0.1:0", HTTP: "127.0.0.1:0", DataDir: filepath.Join(env.dir, "data"), HookPolicy: labeller{},
	}, nil)
	if err != nil {
		env.Close()
		return nil, err
	}
	env.Engine = e
	env.http = &http.Client{Transport: &http.Transport{MaxIdleConns: 256, MaxIdleConnsPerHost: 256}}
	return env, nil
}

// Close stops the engine and removes a temporary directory.
func (env *Env) Close() {
	if env.Engine != nil {
		env.Engine.Stop(context.Background())
	}
	if env.http != nil {
		env.http.CloseIdleConnections()
	}
	if env.tmp {
		_ = os.RemoveAll(env.dir)
	}
}

// Run measures everything and writes progress to log (may be nil).
func Run(ctx context.Context, o Options, log io.Writer) (Result, error) {
	o = o.withDefaults()
	if log == nil {
		log = io.Discard
	}
	env, err := Start(o.DataDir)
	if err != nil {
		return Result{}, err
	}
	defer env.Close()
	res := Result{Events: o.Events, Owners: o.Owners, CPUs: runtime.GOMAXPROCS(0)}

	fmt.Fprintln(log, "side by side: the same hook, sequential calls ...")
	native, err := env.Native(ctx, o.Samples)
	if err != nil {
		return res, err
	}
	mp, err := env.Multipart(ctx, o.Samples)
	if err != nil {
		return res, err
	}
	fe, err := env.ForkExec(ctx, max(o.Samples/5, 20))
	if err != nil {
		return res, err
	}
	res.NativeRTTP50us, res.MultipartRTTP50us, res.ForkExecRTTP50us = percentile(native, 50), percentile(mp, 50), percentile(fe, 50)
	if res.NativeRTTP50us > 0 {
		res.MultipartRatio = res.MultipartRTTP50us / res.NativeRTTP50us
		res.ForkExecRatio = res.ForkExecRTTP50us / res.NativeRTTP50us
	}
	for _, rate := range o.HookRates {
		fmt.Fprintf(log, "hook round trip at %d calls/s for %s ...\n", rate, o.HookDuration)
		l, err := env.Paced(ctx, rate, o.HookDuration, o.Workers)
		if err != nil {
			return res, err
		}
		res.Loads = append(res.Loads, l)
		res.HookRTTP50us, res.HookRTTP99us = l.P50us, l.P99us
	}
	top := o.HookRates[len(o.HookRates)-1]
	fmt.Fprintf(log, "floor: bare net/http echo at %d calls/s ...\n", top)
	floor, err := Floor(ctx, top, o.HookDuration, o.Workers)
	if err != nil {
		return res, err
	}
	res.FloorP50us, res.FloorP99us = floor.P50us, floor.P99us
	fmt.Fprintf(log, "durable one-way events: %d over %d agents ...\n", o.Events, o.Owners)
	if res.EventsPerSec, err = env.Events(ctx, o.Events, o.Owners); err != nil {
		return res, err
	}
	return res, nil
}

func hookCall() *bridgev1.Call {
	return bridgetest.Sample(bridgev1.Call_SLAVE_RUN_TASK_LABEL_DECORATOR, 1)
}

func (env *Env) client(cfg client.Config) *client.Client {
	cfg.Addr, cfg.HTTP = env.Engine.BridgeAddr(), env.http
	return client.New(cfg)
}

// Native times n sequential hook calls over the native bridge.
func (env *Env) Native(ctx context.Context, n int) ([]time.Duration, error) {
	c := env.client(client.Config{})
	defer c.Close()
	out := make([]time.Duration, 0, n)
	call := hookCall()
	for i := 0; i < n; i++ {
		start := time.Now()
		res, err := c.Hook(ctx, call)
		if err != nil {
			return nil, err
		}
		if len(res.GetLabels().GetLabels()) != 2 {
			return nil, fmt.Errorf("native hook answered %v", res)
		}
		out = append(out, time.Since(start))
	}
	return out, nil
}

// Multipart times n sequential calls of the same hook over alligator's
// multipart path.
func (env *Env) Multipart(ctx context.Context, n int) ([]time.Duration, error) {
	in := hookCall().GetSlaveRunTaskLabelDecorator()
	value, err := proto.MarshalOptions{AllowPartial: true}.Marshal(&alligator.SlaveRunTaskLabelDecorator{
		TaskInfo: in.GetTaskInfo(), FrameworkInfo: in.GetFrameworkInfo(), SlaveInfo: in.GetSlaveInfo(),
	})
	if err != nil {
		return nil, err
	}
	url := "http://" + env.Engine.BridgeAddr() + "/"
	out := make([]time.Duration, 0, n)
	for i := 0; i < n; i++ {
		start := time.Now()
		var body bytes.Buffer
		mw := multipart.NewWriter(&body)
		_ = mw.WriteField("type", "SlaveRunTaskLabelDecorator")
		_ = mw.WriteField("value", string(value))
		_ = mw.Close()
		req, err := http.NewRequestWithContext(ctx, http.MethodPost, url, &body)
		if err != nil {
			return nil, err
		}
		req.Header.Set("Content-Type", mw.FormDataContentType())
		resp, err := env.http.Do(req)
		if err != nil {
			return nil, err
		}
		b, err := io.ReadAll(resp.Body)
		resp.Body.Close()
		var labels mesos.Labels
		if err != nil || resp.StatusCode != http.StatusOK || proto.Unmarshal(b, &labels) != nil || len(labels.GetLabels()) != 2 {
			return nil, fmt.Errorf("multipart hook answered %d %q (%v)", resp.StatusCode, b, err)
		}
		out = append(out, time.Since(start))
	}
	return out, nil
}

// forkScript answers the label decorator as a criteo command would.
const forkScript = `#!/bin/sh
printf '{"labels":[{"key":"existing","value":"yes"},{"key":"decorated","value":"yes"}]}' > "$2"
`

// ForkExec times n calls of the same hook answered the criteo way: the
// call written to a temporary file, a shell script forked and run, its
// output file read and parsed.
func (env *Env) ForkExec(ctx context.Context, n int) ([]time.Duration, error) {
	script := filepath.Join(env.dir, "label.sh")
	if err := os.WriteFile(script, []byte(forkScript), 0o755); err != nil {
		return nil, err
	}
	cmd := hooks.Command{Path: "/bin/sh", Args: []string{script}, Dir: env.dir}
	out := make([]time.Duration, 0, n)
	call := hookCall()
	for i := 0; i < n; i++ {
		start := time.Now()
		res, err := cmd.Run(ctx, call)
		if err != nil {
			return nil, err
		}
		if len(res.GetLabels().GetLabels()) != 2 {
			return nil, fmt.Errorf("fork/exec hook answered %v", res)
		}
		out = append(out, time.Since(start))
	}
	return out, nil
}

// Paced calls the hook at rate calls/s for d, from workers goroutines, and
// measures each call from when it was due.
func (env *Env) Paced(ctx context.Context, rate int, d time.Duration, workers int) (Load, error) {
	c := env.client(client.Config{})
	defer c.Close()
	// One call per worker, built once: the load generator shares the cores
	// with the engine, so it must not spend them building calls.
	calls := make(chan *bridgev1.Call, workers)
	for i := 0; i < workers; i++ {
		c := hookCall()
		c.SessionId = "bench"
		calls <- c
	}
	return pace(rate, d, workers, func() (bool, error) {
		call := <-calls
		defer func() { calls <- call }()
		res, err := c.Hook(ctx, call)
		return res.GetFallback(), err
	})
}

// pace runs do at rate calls/s for d from workers goroutines. Each call
// is measured from when it was due, or from when the pacer handed it over
// if the pacer itself woke up late: a wait for a free worker counts, the
// pacer's own lateness does not. do reports whether the answer was a
// fallback.
func pace(rate int, d time.Duration, workers int, do func() (bool, error)) (Load, error) {
	n := int(float64(rate) * d.Seconds())
	due := make(chan [2]time.Time, n)
	lat := make([][]time.Duration, workers)
	fallbacks := make([]int, workers)
	errs := make(chan error, workers)
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for t := range due {
				fb, err := do()
				if err != nil {
					errs <- err
					for range due {
					}
					return
				}
				if fb {
					fallbacks[w]++
				}
				from := t[0]
				if t[1].After(from) {
					from = t[1]
				}
				lat[w] = append(lat[w], time.Since(from))
			}
		}()
	}
	start := time.Now()
	interval := time.Second / time.Duration(rate)
	for i := 0; i < n; i++ {
		t := start.Add(time.Duration(i) * interval)
		if wait := time.Until(t); wait > 0 {
			time.Sleep(wait)
		}
		due <- [2]time.Time{t, time.Now()}
	}
	close(due)
	wg.Wait()
	took := time.Since(start)
	select {
	case err := <-errs:
		return Load{}, err
	default:
	}
	var all []time.Duration
	fb := 0
	for w := range lat {
		all = append(all, lat[w]...)
		fb += fallbacks[w]
	}
	return Load{
		Rate: rate, Calls: len(all), Achieved: float64(len(all)) / took.Seconds(),
		P50us: percentile(all, 50), P99us: percentile(all, 99), MaxUs: percentile(all, 100), Fallbacks: fb,
	}, nil
}

// Events sends n durable one-way calls spread over owners agents (after
// adding them, untimed) and returns the acknowledged calls per second.
func (env *Env) Events(ctx context.Context, n, owners int) (float64, error) {
	c := env.client(client.Config{})
	defer c.Close()
	var ps []*client.Pending
	for i := 0; i < owners; i++ {
		p, err := c.Go(ctx, bridgetest.Sample(bridgev1.Call_ADD_SLAVE, i))
		if err != nil {
			return 0, err
		}
		ps = append(ps, p)
	}
	for _, p := range ps {
		if _, err := p.Result(ctx); err != nil {
			return 0, err
		}
	}
	calls := make([]*bridgev1.Call, n)
	for i := range calls {
		typ := bridgev1.Call_ACTIVATE_SLAVE
		if i%2 == 1 {
			typ = bridgev1.Call_DEACTIVATE_SLAVE
		}
		calls[i] = bridgetest.Sample(typ, i%owners)
	}
	pending := make(chan *client.Pending, 1<<16)
	errc := make(chan error, 1)
	start := time.Now()
	go func() {
		defer close(pending)
		for _, call := range calls {
			p, err := c.Go(ctx, call)
			if err != nil {
				errc <- err
				return
			}
			pending <- p
		}
	}()
	for p := range pending {
		if _, err := p.Result(ctx); err != nil {
			return 0, err
		}
	}
	took := time.Since(start)
	select {
	case err := <-errc:
		return 0, err
	default:
	}
	return float64(n) / took.Seconds(), nil
}
