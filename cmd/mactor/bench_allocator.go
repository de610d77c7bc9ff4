package main

import (
	"encoding/json"
	"fmt"
	"io"
	"math"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"github.com/mactor/mactor/actors/allocator/bench"
)

// Scenarios of `mactor bench allocator --scenario`.
const (
	scenarioDeclineOffers  = "DeclineOffers"
	scenarioQuota          = "LargeAndSmallQuota"
	scenarioMultiFramework = "MultiFrameworkAllocations"
)

// benchAllocatorOptions are the flags of `mactor bench allocator`.
type benchAllocatorOptions struct {
	scenario              string
	agents, frameworks    int
	rounds                int
	smallRoles, largeRole int
	sorter                string
	seed                  uint64
	suppress              bool
	maxRounds             int
}

// benchAllocatorResult is the one JSON object the command prints: the six
// keys every scenario has, then the scenario's own (absent when zero).
type benchAllocatorResult struct {
	Scenario    string  `json:"scenario"`
	Agents      int     `json:"agents"`
	Frameworks  int     `json:"frameworks"`
	AddAgentsMS float64 `json:"add_agents_ms"`
	RoundMSP50  float64 `json:"round_ms_p50"`
	RoundMSMax  float64 `json:"round_ms_max"`
	RSSMB       float64 `json:"rss_mb"`

	// DeclineOffers.
	Rounds         int     `json:"rounds,omitempty"`
	RoundCPUMSP50  float64 `json:"round_cpu_ms_p50,omitempty"`
	OffersPerRound int     `json:"offers_per_round,omitempty"`
	HeapMB         float64 `json:"heap_mb,omitempty"`
	// LargeAndSmallQuota.
	Roles         int     `json:"roles,omitempty"`
	AllocationMS  float64 `json:"allocation_ms,omitempty"`
	Allocations   int     `json:"allocations,omitempty"`
	EmptyCycleMS  float64 `json:"empty_cycle_ms,omitempty"`
	EmptyOffers   *int    `json:"empty_offers,omitempty"`
	AddFrameworks float64 `json:"add_frameworks_ms,omitempty"`
	// MultiFrameworkAllocations.
	Tasks    int     `json:"tasks,omitempty"`
	Launched int     `json:"launched,omitempty"`
	Cycles   int     `json:"cycles,omitempty"`
	TotalMS  float64 `json:"total_ms,omitempty"`
	Suppress bool    `json:"suppress_when_done,omitempty"`
}

func newBenchAllocator() *cobra.Command {
	var o benchAllocatorOptions
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "allocator",
		Short: "Measure the allocation core on Mesos's allocator benchmark scenarios",
		Long: "bench allocator runs one of Mesos's hierarchical allocator benchmarks against\n" +
			"mactor's allocation core, in this process, with a simulated clock:\n" +
			"  DeclineOffers (default): --agents agents of cpus:24;mem:4096;disk:4096;ports:[31000-32000]\n" +
			"    and --frameworks frameworks that decline every offer with a long filter; the\n" +
			"    time to add the agents (with the cycle they trigger) and of each of --rounds rounds.\n" +
			"  LargeAndSmallQuota: --small-roles and --large-roles roles with quota, one framework\n" +
			"    each, on small/5 + large*5 agents; the cycle making the quota allocations and the\n" +
			"    next, empty, one.\n" +
			"  MultiFrameworkAllocations: 80 agents, 554 frameworks, 19,500 tasks; the cycles until\n" +
			"    every task is placed (--suppress-when-done) or --max-rounds.\n" +
			"It ends with the process's resident memory. --json prints one object with agents,\n" +
			"frameworks, add_agents_ms, round_ms_p50, round_ms_max and rss_mb, plus the scenario's own keys.",
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			res, err := runBenchAllocator(o)
			if err != nil {
				return err
			}
			if asJSON {
				return json.NewEncoder(cmd.OutOrStdout()).Encode(res)
			}
			printBenchAllocator(cmd.OutOrStdout(), res)
			return nil
		},
	}
	f := cmd.Flags()
	f.BoolVar(&asJSON, "json", false, "print one JSON object")
	f.StringVar(&o.scenario, "scenario", scenarioDeclineOffers, "DeclineOffers, LargeAndSmallQuota or MultiFrameworkAllocations")
	f.IntVar(&o.agents, "agents", 10000, "DeclineOffers: agents")
	f.IntVar(&o.frameworks, "frameworks", 1000, "DeclineOffers: frameworks")
	f.IntVar(&o.rounds, "rounds", 20, "DeclineOffers: timed allocation rounds")
	f.IntVar(&o.smallRoles, "small-roles", 2500, "LargeAndSmallQuota: roles with a small quota")
	f.IntVar(&o.largeRole, "large-roles", 500, "LargeAndSmallQuota: roles with a large quota")
	f.StringVar(&o.sorter, "sorter", "drf", "role and framework sorter: drf or random")
	f.Uint64Var(&o.seed, "seed", 1, "seed of the allocator's random choices")
	f.BoolVar(&o.suppress, "suppress-when-done", true, "MultiFrameworkAllocations: frameworks suppress offers once their tasks are placed (false: Mesos's variant, which never completes)")
	f.IntVar(&o.maxRounds, "max-rounds", 300, "MultiFrameworkAllocations: most cycles to run")
	return cmd
}

// runBenchAllocator runs the scenario o names.
func runBenchAllocator(o benchAllocatorOptions) (*benchAllocatorResult, error) {
	switch strings.ToLower(o.scenario) {
	case strings.ToLower(scenarioDeclineOffers):
		r, err := bench.DeclineOffers(bench.DeclineOffersConfig{Agents: o.agents, Frameworks: o.frameworks, Rounds: o.rounds, Sorter: o.sorter, Seed: o.seed})
		if err != nil {
			return nil, usageError{err}
		}
		s := r.Summary()
		res := &benchAllocatorResult{
			Scenario: scenarioDeclineOffers, Agents: s.Agents, Frameworks: s.Frameworks,
			AddAgentsMS: s.AddAgentsMS, RoundMSP50: s.RoundMSP50, RoundMSMax: s.RoundMSMax, RSSMB: s.RSSMB,
			Rounds: len(r.Rounds), RoundCPUMSP50: ms(bench.StatsOf(r.RoundsCPU).P50), HeapMB: round1(r.HeapMB),
			AddFrameworks: ms(r.AddFrameworks),
		}
		if len(r.OffersPerRound) > 0 {
			res.OffersPerRound = r.OffersPerRound[0]
		}
		return res, nil
	case strings.ToLower(scenarioQuota):
		r, err := bench.LargeAndSmallQuota(bench.LargeAndSmallQuotaConfig{SmallRoles: o.smallRoles, LargeRoles: o.largeRole, FrameworksPerRole: 1, Sorter: o.sorter, Seed: o.seed})
		if err != nil {
			return nil, usageError{err}
		}
		s := bench.StatsOf([]time.Duration{r.Allocation, r.EmptyCycle})
		empty := r.EmptyOffers
		return &benchAllocatorResult{
			Scenario: scenarioQuota, Agents: r.Agents, Frameworks: r.Frameworks,
			AddAgentsMS: ms(r.AddAgents), RoundMSP50: ms(s.P50), RoundMSMax: ms(s.Max), RSSMB: round1(bench.ResidentMB()),
			Roles: r.Roles, AllocationMS: ms(r.Allocation), Allocations: r.Offers, EmptyCycleMS: ms(r.EmptyCycle), EmptyOffers: &empty,
			AddFrameworks: ms(r.AddFrameworks),
		}, nil
	case strings.ToLower(scenarioMultiFramework):
		r, err := bench.MultiFrameworkAllocations(bench.MultiFrameworkConfig{SuppressWhenDone: o.suppress, MaxRounds: o.maxRounds, Sorter: o.sorter, Seed: o.seed})
		if err != nil {
			return nil, usageError{err}
		}
		s := bench.StatsOf(r.Cycles)
		return &benchAllocatorResult{
			Scenario: scenarioMultiFramework, Agents: r.Agents, Frameworks: r.Frameworks,
			RoundMSP50: ms(s.P50), RoundMSMax: ms(s.Max), RSSMB: round1(bench.ResidentMB()),
			Tasks: r.Tasks, Launched: r.Launched, Cycles: r.Rounds, TotalMS: ms(r.Total), Suppress: o.suppress,
		}, nil
	}
	return nil, usageError{fmt.Errorf("--scenario %q: want %s, %s or %s", o.scenario, scenarioDeclineOffers, scenarioQuota, scenarioMultiFramework)}
}

func printBenchAllocator(w io.Writer, r *benchAllocatorResult) {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintf(tw, "scenario\t%s\t(%d agents, %d frameworks)\n", r.Scenario, r.Agents, r.Frameworks)
	switch r.Scenario {
	case scenarioDeclineOffers:
		fmt.Fprintf(tw, "add the agents (and the cycle they trigger)\t%.1f ms\n", r.AddAgentsMS)
		fmt.Fprintf(tw, "allocation round, %d offers\tp50 %.1f ms\tmax %.1f ms\t(CPU p50 %.1f ms, %d rounds)\n", r.OffersPerRound, r.RoundMSP50, r.RoundMSMax, r.RoundCPUMSP50, r.Rounds)
	case scenarioQuota:
		fmt.Fprintf(tw, "add the agents\t%.1f ms\n", r.AddAgentsMS)
		fmt.Fprintf(tw, "cycle making the quota allocations\t%.1f ms\t(%d allocations, %d roles)\n", r.AllocationMS, r.Allocations, r.Roles)
		fmt.Fprintf(tw, "next, empty, cycle\t%.1f ms\n", r.EmptyCycleMS)
	case scenarioMultiFramework:
		fmt.Fprintf(tw, "place the tasks\t%.1f ms\t(%d of %d tasks, %d cycles; cycle p50 %.2f ms, max %.2f ms)\n", r.TotalMS, r.Launched, r.Tasks, r.Cycles, r.RoundMSP50, r.RoundMSMax)
	}
	fmt.Fprintf(tw, "resident memory\t%.1f MB\n", r.RSSMB)
	_ = tw.Flush()
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

func round1(v float64) float64 { return math.Round(v*10) / 10 }
