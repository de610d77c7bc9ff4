package cluster_test

import (
	"testing"

	"go.uber.org/goleak"
)

// protoactor's dead-letter throttle leaves a goroutine behind for up to a
// second after a dead letter; the supervisor's tests ignore it too.
func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m, goleak.IgnoreAnyFunction("github.com/asynkron/protoactor-go/actor.NewDeadLetter.NewThrottle.func4.1"))
}
