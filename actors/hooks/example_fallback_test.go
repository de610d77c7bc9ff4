package hooks_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"time"

	"github.com/asynkron/protoactor-go/actor"

	"github.com/mactor/mactor/actors/hooks"
	"github.com/mactor/mactor/bridge/bridgetest"
	bridgev1 "github.com/mactor/mactor/messages/bridge/v1"
	"github.com/mactor/mactor/supervisor"
)

// The engine puts every hook fallback on its timeline: OnFallback tells it
// of each one, with the hook and the reason, as mactor_hook_fallbacks_total
// counts them.
func ExampleMetrics_OnFallback() {
	system := actor.NewActorSystem(actor.WithLoggerFactory(func(*actor.ActorSystem) *slog.Logger {
		return slog.New(slog.NewTextHandler(io.Discard, nil))
	}))
	defer system.Shutdown()
	m := hooks.NewMetrics(nil)
	m.OnFallback(func(hook, reason string) { fmt.Println("fallback:", hook, reason) })
	buggy := hooks.HandlerFunc(func(context.Context, *bridgev1.Call) (*bridgev1.HookResult, error) { panic("bug") })
	hs, err := hooks.New(system, buggy, hooks.Settings{Default: hooks.Setting{Deadline: time.Second}}, m)
	if err != nil {
		panic(err)
	}
	sup, err := supervisor.Start(system, "hooks", hs.Spec(supervisor.WithIntensity(10, time.Second)))
	if err != nil {
		panic(err)
	}
	defer sup.Stop()
	if err := hs.Bind(sup); err != nil {
		panic(err)
	}
	res, _ := hs.Ask(context.Background(), bridgetest.Sample(bridgev1.Call_SLAVE_POST_FETCH_HOOK, 1))
	fmt.Println("answered with the fallback:", res.GetFallback())
	// Output:
	// fallback: slavePostFetchHook crash
	// answered with the fallback: true
}
