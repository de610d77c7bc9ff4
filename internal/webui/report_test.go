package webui

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"reflect"
	"regexp"
	"strings"
	"testing"
)

func sampleReport(t *testing.T) []byte {
	t.Helper()
	b, err := os.ReadFile("testdata/report-fail.json")
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func render(t *testing.T, js []byte) string {
	t.Helper()
	var buf bytes.Buffer
	if err := WriteReport(&buf, js); err != nil {
		t.Fatalf("WriteReport: %v", err)
	}
	return buf.String()
}

// embedded returns the JSON of the page's data block.
func embedded(t *testing.T, page string) []byte {
	t.Helper()
	m := regexp.MustCompile(`(?s)<script type="application/json" id="report-data">(.*?)</script>`).FindStringSubmatch(page)
	if m == nil {
		t.Fatal("no report-data block")
	}
	return []byte(m[1])
}

func TestWriteReportStructure(t *testing.T) {
	page := render(t, sampleReport(t))
	for _, want := range []string{
		"<!DOCTYPE html>",
		"<title>mactor chaos report: seed 1, fail</title>",
		`<span class="verdict fail" id="verdict">fail</span> 1 of 2 invariants failed.`,
		`<h2 id="invariants-h">Invariants</h2>`,
		`<tr class="invariant" data-name="conservation" data-verdict="fail">`,
		`<tr class="invariant" data-name="child_set_returns" data-verdict="pass">`,
		"<summary>First failing history</summary>",
		`<dd id="events-lost">0</dd>`,
		"<dd>3.2 ms</dd>", "<dd>820.0 ms</dd>", // recovery p50, p99
		"<td>1.200 s</td><td>panic-agent</td><td><code>root/allocation/agents/agent-1</code></td>",
		`<div id="throughput-chart"`, `<div id="faults-timeline"`, `<div id="recovery-chart"`,
		"Schedule (2 faults planned)",
		"window.MactorCharts", // charts.js inlined
		"throughput-chart",    // report.js inlined
		"<style>",
	} {
		if !strings.Contains(page, want) {
			t.Errorf("page lacks %q", want)
		}
	}
	// Self-contained: nothing is loaded from elsewhere.
	if m := regexp.MustCompile(`(?i)(src|href)\s*=`).FindString(page); m != "" {
		t.Errorf("page loads something: %q", m)
	}
	if n := len(regexp.MustCompile(`<tr class="fault">`).FindAllString(page, -1)); n != 3 {
		t.Errorf("%d fault rows, want 3", n)
	}
	// The failing invariant comes first (details order), then the map's
	// other names, sorted.
	if strings.Index(page, `data-name="conservation"`) > strings.Index(page, `data-name="child_set_returns"`) {
		t.Error("invariants out of order")
	}
}

// TestWriteReportScriptEscape: text from the run (errors, histories)
// cannot end the data block or inject markup, and the data block still
// reads back as the same report.
func TestWriteReportScriptEscape(t *testing.T) {
	src := sampleReport(t)
	if !bytes.Contains(src, []byte("</script>")) {
		t.Fatal("the sample must carry </script> in its strings")
	}
	page := render(t, src)
	opens := len(regexp.MustCompile(`<script[ >]`).FindAllString(page, -1))
	closes := strings.Count(page, "</script>")
	if opens != 2 || closes != 2 {
		t.Fatalf("%d <script> and %d </script>, want 2 and 2", opens, closes)
	}
	if strings.Contains(page, "<script>alert(1)") {
		t.Fatal("markup from the report reached the page")
	}
	var want, got any
	if err := json.Unmarshal(src, &want); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(embedded(t, page), &got); err != nil {
		t.Fatalf("data block is not JSON: %v", err)
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatal("data block differs from the report")
	}
}

func TestWriteReportBadInput(t *testing.T) {
	cases := []struct{ name, in string }{
		{"empty", ""},
		{"truncated", `{"seed": 1,`},
		{"not json", "seed=1"},
		{"array", `[{"seed": 1}]`},
		{"string", `"report"`},
		{"null", "null"},
		{"wrong type", `{"fault_log": "none"}`},
		{"trailing garbage", `{"seed": 1} {"seed": 2}`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var buf bytes.Buffer
			err := WriteReport(&buf, []byte(tc.in))
			if !errors.Is(err, ErrBadReport) {
				t.Fatalf("err = %v, want ErrBadReport", err)
			}
			if buf.Len() != 0 {
				t.Fatalf("wrote %d bytes for a bad report", buf.Len())
			}
		})
	}
}

// TestWriteReportSparse: a minimal or passing report renders, with n/a
// for what it lacks.
func TestWriteReportSparse(t *testing.T) {
	cases := []struct {
		name, in string
		want     []string
	}{
		{"empty object", `{}`, []string{`class="verdict unknown"`, "the report carries no verdict", "<dd>n/a</dd>", "n/a: the report lists no invariants", "n/a: no fault was injected"}},
		{"pass", `{"seed": 18446744073709551615, "verdict": "pass", "invariants": {"b": "pass", "a": "pass"}, "events_lost": 0}`,
			[]string{`class="verdict pass"`, "every invariant held (2 checked)", "<dd>18446744073709551615</dd>", `data-name="a" data-verdict="pass"`}},
		{"odd verdicts", `{"verdict": "maybe", "invariant_details": [{"name": "x"}], "invariants": {"x": "FAIL"}}`,
			[]string{`class="verdict unknown"`, `data-name="x" data-verdict="fail"`}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			page := render(t, []byte(tc.in))
			for _, w := range tc.want {
				if !strings.Contains(page, w) {
					t.Errorf("page lacks %q", w)
				}
			}
			if strings.Index(page, `data-name="a"`) > strings.Index(page, `data-name="b"`) {
				t.Error("summary invariants not sorted")
			}
		})
	}
}

type failWriter struct{}

var errDisk = errors.New("disk full")

func (failWriter) Write([]byte) (int, error) { return 0, errDisk }

func TestWriteReportWriteError(t *testing.T) {
	if err := WriteReport(failWriter{}, []byte(`{}`)); !errors.Is(err, errDisk) {
		t.Fatalf("err = %v, want the writer's", err)
	}
}

// TestInlinedAssetsSafe: the files inlined into the report cannot end
// their <script> or <style> element.
func TestInlinedAssetsSafe(t *testing.T) {
	for _, name := range []string{"charts.js", "style.css"} {
		if bytes.Contains(bytes.ToLower(assets[name].data), []byte("</")) {
			t.Errorf("assets/%s contains \"</\"", name)
		}
	}
	if strings.Contains(strings.ToLower(reportJS), "</") {
		t.Error("report/report.js contains \"</\"")
	}
}
