package allocator_test

import (
	"testing"
	"time"

	"github.com/mactor/mactor/actors/allocator/bench"
)

// BenchmarkDeclineOffers is Mesos's HierarchicalAllocator_BENCHMARK_Test
// DeclineOffers/21: 10,000 agents × 1,000 frameworks. Reported metrics:
// add_agents_ms (AddSlave calls plus the cycle they trigger, as Mesos
// counts), round_ms_p50 and round_ms_max over 20 decline rounds, rss_mb.
func BenchmarkDeclineOffers(b *testing.B) {
	for range b.N {
		r, err := bench.DeclineOffers(bench.DeclineOffersConfig{Agents: 10000, Frameworks: 1000, Rounds: 20, Seed: 1})
		if err != nil {
			b.Fatal(err)
		}
		s := r.Summary()
		b.ReportMetric(s.AddAgentsMS, "add_agents_ms")
		b.ReportMetric(s.RoundMSP50, "round_ms_p50")
		b.ReportMetric(s.RoundMSMax, "round_ms_max")
		b.ReportMetric(s.RSSMB, "rss_mb")
		cpu := bench.StatsOf(r.RoundsCPU)
		b.ReportMetric(float64(cpu.P50.Microseconds())/1000, "round_cpu_ms_p50")
		b.Logf("add frameworks %v, AddSlave calls %v, first cycle %v, heap %.1f MB, rounds %v, offers per round %v", r.AddFrameworks, r.AddAgents, r.FirstCycle, r.HeapMB, r.Rounds, r.OffersPerRound)
		b.Logf("round CPU times %v", r.RoundsCPU)
		_ = time.Second
	}
}

// BenchmarkLargeAndSmallQuota is Mesos's
// BENCHMARK_HierarchicalAllocator_WithQuotaParam.LargeAndSmallQuota/2:
// 3,000 roles, agents and frameworks with quota. Metrics: the cycle that
// makes the 3,500 allocations and the next, empty, one.
func BenchmarkLargeAndSmallQuota(b *testing.B) {
	for range b.N {
		r, err := bench.LargeAndSmallQuota(bench.LargeAndSmallQuotaConfig{SmallRoles: 2500, LargeRoles: 500, FrameworksPerRole: 1, Seed: 1})
		if err != nil {
			b.Fatal(err)
		}
		if r.Offers != 3500 || r.EmptyOffers != 0 {
			b.Fatalf("made %d allocations then %d, want 3500 then 0", r.Offers, r.EmptyOffers)
		}
		b.ReportMetric(float64(r.Allocation.Microseconds())/1000, "allocation_ms")
		b.ReportMetric(float64(r.EmptyCycle.Microseconds())/1000, "empty_cycle_ms")
		b.Logf("%d agents, %d roles, %d frameworks: added agents in %v, frameworks in %v; %d allocations in %v; %d in %v",
			r.Agents, r.Roles, r.Frameworks, r.AddAgents, r.AddFrameworks, r.Offers, r.Allocation, r.EmptyOffers, r.EmptyCycle)
	}
}

// BenchmarkMultiFrameworkAllocations is Mesos's
// BENCHMARK_HierarchicalAllocations.MultiFrameworkAllocations: 19,500
// tasks of 554 frameworks on 80 agents. "mesos" runs it as Mesos does
// (finished frameworks keep declining offers without filters; it ends
// after 300 cycles with tasks unplaced, as Mesos's times out);
// "suppress" has finished frameworks suppress offers, and measures the time
// to place everything.
func BenchmarkMultiFrameworkAllocations(b *testing.B) {
	for _, suppress := range []bool{false, true} {
		name := "mesos"
		if suppress {
			name = "suppress"
		}
		b.Run(name, func(b *testing.B) {
			for range b.N {
				r, err := bench.MultiFrameworkAllocations(bench.MultiFrameworkConfig{Seed: 1, SuppressWhenDone: suppress, MaxRounds: 300})
				if err != nil {
					b.Fatal(err)
				}
				if suppress && r.Launched != r.Tasks {
					b.Fatalf("launched %d of %d tasks", r.Launched, r.Tasks)
				}
				s := bench.StatsOf(r.Cycles)
				b.ReportMetric(float64(r.Total.Microseconds())/1000, "total_ms")
				b.ReportMetric(float64(r.Rounds), "rounds")
				b.ReportMetric(float64(r.Launched), "tasks")
				b.ReportMetric(float64(s.P50.Microseconds())/1000, "cycle_ms_p50")
				b.Logf("%d of %d tasks of %d frameworks on %d agents in %d rounds, %v (cycles: total %v, max %v)",
					r.Launched, r.Tasks, r.Frameworks, r.Agents, r.Rounds, r.Total, s.Total, s.Max)
			}
		})
	}
}
