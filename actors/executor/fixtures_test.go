package executor_test

import (
	"flag"
	"testing"

	"google.golang.org/protobuf/proto"

	"github.com/mactor/mactor/actors/behaviour/behaviourtest"
	executorv1 "github.com/mactor/mactor/messages/mesos/v1/executor"
)

var updateFixtures = flag.Bool("update", false, "rewrite the RecordIO fixtures from testdata/*.jsonl")

// The fixtures are executor event streams as a Mesos 1.11 agent sends
// them: testdata/NAME.jsonl has one event per line in the agent's JSON;
// NAME.json.rio and NAME.pb.rio are their RecordIO byte streams in JSON and
// in protobuf. Regenerate: go test ./actors/executor -run TestFixtures -update
func TestFixtures(t *testing.T) {
	behaviourtest.CheckFixtures(t, "session", func() proto.Message { return &executorv1.Event{} }, *updateFixtures)
}

func fixture(t testing.TB, name string) []byte { return behaviourtest.Fixture(t, name) }
