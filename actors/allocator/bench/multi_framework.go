package bench

import (
	"fmt"
	"runtime"
	"time"

	"github.com/mactor/mactor/actors/allocator"
	"github.com/mactor/mactor/internal/resources"
)

// MultiFrameworkConfig configures MultiFrameworkAllocations.
type MultiFrameworkConfig struct {
	// Timeout bounds the run (Mesos: 30 s of wall time).
	Timeout time.Duration
	// MaxRounds bounds the number of cycles (0: no bound).
	MaxRounds int
	// SuppressWhenDone makes a framework suppress its offers once it has
	// launched all its tasks, as real schedulers do. Mesos's benchmark does
	// not: finished frameworks keep receiving (and declining, without a
	// filter) offers, and since their shares stay lowest they eventually
	// take every agent each cycle, so the benchmark times out before all
	// tasks are placed, in Mesos as here.
	SuppressWhenDone bool
	Sorter           string
	Seed             uint64
}

// MultiFrameworkResult holds the measurements.
type MultiFrameworkResult struct {
	Agents, Frameworks int
	Tasks, Launched    int
	// Rounds is the number of allocation cycles, Cycles their wall times.
	Rounds int
	Cycles []time.Duration
	// Total is the wall time of the whole placement loop (cycles plus the
	// simulated frameworks' launching and declining).
	Total time.Duration
}

type profile struct {
	role        string
	maxTasks    int
	task        resources.Resources
	tasksPerOff int
	suppressed  bool
}

// MultiFrameworkAllocations runs Mesos's
// BENCHMARK_HierarchicalAllocations.MultiFrameworkAllocations: 80 agents
// of cpus:64;mem:488000; 4 Marathon-like frameworks (own roles, 4,000
// tasks of cpus:0.07;mem:400, at most 100 per offer), 500 Jenkins-like
// ones (one role, 5 tasks of cpus:0.1;mem:4000, one per offer) and 50
// Spark-like ones (own roles, 20 tasks of cpus:1;mem:1000, 5 per offer).
// Every cycle each framework launches what fits in its offers and declines
// the rest without a filter, until every task is placed or the timeout.
func MultiFrameworkAllocations(cfg MultiFrameworkConfig) (*MultiFrameworkResult, error) {
	if cfg.Timeout == 0 {
		cfg.Timeout = 30 * time.Second
	}
	a, clock, err := newAllocator(cfg.Sorter, cfg.Seed)
	if err != nil {
		return nil, err
	}
	out := &MultiFrameworkResult{Agents: 80}
	total := mustParse("cpus:64;mem:488000")
	for i := 0; i < out.Agents; i++ {
		id := fmt.Sprintf("agent-%d", i)
		if err := a.AddSlave(id, agentInfo(id), allocator.AllAgentCapabilities(), nil, total, nil); err != nil {
			return nil, err
		}
	}
	profiles := map[string]*profile{}
	var ids []string
	add := func(id string, p *profile) error {
		profiles[id] = p
		ids = append(ids, id)
		out.Tasks += p.maxTasks
		return a.AddFramework(id, frameworkInfo(id, p.role), nil, true, allocator.FrameworkOptions{})
	}
	a.Pause()
	for i := 1; i <= 4; i++ {
		if err := add(fmt.Sprintf("Marathon-%d", i), &profile{role: fmt.Sprintf("roleA-%d", i), maxTasks: 4000, task: mustParse("cpus:0.07;mem:400"), tasksPerOff: 100}); err != nil {
			return nil, err
		}
	}
	jenkins := mustParse("cpus:0.1;mem:4000")
	for i := 0; i < 500; i++ {
		if err := add(fmt.Sprintf("Jenkins-%d", i), &profile{role: "roleB", maxTasks: 5, task: jenkins, tasksPerOff: 1}); err != nil {
			return nil, err
		}
	}
	for i := 1; i <= 50; i++ {
		if err := add(fmt.Sprintf("SparkDispatcher-%d", i), &profile{role: fmt.Sprintf("roleC-%d", i), maxTasks: 20, task: mustParse("cpus:1;mem:1000"), tasksPerOff: 5}); err != nil {
			return nil, err
		}
	}
	out.Frameworks = len(ids)
	a.Resume()

	launched := map[string]int{}
	start := time.Now()
	for out.Launched < out.Tasks && time.Since(start) < cfg.Timeout && (cfg.MaxRounds == 0 || out.Rounds < cfg.MaxRounds) {
		clock.Advance(allocator.DefaultAllocationInterval)
		t0 := time.Now()
		res := a.Allocate()
		out.Cycles = append(out.Cycles, time.Since(t0))
		out.Rounds++
		for _, o := range res.Offers {
			p := profiles[o.FrameworkID]
			for _, ro := range o.Roles {
				for _, ar := range ro.Agents {
					remaining := ar.Resources.Unallocate()
					n := 0
					for launched[o.FrameworkID] < p.maxTasks && n < p.tasksPerOff && remaining.Contains(p.task) {
						remaining = remaining.Minus(p.task)
						launched[o.FrameworkID]++
						out.Launched++
						n++
					}
					if err := a.RecoverResources(o.FrameworkID, ar.AgentID, remaining.Allocate(ro.Role), nil, false); err != nil {
						return nil, err
					}
					if cfg.SuppressWhenDone && launched[o.FrameworkID] == p.maxTasks && !p.suppressed {
						p.suppressed = true
						if err := a.SuppressOffers(o.FrameworkID, nil); err != nil {
							return nil, err
						}
					}
				}
			}
		}
	}
	out.Total = time.Since(start)
	runtime.KeepAlive(a)
	return out, nil
}
