package main

import (
	"slices"
	"testing"
	"time"

	"github.com/mactor/mactor/internal/testutil"
	"github.com/mactor/mactor/sim/cluster"
	"github.com/mactor/mactor/sim/simtest"
)

// TestSimEngineKillRestart runs a framework on the simulated cluster
// against `mactor serve` (a real process), kills the engine with SIGKILL
// while tasks run and offers flow, and starts it again on the same data
// and ports. The sim's module side resends what was not acknowledged and
// resubscribes; the framework gets offers again and every one of its
// tasks finishes; the engine still knows the framework and every agent.
func TestSimEngineKillRestart(t *testing.T) {
	const tasks, killAfter = 12, 4
	bin := binary(t)
	listen, status, data := freeAddr(t), freeAddr(t), t.TempDir()
	p := startServe(t, bin, listen, status, data)
	defer func() { p.stop(t) }()

	c, err := cluster.Start(cluster.Config{MasterListen: "127.0.0.1:0", Bridge: listen, Agents: 3, FakeTasks: true,
		FakeDuration: 300 * time.Millisecond, HeartbeatInterval: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()

	sched := simtest.Subscribe(t, c.MasterAddr(), "restart", "r", 90*time.Second)
	killed := false
	sched.RunTasks(tasks, 1, "true", func(launched int) {
		if launched >= killAfter && !killed {
			// Tasks are running and their ends are still to be reported
			// to the allocator: kill the engine now.
			killed = true
			p.kill(t)
			p = startServe(t, bin, listen, status, data)
		}
	})
	fw := sched.ID()
	if !killed {
		t.Fatal("the engine was never killed")
	}
	// The engine, restarted, knows the framework and every agent, and its
	// allocator holds nothing for the framework but offers.
	agents := c.Master().Snapshot().Agents
	testutil.Eventually(t, 20*time.Second, func() bool {
		var st struct {
			Frameworks []string `json:"frameworks"`
			Agents     []string `json:"agents"`
		}
		p.get(t, "/state", &st)
		if !slices.Contains(st.Frameworks, fw.GetValue()) || len(st.Agents) != len(agents) {
			return false
		}
		for _, a := range agents {
			if !slices.Contains(st.Agents, a.ID) {
				return false
			}
		}
		return true
	}, "engine knows the framework and every agent after the restart")
	sim := c.Master().Snapshot()
	if len(sim.Frameworks) != 1 || len(sim.Frameworks[0].Tasks) != tasks {
		t.Fatalf("sim state %+v", sim)
	}
	for _, task := range sim.Frameworks[0].Tasks {
		if task.State != "TASK_FINISHED" {
			t.Fatalf("task %+v", task)
		}
	}
}
