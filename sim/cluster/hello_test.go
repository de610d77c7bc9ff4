package cluster_test

import (
	"context"
	"encoding/json"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/mactor/mactor/sim/cluster"
	"github.com/mactor/mactor/sim/master"
)

// TestHello runs examples/hello, built and run as its own process, against
// the simulated cluster and a real engine over loopback: its three tasks
// run as processes on the three agents and finish, and hello exits 0 after
// tearing itself down. Each task checks that it sees the environment
// hook's variable, and /state shows the launch hook's label. Offers come
// from the engine's allocator actor, over the bridge's SUBSCRIBE stream.
func TestHello(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs examples/hello")
	}
	bin := filepath.Join(t.TempDir(), "hello")
	build := exec.Command("go", "build", "-o", bin, "github.com/mactor/mactor/examples/hello")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build examples/hello: %v\n%s", err, out)
	}
	for _, enc := range []string{"protobuf", "json"} {
		t.Run(enc, func(t *testing.T) {
			e := startEngine(t)
			c, err := cluster.Start(cluster.Config{MasterListen: "127.0.0.1:0", Bridge: e.BridgeAddr(), Agents: 3})
			if err != nil {
				t.Fatal(err)
			}
			defer c.Close()
			waitAgents(t, e, 3)

			ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
			defer cancel()
			cmd := exec.CommandContext(ctx, bin, "--master", "http://"+c.MasterAddr(), "--tasks", "3", "--encoding", enc, "--command", hookedCommand)
			cmd.Env = os.Environ()
			if out, err := cmd.CombinedOutput(); err != nil {
				t.Fatalf("hello: %v\n%s", err, out)
			}
			resp, err := http.Get("http://" + c.MasterAddr() + "/state")
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			var st master.State
			if err := json.NewDecoder(resp.Body).Decode(&st); err != nil {
				t.Fatal(err)
			}
			if len(st.CompletedFrameworks) != 1 || len(st.CompletedFrameworks[0].Tasks) != 3 {
				t.Fatalf("state %+v", st)
			}
			for _, task := range st.CompletedFrameworks[0].Tasks {
				if task.State != "TASK_FINISHED" || task.Labels["team"] != "sim" {
					t.Fatalf("task %+v", task)
				}
			}
		})
	}
}
