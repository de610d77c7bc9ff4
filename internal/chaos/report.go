package chaos

import (
	"encoding/json"
	"fmt"
	"io"
	"math"
	"slices"
	"strings"
	"text/tabwriter"
)

// Report is the result of a run. Its JSON form is the schema shared with
// internal/webui (docs/chaos.md describes every key).
type Report struct {
	Seed         uint64            `json:"seed"`
	DurationS    float64           `json:"duration_s"`
	Rate         float64           `json:"rate"`
	StartedAt    string            `json:"started_at"`
	Version      string            `json:"version"`
	GoVersion    string            `json:"go_version"`
	FaultKinds   []Kind            `json:"fault_kinds"`
	Schedule     []Planned         `json:"schedule"`
	Faults       int               `json:"faults"`
	Restarts     int               `json:"restarts"`
	Escalations  int               `json:"escalations"`
	DeadLetters  int               `json:"dead_letters"`
	Fallbacks    int               `json:"fallbacks"`
	EventsSent   int64             `json:"events_sent"`
	EventsAcked  int64             `json:"events_acked"`
	EventsReject int64             `json:"events_rejected"`
	EventsLost   int64             `json:"events_lost"`
	FaultLog     []FaultLog        `json:"fault_log"`
	RecoveryMS   Percentiles       `json:"recovery_ms"`
	Throughput   []Rate            `json:"throughput"`
	Invariants   map[string]string `json:"invariants"`
	Details      []Detail          `json:"invariant_details"`
	Verdict      string            `json:"verdict"`
}

// FaultLog is one fault as it was injected.
type FaultLog struct {
	AtMS       int64   `json:"at_ms"`
	Kind       Kind    `json:"kind"`
	Target     string  `json:"target"`
	OK         bool    `json:"ok"`
	Error      string  `json:"error"`
	RecoveryMS float64 `json:"recovery_ms"`
}

// Percentiles summarise recovery times.
type Percentiles struct {
	P50 float64 `json:"p50"`
	P99 float64 `json:"p99"`
	Max float64 `json:"max"`
}

// Rate is the acknowledged calls of one second of the run.
type Rate struct {
	TS         int     `json:"t_s"`
	EventsPerS float64 `json:"events_per_s"`
}

// Detail is the verdict on one invariant.
type Detail struct {
	Name         string `json:"name"`
	Description  string `json:"description"`
	Verdict      string `json:"verdict"`
	Checks       int    `json:"checks"`
	FirstFailure string `json:"first_failure"`
}

// Passed reports whether every invariant passed.
func (r *Report) Passed() bool { return r.Verdict == "pass" }

// JSON is the report as one JSON object.
func (r *Report) JSON() ([]byte, error) { return json.MarshalIndent(r, "", "  ") }

// percentiles of xs (nearest rank).
func percentiles(xs []float64) Percentiles {
	if len(xs) == 0 {
		return Percentiles{}
	}
	s := slices.Clone(xs)
	slices.Sort(s)
	rank := func(p float64) float64 {
		i := int(math.Ceil(p*float64(len(s)))) - 1
		return s[min(max(i, 0), len(s)-1)]
	}
	return Percentiles{P50: rank(0.5), P99: rank(0.99), Max: s[len(s)-1]}
}

// WriteText writes the report for people.
func (r *Report) WriteText(w io.Writer) error {
	var b strings.Builder
	fmt.Fprintf(&b, "mactor chaos: seed %d, %.0fs, %.2f faults/s, kinds %s\n", r.Seed, r.DurationS, r.Rate, kindList(r.FaultKinds))
	fmt.Fprintf(&b, "engine %s (%s), started %s\n\n", r.Version, r.GoVersion, r.StartedAt)
	fmt.Fprintf(&b, "faults %d   restarts %d   escalations %d   dead letters %d   fallbacks %d\n", r.Faults, r.Restarts, r.Escalations, r.DeadLetters, r.Fallbacks)
	fmt.Fprintf(&b, "events sent %d   acknowledged %d   rejected %d   lost %d\n", r.EventsSent, r.EventsAcked, r.EventsReject, r.EventsLost)
	fmt.Fprintf(&b, "recovery ms: p50 %.1f   p99 %.1f   max %.1f\n\n", r.RecoveryMS.P50, r.RecoveryMS.P99, r.RecoveryMS.Max)
	b.WriteString("fault log:\n")
	tw := tabwriter.NewWriter(&b, 2, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "  at\tkind\ttarget\tresult\trecovery")
	for _, f := range r.FaultLog {
		res := "ok"
		if !f.OK {
			res = "not injected: " + f.Error
		}
		fmt.Fprintf(tw, "  %.3fs\t%s\t%s\t%s\t%.1f ms\n", float64(f.AtMS)/1000, f.Kind, f.Target, res, f.RecoveryMS)
	}
	_ = tw.Flush()
	b.WriteString("\ninvariants:\n")
	for _, d := range r.Details {
		fmt.Fprintf(&b, "  %-4s %-22s %5d checks  %s\n", strings.ToUpper(d.Verdict), d.Name, d.Checks, d.Description)
		if d.FirstFailure != "" {
			for _, line := range strings.Split(d.FirstFailure, "\n") {
				fmt.Fprintf(&b, "         | %s\n", line)
			}
		}
	}
	fmt.Fprintf(&b, "\nverdict: %s\n", strings.ToUpper(r.Verdict))
	_, err := io.WriteString(w, b.String())
	return err
}
