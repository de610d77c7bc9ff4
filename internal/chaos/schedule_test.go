package chaos

import (
	"fmt"
	"reflect"
	"slices"
	"testing"
	"time"
)

func TestScheduleSameSeedSameSchedule(t *testing.T) {
	a := Schedule(42, 1.5, 5*time.Second, 50*time.Second, AllKinds)
	b := Schedule(42, 1.5, 5*time.Second, 50*time.Second, AllKinds)
	if !reflect.DeepEqual(a, b) {
		t.Fatalf("the same seed gave two schedules:\n%s\n%s", FormatSchedule(a), FormatSchedule(b))
	}
	c := Schedule(43, 1.5, 5*time.Second, 50*time.Second, AllKinds)
	if reflect.DeepEqual(a, c) {
		t.Fatal("seeds 42 and 43 gave the same schedule")
	}
}

func TestScheduleCoversEveryKind(t *testing.T) {
	for _, tc := range []struct {
		rate     float64
		from, to time.Duration
		kinds    []Kind
		want     int
	}{
		{rate: 1, from: 5 * time.Second, to: 50 * time.Second, kinds: AllKinds, want: 45},
		{rate: 0.1, from: 5 * time.Second, to: 25 * time.Second, kinds: AllKinds, want: len(AllKinds)}, // raised to cover every kind
		{rate: 3, from: 0, to: 30 * time.Second, kinds: AllKinds, want: 90},
		{rate: 2, from: time.Second, to: 11 * time.Second, kinds: []Kind{KindSigkill}, want: 20},
	} {
		t.Run(fmt.Sprintf("rate=%v,window=%v-%v,kinds=%d", tc.rate, tc.from, tc.to, len(tc.kinds)), func(t *testing.T) {
			for seed := uint64(0); seed < 50; seed++ {
				s := Schedule(seed, tc.rate, tc.from, tc.to, tc.kinds)
				if len(s) != tc.want {
					t.Fatalf("seed %d: %d faults, want %d", seed, len(s), tc.want)
				}
				seen := map[Kind]int{}
				for i, p := range s {
					seen[p.Kind]++
					if p.At() < tc.from || p.At() >= tc.to {
						t.Fatalf("seed %d: fault %d at %s, outside [%s, %s)", seed, i, p.At(), tc.from, tc.to)
					}
					if i > 0 && p.AtMS <= s[i-1].AtMS {
						t.Fatalf("seed %d: fault %d at %dms not after fault %d at %dms", seed, i, p.AtMS, i-1, s[i-1].AtMS)
					}
				}
				for _, k := range tc.kinds {
					if seen[k] == 0 {
						t.Fatalf("seed %d: no %s fault:\n%s", seed, k, FormatSchedule(s))
					}
				}
				// Round-robin: no kind more than once above another.
				lo, hi := len(s), 0
				for _, k := range tc.kinds {
					lo, hi = min(lo, seen[k]), max(hi, seen[k])
				}
				if hi-lo > 1 {
					t.Fatalf("seed %d: kinds injected between %d and %d times", seed, lo, hi)
				}
			}
		})
	}
}

func TestScheduleEmpty(t *testing.T) {
	for name, s := range map[string][]Planned{
		"no kinds":     Schedule(1, 1, 0, time.Minute, nil),
		"empty window": Schedule(1, 1, time.Minute, time.Minute, AllKinds),
		"no rate":      Schedule(1, 0, 0, time.Minute, AllKinds),
	} {
		if len(s) != 0 {
			t.Errorf("%s: %d faults", name, len(s))
		}
	}
}

func TestConfigPlanWindow(t *testing.T) {
	cfg := Config{Duration: 60 * time.Second, Seed: 1}
	plan := cfg.Plan()
	warmup, quiet := cfg.withDefaults().phases()
	if len(plan) < len(AllKinds) {
		t.Fatalf("%d faults", len(plan))
	}
	if plan[0].At() < warmup || plan[len(plan)-1].At() >= cfg.Duration-quiet {
		t.Fatalf("faults outside [%s, %s): first %s, last %s", warmup, cfg.Duration-quiet, plan[0].At(), plan[len(plan)-1].At())
	}
	if !slices.ContainsFunc(plan, func(p Planned) bool { return p.Kind == KindSigkill }) {
		t.Fatal("no sigkill in a 60 s run")
	}
}

func ExampleSchedule() {
	s := Schedule(1, 0.5, 2*time.Second, 10*time.Second, []Kind{KindPanicAgent, KindSigkill})
	fmt.Print(FormatSchedule(s))
	// Output:
	//   1     3.444s  sigkill
	//   2     4.516s  panic-agent
	//   3     7.288s  panic-agent
	//   4     9.140s  sigkill
}
