package cluster_test

import (
	"context"
	"testing"
	"time"

	"github.com/mactor/mactor/internal/engine"
	"github.com/mactor/mactor/internal/testutil"
)

// startEngine starts a real engine (bridge, owners, allocator, hooks with
// the test's policy) on loopback with its data in a temporary directory,
// and stops it when the test ends.
func startEngine(t *testing.T) *engine.Engine {
	t.Helper()
	e, err := engine.Start(engine.Config{Listen: "127.0.0.1:0", HTTP: "127.0.0.1:0", DataDir: t.TempDir(), HookPolicy: policy{}}, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { e.Stop(context.Background()) })
	return e
}

// waitAgents waits until the engine knows n agents and the sim's module
// side has subscribed to its offers.
func waitAgents(t *testing.T, e *engine.Engine, n int) {
	t.Helper()
	testutil.Eventually(t, 10*time.Second, func() bool {
		ctx, cancel := context.WithTimeout(context.Background(), time.Second)
		defer cancel()
		_, agents, err := e.Bridge().Router().Directory(ctx)
		return err == nil && len(agents) == n && e.Bridge().Hub().Subscribed()
	}, "agents added, sim subscribed")
}
