// Package behaviourtest is test scaffolding shared by the tests of the
// scheduler and executor drivers (packages actors/scheduler and
// actors/executor): the event stream a fake master or agent writes in
// answer to SUBSCRIBE, and the recorded RecordIO event streams under
// testdata that such a fake replays. It is meant for tests only.
package behaviourtest

import (
	"bufio"
	"bytes"
	"net/http"
	"os"
	"path/filepath"
	"testing"
	"time"

	"google.golang.org/protobuf/proto"

	"github.com/mactor/mactor/internal/mesoshttp"
	"github.com/mactor/mactor/internal/recordio"
	"github.com/mactor/mactor/messages/mesosjson"
)

// Stream is one SUBSCRIBE response being written by a test's script.
type Stream struct {
	// W is the response, its status and headers already sent.
	W http.ResponseWriter
	// Enc is the encoding the driver subscribed with.
	Enc mesoshttp.Encoding
	// N numbers the SUBSCRIBE calls: 1 for the first, ...
	N int
	// Gone is closed when the driver goes away (the request's context).
	Gone <-chan struct{}
	// Quit is closed when the test ends (the fake server closes).
	Quit <-chan struct{}
}

// Send writes events, each as one record and one chunk. It stops at the
// first write that fails (the driver went away).
func (s *Stream) Send(events ...proto.Message) {
	ew := mesoshttp.NewEventWriter(s.W, s.Enc)
	for _, ev := range events {
		if err := ew.Write(ev); err != nil {
			return
		}
	}
}

// Replay writes recorded bytes in writes of the given sizes (cycling), each
// write flushed as its own chunk: records split across chunks, or several
// records in one chunk. No sizes means the whole stream in one write.
func (s *Stream) Replay(data []byte, sizes ...int) {
	fl := s.W.(http.Flusher)
	for i := 0; len(data) > 0; i++ {
		n := len(data)
		if len(sizes) > 0 {
			n = min(n, sizes[i%len(sizes)])
		}
		if _, err := s.W.Write(data[:n]); err != nil {
			return
		}
		fl.Flush()
		data = data[n:]
	}
}

// Hold keeps the stream open until the driver goes away or the test ends.
func (s *Stream) Hold() {
	select {
	case <-s.Gone:
	case <-s.Quit:
	}
}

// WaitUntil blocks the script until cond holds; it reports false if the
// driver went away or the test ended first.
func (s *Stream) WaitUntil(cond func() bool) bool {
	for !cond() {
		select {
		case <-s.Quit:
			return false
		case <-s.Gone:
			return false
		case <-time.After(5 * time.Millisecond):
		}
	}
	return true
}

// CheckFixtures checks, or with update rewrites, the recorded streams of
// testdata/NAME.jsonl: that file holds one event per line in Mesos's JSON,
// and NAME.json.rio and NAME.pb.rio must be the RecordIO byte streams of
// those events in JSON and in protobuf. newEvent returns an empty event of
// the API's type, to check that each line decodes.
func CheckFixtures(t *testing.T, name string, newEvent func() proto.Message, update bool) {
	t.Helper()
	src, err := os.ReadFile(filepath.Join("testdata", name+".jsonl"))
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
		ev := newEvent()
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
		path := filepath.Join("testdata", name+ext)
		if update {
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

// Fixture returns the recorded stream testdata/name.
func Fixture(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}
