package logging

import (
	"bytes"
	"encoding/json"
	"errors"
	"strings"
	"testing"
)

func TestNew(t *testing.T) {
	cases := []struct {
		name    string
		opts    Options
		wantErr bool
	}{
		{"defaults", Options{}, false},
		{"json debug", Options{Level: "debug", Format: "json"}, false},
		{"console upper", Options{Level: "WARN", Format: "Console"}, false},
		{"bad level", Options{Level: "loud"}, true},
		{"bad format", Options{Format: "xml"}, true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			l, err := New(tc.opts)
			if tc.wantErr {
				if !errors.Is(err, ErrBadOption) {
					t.Fatalf("err = %v, want ErrBadOption", err)
				}
				return
			}
			if err != nil || l == nil {
				t.Fatalf("New: %v", err)
			}
		})
	}
}

func TestSlogGoesThroughZap(t *testing.T) {
	var buf bytes.Buffer
	l, err := New(Options{Level: "info", Format: "json", Output: &buf})
	if err != nil {
		t.Fatal(err)
	}
	Slog(l).Info("from slog", "k", 7)
	Slog(l).Debug("filtered")
	lines := strings.Split(strings.TrimSpace(buf.String()), "\n")
	if len(lines) != 1 {
		t.Fatalf("got %d lines, want 1: %q", len(lines), buf.String())
	}
	var rec map[string]any
	if err := json.Unmarshal([]byte(lines[0]), &rec); err != nil {
		t.Fatalf("not JSON: %v", err)
	}
	if rec["msg"] != "from slog" || rec["k"] != float64(7) || rec["logger"] != "protoactor" {
		t.Fatalf("record = %v", rec)
	}
}

func TestActorSystemLogsFromWarn(t *testing.T) {
	cases := []struct {
		level     string
		wantLines int
	}{
		{"error", 0},
		{"warn", 1},
		{"info", 1},
		{"debug", 3},
	}
	for _, tc := range cases {
		t.Run(tc.level, func(t *testing.T) {
			var buf bytes.Buffer
			l, err := New(Options{Level: tc.level, Format: "json", Output: &buf})
			if err != nil {
				t.Fatal(err)
			}
			sl := protoactorSlog(l)
			sl.Debug("d")
			sl.Info("i")
			sl.Warn("w")
			if got := strings.Count(buf.String(), "\n"); got != tc.wantLines {
				t.Fatalf("%d lines, want %d: %q", got, tc.wantLines, buf.String())
			}
		})
	}
}
