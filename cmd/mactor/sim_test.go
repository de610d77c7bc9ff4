package main

import (
	"bytes"
	"strings"
	"testing"
)

func TestSimUsageErrors(t *testing.T) {
	tests := []struct {
		name     string
		args     []string
		inStderr string
	}{
		{"negative agents", []string{"--agents", "-1"}, "--agents"},
		{"bad resources", []string{"--agent-resources", "cpus:lots"}, "--agent-resources"},
		{"bad attributes", []string{"--agent-attributes", "rack"}, "--agent-attributes"},
		{"bad listen", []string{"--master-listen", "nonsense"}, "master listener"},
		{"unknown flag", []string{"--nope"}, "unknown flag"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var out, errb bytes.Buffer
			args := append([]string{"sim", "--master-listen", "127.0.0.1:0", "--bridge", "127.0.0.1:1"}, tt.args...)
			code := run(args, &out, &errb)
			want := exitUsage
			if tt.name == "bad listen" {
				want = exitFailure
			}
			if code != want || !strings.Contains(errb.String(), tt.inStderr) {
				t.Fatalf("exit %d (want %d), stderr %q", code, want, errb.String())
			}
		})
	}
}
