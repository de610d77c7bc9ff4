package wirecompat

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/mactor/mactor/internal/engine"
	"github.com/mactor/mactor/internal/testutil"
	"github.com/mactor/mactor/sim/cluster"
	"github.com/mactor/mactor/sim/master"
)

// simAgents is how many agents the simulated cluster runs for the
// third-party scheduler tests.
const simAgents = 3

// startSim starts a real engine (bridge, allocator, hooks) on loopback with
// its data in a temporary directory, and the simulated cluster against its
// bridge, with fake tasks; both stop when the test ends. It returns the
// cluster once the engine knows every agent and the sim's module side
// receives the engine's offers.
func startSim(t *testing.T, heartbeat time.Duration) *cluster.Cluster {
	t.Helper()
	e, err := engine.Start(engine.Config{Listen: "127.0.0.1:0", HTTP: "127.0.0.1:0", DataDir: t.TempDir()}, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { e.Stop(context.Background()) })
	c, err := cluster.Start(cluster.Config{
		MasterListen: "127.0.0.1:0", Bridge: e.BridgeAddr(), Agents: simAgents,
		FakeTasks: true, FakeDuration: 20 * time.Millisecond,
		HeartbeatInterval: heartbeat, WorkDir: t.TempDir(),
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(c.Close)
	testutil.Eventually(t, 10*time.Second, func() bool {
		ctx, cancel := context.WithTimeout(context.Background(), time.Second)
		defer cancel()
		_, agents, err := e.Bridge().Router().Directory(ctx)
		return err == nil && len(agents) == simAgents && e.Bridge().Hub().Subscribed()
	}, "agents added, sim subscribed to the engine's offers")
	return c
}

// logSandboxes logs the stderr of every task and executor under the
// sim's work directory, for a failing test.
func logSandboxes(t *testing.T, workDir string) {
	t.Helper()
	files, _ := filepath.Glob(filepath.Join(workDir, "slaves", "*", "frameworks", "*", "executors", "*", "runs", "*", "stderr"))
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err == nil && len(b) > 0 {
			t.Logf("%s:\n%s", f, b)
		}
	}
}

// simState reads the master's GET /state over HTTP.
func simState(addr string) (master.State, error) {
	var st master.State
	resp, err := http.Get("http://" + addr + "/state")
	if err != nil {
		return st, fmt.Errorf("GET /state: %w", err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return st, fmt.Errorf("GET /state: %s", resp.Status)
	}
	if err := json.NewDecoder(resp.Body).Decode(&st); err != nil {
		return st, fmt.Errorf("GET /state: %w", err)
	}
	return st, nil
}
