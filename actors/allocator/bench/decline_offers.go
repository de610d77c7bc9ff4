package bench

import (
	"fmt"
	"math"
	"os"
	"runtime"
	"runtime/pprof"
	"time"

	"google.golang.org/protobuf/proto"

	"github.com/mactor/mactor/actors/allocator"
	"github.com/mactor/mactor/internal/resources"
	"github.com/mactor/mactor/messages/mesos"
)

// DeclineOffersConfig configures DeclineOffers.
type DeclineOffersConfig struct {
	// Agents and Frameworks size the cluster (Mesos's /21 is 10,000 ×
	// 1,000).
	Agents, Frameworks int
	// Rounds is the number of timed allocation rounds (Mesos runs
	// 2 × Frameworks; the first rounds are the ones its commit messages
	// report).
	Rounds int
	// Sorter is "drf" (default) or "random".
	Sorter string
	Seed   uint64
}

// DeclineOffersResult holds the measurements of DeclineOffers.
type DeclineOffersResult struct {
	Agents, Frameworks int
	// AddFrameworks is the time to add the frameworks.
	AddFrameworks time.Duration
	// AddAgents is the time of the AddSlave calls; FirstCycle that of the
	// event-driven cycle they trigger (Mesos's "Added N agents" includes
	// both, as Clock::settle() waits for the batched allocation).
	AddAgents, FirstCycle time.Duration
	// Rounds are the wall times of the allocation rounds, RoundsCPU their
	// process CPU times (all threads, garbage collection included), and
	// OffersPerRound the offers each made.
	Rounds         []time.Duration
	RoundsCPU      []time.Duration
	OffersPerRound []int
	// ResidentMB is the process's resident memory at the end, HeapMB the
	// live heap.
	ResidentMB, HeapMB float64
}

// Summary is the one-line JSON object of `mactor bench allocator`.
type Summary struct {
	Agents      int     `json:"agents"`
	Frameworks  int     `json:"frameworks"`
	AddAgentsMS float64 `json:"add_agents_ms"`
	RoundMSP50  float64 `json:"round_ms_p50"`
	RoundMSMax  float64 `json:"round_ms_max"`
	RSSMB       float64 `json:"rss_mb"`
}

// Summary reduces the result to the command line's JSON object.
// add_agents_ms counts the AddSlave calls and the cycle they trigger, as
// Mesos's figure does.
func (r *DeclineOffersResult) Summary() Summary {
	s := StatsOf(r.Rounds)
	return Summary{
		Agents:      r.Agents,
		Frameworks:  r.Frameworks,
		AddAgentsMS: ms(r.AddAgents + r.FirstCycle),
		RoundMSP50:  ms(s.P50),
		RoundMSMax:  ms(s.Max),
		RSSMB:       math.Round(r.ResidentMB*10) / 10,
	}
}

// DeclineOffers runs Mesos's DeclineOffers benchmark: frameworks in role
// "*", agents each with a quarter of their resources used by one
// framework (round robin), then rounds in which every offer is declined
// with refuse_seconds = INT_MAX (capped at 365 days) before the next
// periodic cycle.
func DeclineOffers(cfg DeclineOffersConfig) (*DeclineOffersResult, error) {
	if cfg.Agents <= 0 || cfg.Frameworks <= 0 {
		return nil, fmt.Errorf("%w: need agents and frameworks, got %d and %d", ErrConfig, cfg.Agents, cfg.Frameworks)
	}
	a, clock, err := newAllocator(cfg.Sorter, cfg.Seed)
	if err != nil {
		return nil, err
	}
	out := &DeclineOffersResult{Agents: cfg.Agents, Frameworks: cfg.Frameworks}

	frameworks := make([]string, cfg.Frameworks)
	t0 := time.Now()
	for i := range frameworks {
		frameworks[i] = fmt.Sprintf("framework-%d", i)
		if err := a.AddFramework(frameworks[i], frameworkInfo(frameworks[i], "*"), nil, true, allocator.FrameworkOptions{}); err != nil {
			return nil, err
		}
	}
	out.AddFrameworks = time.Since(t0)

	total := mustParse("cpus:24;mem:4096;disk:4096;ports:[31000-32000]")
	// 16 tasks of one cpu with a port each: cpus:16;mem:2014;disk:1024
	// and ports 31000, 31002, ..., 31028, 31030-32000 (Mesos's
	// fragment(createRange(31000, 32000), 16)).
	var ports []resources.Range
	for i := uint64(0); i < 16; i++ {
		ports = append(ports, resources.Range{Begin: 31000 + 2*i, End: 31000 + 2*i})
	}
	ports[15].End = 32000
	used := mustParse("cpus:16;mem:2014;disk:1024").Plus(resources.Of(resources.NewRangesResource("ports", ports...))).Allocate("*")

	t0 = time.Now()
	for i := 0; i < cfg.Agents; i++ {
		id := fmt.Sprintf("agent-%d", i)
		if err := a.AddSlave(id, agentInfo(id), allocator.AllAgentCapabilities(), nil, total,
			map[string]resources.Resources{frameworks[i%cfg.Frameworks]: used}); err != nil {
			return nil, err
		}
	}
	out.AddAgents = time.Since(t0)
	t0 = time.Now()
	offers := a.AllocatePending()
	out.FirstCycle = time.Since(t0)

	filters := &mesos.Filters{RefuseSeconds: proto.Float64(math.MaxInt32)}
	for round := 0; round < cfg.Rounds; round++ {
		for _, o := range offers.Offers {
			for _, ro := range o.Roles {
				for _, ar := range ro.Agents {
					if err := a.RecoverResources(o.FrameworkID, ar.AgentID, ar.Resources, filters, false); err != nil {
						return nil, err
					}
				}
			}
		}
		clock.Advance(allocator.DefaultAllocationInterval)
		c0 := cpuTime()
		t0 = time.Now()
		offers = a.Allocate()
		out.Rounds = append(out.Rounds, time.Since(t0))
		out.RoundsCPU = append(out.RoundsCPU, cpuTime()-c0)
		out.OffersPerRound = append(out.OffersPerRound, offers.Count())
	}
	if p := os.Getenv("MACTOR_BENCH_HEAPPROFILE"); p != "" {
		if f, err := os.Create(p); err == nil {
			runtime.GC()
			_ = pprof.WriteHeapProfile(f)
			f.Close()
		}
	}
	out.ResidentMB = ResidentMB()
	out.HeapMB = HeapMB()
	runtime.KeepAlive(a)
	return out, nil
}
