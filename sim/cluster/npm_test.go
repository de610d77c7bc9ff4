package cluster_test

import (
	"context"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/mactor/mactor/sim/cluster"
)

// TestNPMMesosFramework runs a scheduler written with the npm
// mesos-framework client (a third-party, JSON-only v1 client with strict
// chunking) against the sim: its task runs and finishes. It needs node and
// the package, pinned by testdata/npm/package-lock.json: `npm ci --prefix
// sim/cluster/testdata/npm` (.ci/run does it), or MACTOR_NPM_MODULES
// naming another node_modules. Without them it is skipped, unless CI is
// set: then it fails.
func TestNPMMesosFramework(t *testing.T) {
	modules := os.Getenv("MACTOR_NPM_MODULES")
	if modules == "" {
		modules = filepath.Join("testdata", "npm", "node_modules")
	}
	missing := func(format string, args ...any) {
		t.Helper()
		if os.Getenv("CI") != "" {
			t.Fatalf(format+" (CI is set: .ci/run installs it with npm ci --prefix sim/cluster/testdata/npm)", args...)
		}
		t.Skipf(format, args...)
	}
	node, err := exec.LookPath("node")
	if err != nil {
		missing("no node: %v", err)
	}
	if _, err := os.Stat(filepath.Join(modules, "mesos-framework")); err != nil {
		missing("no mesos-framework in %s: npm ci --prefix sim/cluster/testdata/npm", modules)
	}
	if modules, err = filepath.Abs(modules); err != nil {
		t.Fatal(err)
	}
	script, err := filepath.Abs(filepath.Join("testdata", "npm_scheduler.js"))
	if err != nil {
		t.Fatal(err)
	}
	e := startEngine(t)
	// The client's socket timeout is 10 s: heartbeats come more often.
	c, err := cluster.Start(cluster.Config{MasterListen: "127.0.0.1:0", Bridge: e.BridgeAddr(), Agents: 1, HeartbeatInterval: 2 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	waitAgents(t, e, 1)
	_, port, _ := net.SplitHostPort(c.MasterAddr())
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, node, script)
	cmd.Dir = t.TempDir() // the client writes its logs under ./logs
	cmd.Env = append(os.Environ(), "NODE_PATH="+modules, "SIM_MASTER_PORT="+port, "SIM_TASK_COMMAND="+hookedCommand)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("npm scheduler: %v\n%s", err, out)
	}
	st := c.Master().Snapshot()
	if len(st.CompletedFrameworks) != 1 || len(st.CompletedFrameworks[0].Tasks) != 1 || st.CompletedFrameworks[0].Tasks[0].State != "TASK_FINISHED" {
		t.Fatalf("state %+v", st)
	}
}
