package hooks_test

import (
	"context"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/mactor/mactor/actors/hooks"
	"github.com/mactor/mactor/bridge/bridgetest"
	bridgev1 "github.com/mactor/mactor/messages/bridge/v1"
)

// TestOnFallback: the observer hears of each fallback with its hook and
// reason, not of calls answered by the handler; removed, it hears nothing.
func TestOnFallback(t *testing.T) {
	h := hooks.HandlerFunc(func(ctx context.Context, c *bridgev1.Call) (*bridgev1.HookResult, error) {
		if c.GetType() == bridgev1.Call_ISOLATOR_CLEANUP {
			panic("bug")
		}
		return nil, nil
	})
	hs, m := startHooks(t, h, hooks.Settings{Default: hooks.Setting{Deadline: time.Second}})
	var mu sync.Mutex
	var seen []string
	m.OnFallback(func(hook, reason string) {
		mu.Lock()
		seen = append(seen, hook+"/"+reason)
		mu.Unlock()
	})
	ask := func(typ bridgev1.Call_Type) {
		t.Helper()
		if _, err := hs.Ask(context.Background(), bridgetest.Sample(typ, 1)); err != nil {
			t.Fatal(err)
		}
	}
	ask(bridgev1.Call_SLAVE_RUN_TASK_LABEL_DECORATOR)
	ask(bridgev1.Call_ISOLATOR_CLEANUP)
	m.OnFallback(nil)
	ask(bridgev1.Call_ISOLATOR_CLEANUP)
	mu.Lock()
	defer mu.Unlock()
	if want := []string{"isolatorCleanup/crash"}; !slices.Equal(seen, want) {
		t.Fatalf("observed %v, want %v", seen, want)
	}
}
