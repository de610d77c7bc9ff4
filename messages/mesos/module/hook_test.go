package mesosmodule_test

import (
	"testing"

	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protoreflect"

	"github.com/mactor/mactor/messages/mesos"
	"github.com/mactor/mactor/messages/mesos/internal/schematest"
	mesosmodule "github.com/mactor/mactor/messages/mesos/module"
)

// Local row type keeps the table literals below local to this package.
type fieldPin schematest.Field

const (
	opt      = protoreflect.Optional
	kMessage = protoreflect.MessageKind
)

// The field names are camelCase in Mesos itself; they are kept as is.
var fieldPins = []fieldPin{
	{"mesos.DockerTaskExecutorPrepareInfo", "executorEnvironment", 1, kMessage, opt, "mesos.Environment"},
	{"mesos.DockerTaskExecutorPrepareInfo", "taskEnvironment", 2, kMessage, opt, "mesos.Environment"},
}

func TestFieldNumbers(t *testing.T) {
	schematest.CheckFields(t, fieldPins)
}

// TestFullName pins the proto package: Mesos declares the message in
// package mesos, next to the unversioned types.
func TestFullName(t *testing.T) {
	const want = "mesos.DockerTaskExecutorPrepareInfo"
	if got := (&mesosmodule.DockerTaskExecutorPrepareInfo{}).ProtoReflect().Descriptor().FullName(); got != want {
		t.Errorf("full name = %s, want %s", got, want)
	}
}

func TestRoundTrip(t *testing.T) {
	env := func(kv ...string) *mesos.Environment {
		e := &mesos.Environment{}
		for i := 0; i+1 < len(kv); i += 2 {
			e.Variables = append(e.Variables, &mesos.Environment_Variable{
				Name: proto.String(kv[i]), Value: proto.String(kv[i+1]),
			})
		}
		return e
	}
	tests := []struct {
		name string
		info *mesosmodule.DockerTaskExecutorPrepareInfo
	}{
		{"empty", &mesosmodule.DockerTaskExecutorPrepareInfo{}},
		{"executor only", &mesosmodule.DockerTaskExecutorPrepareInfo{ExecutorEnvironment: env("A", "1")}},
		{"both", &mesosmodule.DockerTaskExecutorPrepareInfo{
			ExecutorEnvironment: env("A", "1", "B", "2"),
			TaskEnvironment:     env("B", "3"),
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b, err := proto.Marshal(tt.info)
			if err != nil {
				t.Fatal(err)
			}
			var got mesosmodule.DockerTaskExecutorPrepareInfo
			if err := proto.Unmarshal(b, &got); err != nil {
				t.Fatal(err)
			}
			if !proto.Equal(tt.info, &got) {
				t.Errorf("got %v, want %v", &got, tt.info)
			}
		})
	}
}
