package wirecompat

import (
	"os"
	"testing"
)

// TestMain runs the tests or, started by a simulated agent with
// executorEnv set, the mesos-go executor.
func TestMain(m *testing.M) {
	if mediaType := os.Getenv(executorEnv); mediaType != "" {
		os.Exit(runMesosGoExecutor(mediaType))
	}
	os.Exit(m.Run())
}
