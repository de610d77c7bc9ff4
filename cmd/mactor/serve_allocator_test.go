package main

import (
	"bytes"
	"strings"
	"testing"
)

// TestServeAllocatorFlags: the allocator's serve flags are checked before
// the engine starts.
func TestServeAllocatorFlags(t *testing.T) {
	cases := []struct {
		name, inStderr string
		args           []string
	}{
		{"unknown role sorter", "unknown sorter", []string{"serve", "--role-sorter", "fifo"}},
		{"unknown framework sorter", "unknown sorter", []string{"serve", "--framework-sorter", "fifo"}},
		{"negative interval", "--allocation-interval", []string{"serve", "--allocation-interval", "-1s"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var out, errb bytes.Buffer
			if code := run(tc.args, &out, &errb); code != exitUsage || !strings.Contains(errb.String(), tc.inStderr) {
				t.Fatalf("exit %d, stderr %q", code, errb.String())
			}
		})
	}
}
