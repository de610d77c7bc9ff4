// Package testutil holds small helpers shared by mactor's tests.
package testutil

import (
	"testing"
	"time"
)

// Poll calls cond every interval until it returns true or timeout passes,
// and reports whether it did. Tests wait with conditions, never with bare
// sleeps.
func Poll(timeout, interval time.Duration, cond func() bool) bool {
	deadline := time.Now().Add(timeout)
	tick := time.NewTicker(interval)
	defer tick.Stop()
	for {
		if cond() {
			return true
		}
		if time.Now().After(deadline) {
			return false
		}
		<-tick.C
	}
}

// Eventually fails the test with msg when cond does not hold within timeout.
func Eventually(t testing.TB, timeout time.Duration, cond func() bool, msg string) {
	t.Helper()
	if !Poll(timeout, 10*time.Millisecond, cond) {
		t.Fatalf("condition not met within %s: %s", timeout, msg)
	}
}
