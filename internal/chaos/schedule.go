package chaos

import (
	"fmt"
	"math"
	"math/rand/v2"
	"strings"
	"time"
)

// Planned is one fault of the schedule.
type Planned struct {
	// AtMS is when to inject it, in milliseconds from the start of the run.
	AtMS int64 `json:"at_ms"`
	// Kind is the fault's kind.
	Kind Kind `json:"kind"`
	// Seed is handed to the engine's injector, which picks the target
	// with it when none is named.
	Seed int64 `json:"-"`
}

// At is AtMS as a duration.
func (p Planned) At() time.Duration { return time.Duration(p.AtMS) * time.Millisecond }

// Schedule plans the faults of a run from the seed alone (with the rate,
// the window and the kinds): faults are spread evenly over [from, to) at
// rate per second, each moved by a seeded jitter of up to a third of the
// gap between them, and their kinds go round-robin over the kinds in a
// seeded order, a new order each round. There are at least as many
// faults as kinds, so every kind is injected at least once in any run.
// The same arguments always give the same schedule.
func Schedule(seed uint64, rate float64, from, to time.Duration, kinds []Kind) []Planned {
	if len(kinds) == 0 || to <= from || rate <= 0 {
		return nil
	}
	rng := rand.New(rand.NewPCG(seed, 0x6d6163746f72)) // "mactor"
	window := to - from
	n := max(int(math.Round(rate*window.Seconds())), len(kinds))
	gap := window / time.Duration(n)
	out := make([]Planned, 0, n)
	var round []Kind
	for i := range n {
		if len(round) == 0 {
			round = make([]Kind, len(kinds))
			for j, p := range rng.Perm(len(kinds)) {
				round[j] = kinds[p]
			}
		}
		k := round[0]
		round = round[1:]
		jitter := time.Duration((rng.Float64()*2 - 1) * float64(gap) / 3)
		at := from + gap*time.Duration(i) + gap/2 + jitter
		out = append(out, Planned{AtMS: at.Milliseconds(), Kind: k, Seed: rng.Int64()})
	}
	return out
}

// FormatSchedule is the schedule as text, one fault a line.
func FormatSchedule(s []Planned) string {
	var b strings.Builder
	for i, p := range s {
		fmt.Fprintf(&b, "%3d  %8.3fs  %s\n", i+1, float64(p.AtMS)/1000, p.Kind)
	}
	return b.String()
}
