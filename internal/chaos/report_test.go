package chaos

import (
	"bytes"
	"context"
	"encoding/json"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/mactor/mactor/internal/webui"
)

func sample() *Report {
	inv := newInvariants()
	inv.pass(InvChildSet)
	inv.fail(InvConservation, "SIGKILL at 1.000s: calls 5..9 were acknowledged and lost")
	r := &run{cfg: Config{Seed: 7, Duration: 30 * time.Second, Rate: 1, Kinds: AllKinds}.withDefaults(), inv: inv, counts: map[string]int{"restart": 3},
		faultLog: []FaultLog{{AtMS: 1000, Kind: KindSigkill, Target: "mactor serve", OK: true, RecoveryMS: 80}}, recoveries: []float64{80, 10},
		faults: 2, lost: 5, sent: 10, acked: 9, obs: newObserver(nil, 0, NewOfferLedger(), timeNow())}
	r.plan = r.cfg.Plan()
	r.st = newStatusClient("127.0.0.1:1") // nothing listens: version "unknown"
	return r.report(t0ctx())
}

// TestReportJSONSchema pins the keys shared with internal/webui
// (contracts: "Chaos report JSON").
func TestReportJSONSchema(t *testing.T) {
	rep := sample()
	js, err := rep.JSON()
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(js, &m); err != nil {
		t.Fatal(err)
	}
	want := []string{"seed", "duration_s", "rate", "started_at", "version", "go_version", "fault_kinds", "schedule", "faults", "restarts",
		"escalations", "dead_letters", "fallbacks", "events_sent", "events_acked", "events_rejected", "events_lost", "fault_log",
		"recovery_ms", "throughput", "invariants", "invariant_details", "verdict"}
	var got []string
	for k := range m {
		got = append(got, k)
	}
	slices.Sort(got)
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Fatalf("keys %v\nwant %v", got, want)
	}
	if m["verdict"] != "fail" || m["events_lost"] != float64(5) || m["invariants"].(map[string]any)[InvConservation] != "fail" ||
		m["invariants"].(map[string]any)[InvChildSet] != "pass" || len(m["invariants"].(map[string]any)) != len(invariantDescriptions) {
		t.Fatalf("report: %s", js)
	}
	sched := m["schedule"].([]any)[0].(map[string]any)
	if _, ok := sched["at_ms"]; !ok || sched["kind"] == "" || len(sched) != 2 {
		t.Fatalf("schedule entry %v", sched)
	}
	var html bytes.Buffer
	if err := webui.WriteReport(&html, js); err != nil {
		t.Fatalf("webui.WriteReport: %v", err)
	}
	if !strings.Contains(html.String(), InvConservation) {
		t.Fatal("the HTML report does not name the failed invariant")
	}
}

func TestReportText(t *testing.T) {
	var b bytes.Buffer
	if err := sample().WriteText(&b); err != nil {
		t.Fatal(err)
	}
	for _, s := range []string{"seed 7", "FAIL conservation", "| SIGKILL at 1.000s: calls 5..9 were acknowledged and lost", "PASS child_set_restored", "verdict: FAIL", "sigkill"} {
		if !strings.Contains(b.String(), s) {
			t.Errorf("text report lacks %q:\n%s", s, b.String())
		}
	}
}

func TestPercentiles(t *testing.T) {
	p := percentiles([]float64{5, 1, 3, 2, 4})
	if p.P50 != 3 || p.P99 != 5 || p.Max != 5 {
		t.Fatalf("%+v", p)
	}
	if (percentiles(nil) != Percentiles{}) {
		t.Fatal("percentiles of nothing")
	}
}

func timeNow() time.Time { return time.Unix(1_800_000_000, 0) }

func t0ctx() context.Context { return context.Background() }
