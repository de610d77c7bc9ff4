package webui

import (
	"bytes"
	_ "embed" // the report's template and script
	"encoding/json"
	"fmt"
	"html/template"
	"io"
	"sort"
	"strconv"
	"strings"

	"github.com/mactor/mactor/internal/version"
)

var (
	//go:embed report/report.html
	reportHTML string
	//go:embed report/report.js
	reportJS string

	reportTemplate = template.Must(template.New("report").Funcs(template.FuncMap{
		"num":     orNA,
		"ms":      millis,
		"seconds": func(ms float64) string { return strconv.FormatFloat(ms/1000, 'f', 3, 64) + " s" },
	}).Parse(reportHTML))
)

// report is the chaos report JSON (docs/chaos.md; mactor chaos --json),
// as far as the page shows it. Counts and identity numbers are kept as
// written (json.Number: a 64-bit seed is not rounded); an absent one
// shows as "n/a".
type report struct {
	Seed             json.Number       `json:"seed"`
	DurationS        json.Number       `json:"duration_s"`
	Rate             json.Number       `json:"rate"`
	StartedAt        string            `json:"started_at"`
	Version          string            `json:"version"`
	GoVersion        string            `json:"go_version"`
	FaultKinds       []string          `json:"fault_kinds"`
	Schedule         []scheduled       `json:"schedule"`
	Faults           json.Number       `json:"faults"`
	Restarts         json.Number       `json:"restarts"`
	Escalations      json.Number       `json:"escalations"`
	DeadLetters      json.Number       `json:"dead_letters"`
	Fallbacks        json.Number       `json:"fallbacks"`
	EventsSent       json.Number       `json:"events_sent"`
	EventsAcked      json.Number       `json:"events_acked"`
	EventsRejected   json.Number       `json:"events_rejected"`
	EventsLost       json.Number       `json:"events_lost"`
	FaultLog         []faultEntry      `json:"fault_log"`
	RecoveryMS       *recovery         `json:"recovery_ms"`
	Invariants       map[string]string `json:"invariants"`
	InvariantDetails []invariant       `json:"invariant_details"`
	Verdict          string            `json:"verdict"`
}

type scheduled struct {
	AtMS float64 `json:"at_ms"`
	Kind string  `json:"kind"`
}

type faultEntry struct {
	AtMS       float64  `json:"at_ms"`
	Kind       string   `json:"kind"`
	Target     string   `json:"target"`
	OK         bool     `json:"ok"`
	Error      string   `json:"error"`
	RecoveryMS *float64 `json:"recovery_ms"`
}

type recovery struct {
	P50 *float64 `json:"p50"`
	P99 *float64 `json:"p99"`
	Max *float64 `json:"max"`
}

type invariant struct {
	Name         string      `json:"name"`
	Description  string      `json:"description"`
	Verdict      string      `json:"verdict"`
	Checks       json.Number `json:"checks"`
	FirstFailure string      `json:"first_failure"`
}

// reportPage is what the template renders.
type reportPage struct {
	R           report
	Verdict     string // "pass", "fail" or "unknown"
	Invariants  []invariant
	Failed      int
	Data        template.JS  // the report as HTML-safe JSON
	Script      template.JS  // charts.js and report.js
	Style       template.CSS // style.css
	RenderedBy  string
	NoFaultsLog bool
}

// WriteReport writes a chaos run's report (the JSON of mactor chaos
// --json) to w as one self-contained HTML page: run identity, the verdict
// of each invariant with its first failing history, the counts, recovery
// times, the per-fault log, and charts of throughput over time with the
// faults marked, drawn by inline JavaScript from the report embedded in
// the page. The page loads nothing from anywhere. It returns an error
// wrapping ErrBadReport when reportJSON is not a JSON object of that
// shape, and the writer's error if writing fails.
func WriteReport(w io.Writer, reportJSON []byte) error {
	var r report
	if !json.Valid(reportJSON) {
		return fmt.Errorf("%w: not valid JSON", ErrBadReport)
	}
	if err := json.Unmarshal(reportJSON, &r); err != nil {
		return fmt.Errorf("%w: %w", ErrBadReport, err)
	}
	if bytes.HasPrefix(bytes.TrimSpace(reportJSON), []byte("null")) {
		return fmt.Errorf("%w: null instead of an object", ErrBadReport)
	}
	// HTMLEscape turns <, >, & (and U+2028/9) in strings into \u escapes,
	// so no "</script>" can end the data block early.
	var data bytes.Buffer
	json.HTMLEscape(&data, reportJSON)
	page := reportPage{
		R:           r,
		Verdict:     verdict(r.Verdict),
		Invariants:  invariants(r),
		Data:        template.JS(data.String()), //nolint:gosec // escaped above
		Script:      template.JS(string(assets["charts.js"].data) + "\n" + reportJS),
		Style:       template.CSS(assets["style.css"].data),
		RenderedBy:  version.Version,
		NoFaultsLog: len(r.FaultLog) == 0,
	}
	for _, inv := range page.Invariants {
		if inv.Verdict == "fail" {
			page.Failed++
		}
	}
	var out bytes.Buffer
	if err := reportTemplate.Execute(&out, page); err != nil {
		return fmt.Errorf("webui: rendering the report: %w", err)
	}
	if _, err := w.Write(out.Bytes()); err != nil {
		return fmt.Errorf("webui: writing the report: %w", err)
	}
	return nil
}

func verdict(v string) string {
	switch v = strings.ToLower(v); v {
	case "pass", "fail":
		return v
	}
	return "unknown"
}

// invariants lists the details in their order, then any invariant of the
// summary map that has none, by name; a detail without a verdict takes
// the map's.
func invariants(r report) []invariant {
	var out []invariant
	seen := map[string]bool{}
	for _, d := range r.InvariantDetails {
		if d.Verdict == "" {
			d.Verdict = r.Invariants[d.Name]
		}
		d.Verdict = verdict(d.Verdict)
		seen[d.Name] = true
		out = append(out, d)
	}
	var rest []string
	for name := range r.Invariants {
		if !seen[name] {
			rest = append(rest, name)
		}
	}
	sort.Strings(rest)
	for _, name := range rest {
		out = append(out, invariant{Name: name, Verdict: verdict(r.Invariants[name])})
	}
	return out
}

// orNA shows a number as written, or "n/a" when it is absent.
func orNA(n any) string {
	switch v := n.(type) {
	case json.Number:
		if v != "" {
			return v.String()
		}
	case *float64:
		if v != nil {
			return strconv.FormatFloat(*v, 'f', -1, 64)
		}
	case string:
		if v != "" {
			return v
		}
	}
	return "n/a"
}

// millis shows a duration in milliseconds, or "n/a" when it is absent.
func millis(v *float64) string {
	if v == nil {
		return "n/a"
	}
	return strconv.FormatFloat(*v, 'f', 1, 64) + " ms"
}
