package main

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
)

// TestBenchAllocator runs `mactor bench allocator` on each scenario at a
// small scale and checks its JSON object (and the text output once).
func TestBenchAllocator(t *testing.T) {
	common := []string{"agents", "frameworks", "add_agents_ms", "round_ms_p50", "round_ms_max", "rss_mb"}
	cases := []struct {
		name  string
		args  []string
		extra []string
		check func(t *testing.T, m map[string]any)
	}{
		{
			name:  "DeclineOffers",
			args:  []string{"--agents", "200", "--frameworks", "20", "--rounds", "3"},
			extra: []string{"rounds", "offers_per_round"},
			check: func(t *testing.T, m map[string]any) {
				if m["agents"] != 200.0 || m["frameworks"] != 20.0 || m["offers_per_round"] != 200.0 || m["rounds"] != 3.0 {
					t.Fatalf("%v", m)
				}
			},
		},
		{
			name:  "LargeAndSmallQuota",
			args:  []string{"--scenario", "LargeAndSmallQuota", "--small-roles", "25", "--large-roles", "5"},
			extra: []string{"allocation_ms", "allocations", "empty_cycle_ms", "empty_offers", "roles"},
			check: func(t *testing.T, m map[string]any) {
				if m["agents"] != 30.0 || m["roles"] != 30.0 || m["empty_offers"] != 0.0 || m["allocations"].(float64) < 35 {
					t.Fatalf("%v", m)
				}
			},
		},
		{
			name:  "MultiFrameworkAllocations",
			args:  []string{"--scenario", "multiframeworkallocations", "--sorter", "random"},
			extra: []string{"tasks", "launched", "cycles", "total_ms"},
			check: func(t *testing.T, m map[string]any) {
				if m["tasks"] != 19500.0 || m["launched"] != 19500.0 || m["agents"] != 80.0 {
					t.Fatalf("%v", m)
				}
			},
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var out, errb bytes.Buffer
			if code := run(append([]string{"bench", "allocator", "--json"}, tc.args...), &out, &errb); code != exitOK {
				t.Fatalf("exit %d: %s", code, errb.String())
			}
			if strings.Count(strings.TrimSpace(out.String()), "\n") != 0 {
				t.Fatalf("not one line: %q", out.String())
			}
			var m map[string]any
			if err := json.Unmarshal(out.Bytes(), &m); err != nil {
				t.Fatalf("%v: %q", err, out.String())
			}
			for _, k := range append(common, tc.extra...) {
				if _, ok := m[k]; !ok {
					t.Fatalf("%s lacks %q", out.String(), k)
				}
			}
			tc.check(t, m)
		})
	}
	t.Run("text", func(t *testing.T) {
		var out, errb bytes.Buffer
		if code := run([]string{"bench", "allocator", "--agents", "50", "--frameworks", "5", "--rounds", "2"}, &out, &errb); code != exitOK {
			t.Fatalf("exit %d: %s", code, errb.String())
		}
		if !strings.Contains(out.String(), "allocation round") || !strings.Contains(out.String(), "resident memory") {
			t.Fatalf("%q", out.String())
		}
	})
	t.Run("bad scenario", func(t *testing.T) {
		var out, errb bytes.Buffer
		if code := run([]string{"bench", "allocator", "--scenario", "nope"}, &out, &errb); code != exitUsage || !strings.Contains(errb.String(), "--scenario") {
			t.Fatalf("exit %d: %s", code, errb.String())
		}
	})
}
