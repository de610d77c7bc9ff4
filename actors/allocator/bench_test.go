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
