package mesosjson_test

import (
	"bytes"
	"testing"

	"google.golang.org/protobuf/proto"

	mesosv1 "github.com/mactor/mactor/messages/mesos/v1"
	schedulerv1 "github.com/mactor/mactor/messages/mesos/v1/scheduler"
	"github.com/mactor/mactor/messages/mesosjson"
)

// FuzzUnmarshal feeds arbitrary bytes to Unmarshal for several message
// types. Unmarshal must never panic; whatever it accepts must marshal to
// single-line ASCII that parses again and marshals to the same bytes.
// Seeds live in testdata/fuzz/FuzzUnmarshal.
func FuzzUnmarshal(f *testing.F) {
	f.Add([]byte(`{"type":"SUBSCRIBE","subscribe":{"framework_info":{"user":"u","name":"n","roles":["r"],"capabilities":null}}}`))
	f.Add([]byte(`{"i64":"12","r_d":["Infinity",1e3],"m_is":{"-1":"x"},"by":"eA=="}`))
	targets := []func() proto.Message{
		func() proto.Message { return newAll() },
		func() proto.Message { return new(schedulerv1.Call) },
		func() proto.Message { return new(schedulerv1.Event) },
		func() proto.Message { return new(mesosv1.TaskInfo) },
	}
	opts := mesosjson.UnmarshalOptions{AllowPartial: true}
	f.Fuzz(func(t *testing.T, data []byte) {
		for _, newMsg := range targets {
			m := newMsg()
			if err := opts.Unmarshal(data, m); err != nil {
				if err.Error() == "" {
					t.Fatal("empty error message")
				}
				continue
			}
			b1, err := mesosjson.Marshal(m)
			if err != nil {
				t.Fatalf("Marshal after Unmarshal(%q): %v", data, err)
			}
			for _, c := range b1 {
				if c >= 0x80 || c < 0x20 {
					t.Fatalf("output %q is not single-line ASCII", b1)
				}
			}
			m2 := newMsg()
			if err := opts.Unmarshal(b1, m2); err != nil {
				t.Fatalf("re-Unmarshal(%s): %v", b1, err)
			}
			b2, err := mesosjson.Marshal(m2)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(b1, b2) {
				t.Fatalf("unstable encoding for input %q:\n%s\n%s", data, b1, b2)
			}
		}
	})
}
