package behaviour_test

import (
	"errors"
	"testing"
	"time"

	"github.com/mactor/mactor/actors/behaviour"
)

// TestEnding: the first Finish wins, its teardown runs once, Finish does
// not wait for it, and Join does.
func TestEnding(t *testing.T) {
	var e behaviour.Ending
	first, second := errors.New("first"), errors.New("second")
	release := make(chan struct{})
	runs := 0
	if !e.Finish(first, func() { runs++; <-release }) {
		t.Fatal("first Finish reported false")
	}
	if e.Finish(second, func() { t.Error("second teardown ran") }) {
		t.Fatal("second Finish reported true")
	}
	joined := make(chan error, 1)
	go func() { joined <- e.Join() }()
	select {
	case <-joined:
		t.Fatal("Join returned before the teardown ended")
	case <-time.After(20 * time.Millisecond):
	}
	close(release)
	if err := <-joined; err != first {
		t.Fatalf("Join = %v, want %v", err, first)
	}
	<-e.Done()
	if runs != 1 {
		t.Fatalf("teardown ran %d times", runs)
	}
}

func TestEndingNilTeardown(t *testing.T) {
	var e behaviour.Ending
	e.Finish(nil, nil)
	if err := e.Join(); err != nil {
		t.Fatal(err)
	}
}
