package scheduler_test

import (
	"flag"
	"testing"

	"google.golang.org/protobuf/proto"

	"github.com/mactor/mactor/actors/behaviour/behaviourtest"
	schedulerv1 "github.com/mactor/mactor/messages/mesos/v1/scheduler"
)

var updateFixtures = flag.Bool("update", false, "rewrite the RecordIO fixtures from testdata/*.jsonl")

// The fixtures are event streams as a Mesos 1.11 master sends them:
// testdata/NAME.jsonl holds one event per line in the master's JSON, and
// NAME.json.rio and NAME.pb.rio are the RecordIO byte streams of those
// events in JSON and in protobuf, replayed verbatim by the fake master.
// Regenerate them with: go test ./actors/scheduler -run TestFixtures -update
func TestFixtures(t *testing.T) {
	for _, name := range []string{"session"} {
		t.Run(name, func(t *testing.T) {
			behaviourtest.CheckFixtures(t, name, func() proto.Message { return &schedulerv1.Event{} }, *updateFixtures)
		})
	}
}

// fixture returns a recorded stream.
func fixture(t testing.TB, name string) []byte { return behaviourtest.Fixture(t, name) }
