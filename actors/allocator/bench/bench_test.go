package bench

import (
	"encoding/json"
	"errors"
	"testing"

	"go.uber.org/goleak"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

// The scenario runners at a small scale, so that `go test` keeps them
// working; the full sizes are the benchmarks in package allocator.
func TestScenarios(t *testing.T) {
	t.Run("DeclineOffers", func(t *testing.T) {
		r, err := DeclineOffers(DeclineOffersConfig{Agents: 100, Frameworks: 10, Rounds: 3, Seed: 1})
		if err != nil {
			t.Fatal(err)
		}
		for i, n := range r.OffersPerRound {
			if n != 100 {
				t.Fatalf("round %d made %d offers, want one per agent", i, n)
			}
		}
		b, err := json.Marshal(r.Summary())
		if err != nil {
			t.Fatal(err)
		}
		var m map[string]float64
		if err := json.Unmarshal(b, &m); err != nil {
			t.Fatal(err)
		}
		for _, k := range []string{"agents", "frameworks", "add_agents_ms", "round_ms_p50", "round_ms_max", "rss_mb"} {
			if _, ok := m[k]; !ok {
				t.Fatalf("summary %s lacks %q", b, k)
			}
		}
		if _, err := DeclineOffers(DeclineOffersConfig{}); !errors.Is(err, ErrConfig) {
			t.Fatalf("empty config: %v", err)
		}
	})
	t.Run("LargeAndSmallQuota", func(t *testing.T) {
		for _, sorter := range []string{"drf", "random"} {
			r, err := LargeAndSmallQuota(LargeAndSmallQuotaConfig{SmallRoles: 25, LargeRoles: 5, Sorter: sorter, Seed: 1})
			if err != nil {
				t.Fatal(err)
			}
			if r.Agents != 30 || r.EmptyOffers != 0 || r.Offers < 35 {
				t.Fatalf("%s: %+v", sorter, r)
			}
		}
	})
	t.Run("MultiFrameworkAllocations", func(t *testing.T) {
		r, err := MultiFrameworkAllocations(MultiFrameworkConfig{SuppressWhenDone: true, Seed: 1, MaxRounds: 200})
		if err != nil {
			t.Fatal(err)
		}
		if r.Launched != r.Tasks || r.Tasks != 19500 {
			t.Fatalf("launched %d of %d", r.Launched, r.Tasks)
		}
	})
}
