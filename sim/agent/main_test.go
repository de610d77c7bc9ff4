package agent_test

import (
	"os"
	"testing"

	"go.uber.org/goleak"
)

// TestMain runs the tests, or, started by an agent under test with
// testExecutorEnv set, the test executor.
//
// protoactor's dead-letter throttle leaves a goroutine behind for up to a
// second after a dead letter; the supervisor's tests ignore it too.
func TestMain(m *testing.M) {
	if os.Getenv(testExecutorEnv) != "" {
		os.Exit(runTestExecutor())
	}
	goleak.VerifyTestMain(m, goleak.IgnoreAnyFunction("github.com/asynkron/protoactor-go/actor.NewDeadLetter.NewThrottle.func4.1"))
}
