package hooks_test

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"sync/atomic"
	"testing"
	"time"

	"github.com/asynkron/protoactor-go/actor"

	"github.com/mactor/mactor/actors/hooks"
	"github.com/mactor/mactor/bridge/bridgetest"
	bridgev1 "github.com/mactor/mactor/messages/bridge/v1"
	"github.com/mactor/mactor/supervisor"
)

var startOfTest = time.Now()

func startHooks(t *testing.T, h hooks.Handler, s hooks.Settings) (*hooks.Hooks, *hooks.Metrics) {
	t.Helper()
	sys := actor.NewActorSystem(
		actor.WithLoggerFactory(func(*actor.ActorSystem) *slog.Logger { return slog.New(slog.NewTextHandler(io.Discard, nil)) }),
		actor.WithDeadLetterThrottleInterval(10*time.Millisecond),
	)
	t.Cleanup(sys.Shutdown)
	m := hooks.NewMetrics(nil)
	hs, err := hooks.New(sys, h, s, m)
	if err != nil {
		t.Fatal(err)
	}
	sup, err := supervisor.Start(sys, "hooks", hs.Spec(supervisor.WithIntensity(100, time.Second), supervisor.WithBackoff(20*time.Millisecond, time.Second)))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = sup.Stop() })
	if err := hs.Bind(sup); err != nil {
		t.Fatal(err)
	}
	return hs, m
}

func TestAskAnswersAndFallsBack(t *testing.T) {
	var running atomic.Int64
	block := make(chan struct{})
	h := hooks.HandlerFunc(func(ctx context.Context, c *bridgev1.Call) (*bridgev1.HookResult, error) {
		switch c.GetType() {
		case bridgev1.Call_MASTER_SLAVE_LOST_HOOK:
			return nil, errors.New("agent unknown")
		case bridgev1.Call_SLAVE_POST_FETCH_HOOK:
			running.Add(1)
			<-block
			return nil, nil
		case bridgev1.Call_ISOLATOR_CLEANUP:
			panic("bug")
		}
		return nil, nil
	})
	hs, m := startHooks(t, h, hooks.Settings{
		Default: hooks.Setting{Deadline: 100 * time.Millisecond},
		PerHook: map[string]hooks.Setting{"slavePostFetchHook": {Deadline: 50 * time.Millisecond, Fallback: hooks.FallbackError}},
		Workers: 2,
	})
	defer close(block)
	ctx := context.Background()
	ask := func(typ bridgev1.Call_Type) *bridgev1.HookResult {
		t.Helper()
		r, err := hs.Ask(ctx, bridgetest.Sample(typ, 1))
		if err != nil {
			t.Fatal(err)
		}
		return r
	}
	if r := ask(bridgev1.Call_SLAVE_RUN_TASK_LABEL_DECORATOR); !r.GetNone() || r.GetFallback() {
		t.Fatalf("none: %v", r)
	}
	if r := ask(bridgev1.Call_MASTER_SLAVE_LOST_HOOK); r.GetError() != "agent unknown" || r.GetFallback() {
		t.Fatalf("error: %v", r)
	}
	// Deadline with the error fallback; the blocked workers fill the pool,
	// then calls beyond it fall back at once (overload).
	for i := 0; i < 2; i++ {
		if r := ask(bridgev1.Call_SLAVE_POST_FETCH_HOOK); !r.GetFallback() || r.GetError() == "" {
			t.Fatalf("deadline: %v", r)
		}
	}
	start := time.Now()
	if r := ask(bridgev1.Call_SLAVE_POST_FETCH_HOOK); !r.GetFallback() || time.Since(start) > 40*time.Millisecond {
		t.Fatalf("overload: %v after %s", r, time.Since(start))
	}
	if m.Fallbacks("slavePostFetchHook", "deadline") != 2 || m.Fallbacks("slavePostFetchHook", "overload") != 1 {
		t.Fatalf("fallback counts: deadline %v, overload %v", m.Fallbacks("slavePostFetchHook", "deadline"), m.Fallbacks("slavePostFetchHook", "overload"))
	}
	// A crash: fallback, the actor restarts, other hooks unaffected.
	if r := ask(bridgev1.Call_ISOLATOR_CLEANUP); !r.GetFallback() || !r.GetNone() {
		t.Fatalf("crash: %v", r)
	}
	if m.Fallbacks("isolatorCleanup", "crash") != 1 {
		t.Fatal("crash not counted")
	}
	if r := ask(bridgev1.Call_SLAVE_RUN_TASK_LABEL_DECORATOR); r.GetFallback() {
		t.Fatalf("another hook after the crash: %v", r)
	}
	if _, err := hs.Ask(ctx, bridgetest.Sample(bridgev1.Call_ADD_SLAVE, 1)); !errors.Is(err, hooks.ErrNotHook) {
		t.Fatalf("not a hook: %v", err)
	}
}

func TestAdaptPolicy(t *testing.T) {
	p := hooks.Adapt(hooks.NoChange{})
	for _, hk := range hooks.All() {
		r, err := p.Handle(context.Background(), bridgetest.Sample(hk.Type, 1))
		if err != nil || r != nil {
			t.Errorf("%s: %v %v", hk.Name, r, err)
		}
	}
	if _, err := p.Handle(context.Background(), bridgetest.Sample(bridgev1.Call_PAUSE, 1)); !errors.Is(err, hooks.ErrNotHook) {
		t.Errorf("PAUSE: %v", err)
	}
	if len(hooks.All()) != 13 {
		t.Errorf("%d hooks, want 11 of hook.hpp plus 2 isolator calls", len(hooks.All()))
	}
}
