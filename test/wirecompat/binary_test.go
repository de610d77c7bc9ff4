package wirecompat

import (
	"reflect"
	"strings"
	"testing"

	gogoproto "github.com/gogo/protobuf/proto"
	"google.golang.org/protobuf/encoding/prototext"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protoreflect"

	// mesos-go's v1 packages register their types with gogo's registry
	// under the proto names "mesos.*", "mesos.scheduler.*", ...
	_ "github.com/mesos/mesos-go/api/v1/lib"
	_ "github.com/mesos/mesos-go/api/v1/lib/executor"
	_ "github.com/mesos/mesos-go/api/v1/lib/scheduler"
)

// gogoMessage is what gogo generates for every mesos-go message.
type gogoMessage interface {
	Marshal() ([]byte, error)
	Unmarshal([]byte) error
}

// mesosGoName maps one of our v1 message names to mesos-go's: mesos-go
// dropped ".v1" from the package names (the wire format has no names).
func mesosGoName(n protoreflect.FullName) string {
	return strings.Replace(string(n), "mesos.v1.", "mesos.", 1)
}

// newMesosGo returns an empty mesos-go message of the type matching ours.
func newMesosGo(t testing.TB, ours proto.Message) gogoMessage {
	t.Helper()
	name := mesosGoName(ours.ProtoReflect().Descriptor().FullName())
	typ := gogoproto.MessageType(name)
	if typ == nil {
		t.Fatalf("mesos-go has no message %s", name)
	}
	return reflect.New(typ.Elem()).Interface().(gogoMessage)
}

// TestBinaryOursToMesosGo encodes each fixture with mactor's code and
// decodes it with mesos-go's, then compares every field.
func TestBinaryOursToMesosGo(t *testing.T) {
	for _, fx := range v1Fixtures() {
		t.Run(fx.name, func(t *testing.T) {
			b, err := proto.Marshal(fx.msg)
			if err != nil {
				t.Fatal(err)
			}
			theirs := newMesosGo(t, fx.msg)
			if err := theirs.Unmarshal(b); err != nil {
				t.Fatalf("mesos-go Unmarshal: %v", err)
			}
			comparer{t: t}.message(fx.name, fx.msg.ProtoReflect(), reflect.ValueOf(theirs))
		})
	}
}

// TestBinaryMesosGoToOurs encodes with mesos-go and decodes with mactor's
// code. The mesos-go messages are the fixtures as mesos-go read them, so
// the bytes come from gogo's encoder; TestNative* build messages with
// mesos-go's own constructors.
func TestBinaryMesosGoToOurs(t *testing.T) {
	for _, fx := range v1Fixtures() {
		t.Run(fx.name, func(t *testing.T) {
			b, _ := proto.Marshal(fx.msg)
			theirs := newMesosGo(t, fx.msg)
			if err := theirs.Unmarshal(b); err != nil {
				t.Fatalf("mesos-go Unmarshal: %v", err)
			}
			wire, err := theirs.Marshal()
			if err != nil {
				t.Fatalf("mesos-go Marshal: %v", err)
			}
			ours := fx.msg.ProtoReflect().New().Interface()
			if err := proto.Unmarshal(wire, ours); err != nil {
				t.Fatalf("Unmarshal of mesos-go bytes: %v", err)
			}
			if u := ours.ProtoReflect().GetUnknown(); len(u) > 0 {
				t.Errorf("unknown fields after decoding mesos-go bytes: % x", u)
			}
			comparer{t: t}.message(fx.name, ours.ProtoReflect(), reflect.ValueOf(theirs))
			if !proto.Equal(ours, fx.msg) {
				t.Errorf("round trip through mesos-go changed the message:\n got %s\nwant %s",
					prototext.Format(ours), prototext.Format(fx.msg))
			}
		})
	}
}
