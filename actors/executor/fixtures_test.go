package executor_test

import (
	"bufio"
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"testing"

	"google.golang.org/protobuf/proto"

	"github.com/mactor/mactor/internal/recordio"
	executorv1 "github.com/mactor/mactor/messages/mesos/v1/executor"
	"github.com/mactor/mactor/messages/mesosjson"
)

var updateFixtures = flag.Bool("update", false, "rewrite the RecordIO fixtures from testdata/*.jsonl")

// The fixtures are executor event streams as a Mesos 1.11 agent sends
// them: testdata/NAME.jsonl has one event per line in the agent's JSON;
// NAME.json.rio and NAME.pb.rio are their RecordIO byte streams in JSON and
// in protobuf. Regenerate: go test ./actors/executor -run TestFixtures -update
func TestFixtures(t *testing.T) {
	src, err := os.ReadFile(filepath.Join("testdata", "session.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	var js, pb []byte
	sc := bufio.NewScanner(bytes.NewReader(src))
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		line := bytes.TrimSpace(sc.Bytes())
		if len(line) == 0 {
			continue
		}
		ev := &executorv1.Event{}
		if err := mesosjson.Unmarshal(line, ev); err != nil {
			t.Fatalf("%s: %v", line, err)
		}
		bin, err := proto.Marshal(ev)
		if err != nil {
			t.Fatal(err)
		}
		js = recordio.Append(js, line)
		pb = recordio.Append(pb, bin)
	}
	for ext, want := range map[string][]byte{".json.rio": js, ".pb.rio": pb} {
		path := filepath.Join("testdata", "session"+ext)
		if *updateFixtures {
			if err := os.WriteFile(path, want, 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		got, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, want) {
			t.Fatalf("%s is stale; run with -update", path)
		}
	}
}

func fixture(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}
