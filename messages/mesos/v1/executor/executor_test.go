package executorv1_test

import (
	"testing"

	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protoreflect"
	"google.golang.org/protobuf/reflect/protoregistry"

	"github.com/mactor/mactor/messages/mesos/internal/schematest"
	mesosv1 "github.com/mactor/mactor/messages/mesos/v1"
	executorv1 "github.com/mactor/mactor/messages/mesos/v1/executor"
)

// Local row types keep the table literals below local to this package.
type (
	fieldPin schematest.Field
	enumPin  schematest.EnumValue
)

const (
	req = protoreflect.Required
	opt = protoreflect.Optional
	rep = protoreflect.Repeated

	kBool    = protoreflect.BoolKind
	kInt32   = protoreflect.Int32Kind
	kUint32  = protoreflect.Uint32Kind
	kDouble  = protoreflect.DoubleKind
	kString  = protoreflect.StringKind
	kBytes   = protoreflect.BytesKind
	kEnum    = protoreflect.EnumKind
	kMessage = protoreflect.MessageKind
)

// fieldPins is every field of executor Call and Event and their payloads,
// with its Mesos 1.11 number, kind, label and type.
var fieldPins = []fieldPin{
	{"mesos.v1.executor.Call", "executor_id", 1, kMessage, req, "mesos.v1.ExecutorID"},
	{"mesos.v1.executor.Call", "framework_id", 2, kMessage, req, "mesos.v1.FrameworkID"},
	{"mesos.v1.executor.Call", "type", 3, kEnum, opt, "mesos.v1.executor.Call.Type"},
	{"mesos.v1.executor.Call", "subscribe", 4, kMessage, opt, "mesos.v1.executor.Call.Subscribe"},
	{"mesos.v1.executor.Call", "update", 5, kMessage, opt, "mesos.v1.executor.Call.Update"},
	{"mesos.v1.executor.Call", "message", 6, kMessage, opt, "mesos.v1.executor.Call.Message"},
	{"mesos.v1.executor.Call.Subscribe", "unacknowledged_tasks", 1, kMessage, rep, "mesos.v1.TaskInfo"},
	{"mesos.v1.executor.Call.Subscribe", "unacknowledged_updates", 2, kMessage, rep, "mesos.v1.executor.Call.Update"},
	{"mesos.v1.executor.Call.Update", "status", 1, kMessage, req, "mesos.v1.TaskStatus"},
	{"mesos.v1.executor.Call.Message", "data", 2, kBytes, req, ""},
	{"mesos.v1.executor.Event", "type", 1, kEnum, opt, "mesos.v1.executor.Event.Type"},
	{"mesos.v1.executor.Event", "subscribed", 2, kMessage, opt, "mesos.v1.executor.Event.Subscribed"},
	{"mesos.v1.executor.Event", "acknowledged", 3, kMessage, opt, "mesos.v1.executor.Event.Acknowledged"},
	{"mesos.v1.executor.Event", "launch", 4, kMessage, opt, "mesos.v1.executor.Event.Launch"},
	{"mesos.v1.executor.Event", "launch_group", 8, kMessage, opt, "mesos.v1.executor.Event.LaunchGroup"},
	{"mesos.v1.executor.Event", "kill", 5, kMessage, opt, "mesos.v1.executor.Event.Kill"},
	{"mesos.v1.executor.Event", "message", 6, kMessage, opt, "mesos.v1.executor.Event.Message"},
	{"mesos.v1.executor.Event", "error", 7, kMessage, opt, "mesos.v1.executor.Event.Error"},
	{"mesos.v1.executor.Event.Subscribed", "executor_info", 1, kMessage, req, "mesos.v1.ExecutorInfo"},
	{"mesos.v1.executor.Event.Subscribed", "framework_info", 2, kMessage, req, "mesos.v1.FrameworkInfo"},
	{"mesos.v1.executor.Event.Subscribed", "agent_info", 3, kMessage, req, "mesos.v1.AgentInfo"},
	{"mesos.v1.executor.Event.Subscribed", "container_id", 4, kMessage, opt, "mesos.v1.ContainerID"},
	{"mesos.v1.executor.Event.Launch", "task", 1, kMessage, req, "mesos.v1.TaskInfo"},
	{"mesos.v1.executor.Event.LaunchGroup", "task_group", 1, kMessage, req, "mesos.v1.TaskGroupInfo"},
	{"mesos.v1.executor.Event.Kill", "task_id", 1, kMessage, req, "mesos.v1.TaskID"},
	{"mesos.v1.executor.Event.Kill", "kill_policy", 2, kMessage, opt, "mesos.v1.KillPolicy"},
	{"mesos.v1.executor.Event.Acknowledged", "task_id", 1, kMessage, req, "mesos.v1.TaskID"},
	{"mesos.v1.executor.Event.Acknowledged", "uuid", 2, kBytes, req, ""},
	{"mesos.v1.executor.Event.Message", "data", 1, kBytes, req, ""},
	{"mesos.v1.executor.Event.Error", "message", 1, kString, req, ""},
}

func TestFieldNumbers(t *testing.T) {
	schematest.CheckFields(t, fieldPins)
}

// enumPins is every value of Call.Type and Event.Type.
var enumPins = []enumPin{
	{"mesos.v1.executor.Call.Type", "UNKNOWN", 0},
	{"mesos.v1.executor.Call.Type", "SUBSCRIBE", 1},
	{"mesos.v1.executor.Call.Type", "UPDATE", 2},
	{"mesos.v1.executor.Call.Type", "MESSAGE", 3},
	{"mesos.v1.executor.Call.Type", "HEARTBEAT", 4},
	{"mesos.v1.executor.Event.Type", "UNKNOWN", 0},
	{"mesos.v1.executor.Event.Type", "SUBSCRIBED", 1},
	{"mesos.v1.executor.Event.Type", "LAUNCH", 2},
	{"mesos.v1.executor.Event.Type", "LAUNCH_GROUP", 8},
	{"mesos.v1.executor.Event.Type", "KILL", 3},
	{"mesos.v1.executor.Event.Type", "ACKNOWLEDGED", 4},
	{"mesos.v1.executor.Event.Type", "MESSAGE", 5},
	{"mesos.v1.executor.Event.Type", "ERROR", 6},
	{"mesos.v1.executor.Event.Type", "SHUTDOWN", 7},
	{"mesos.v1.executor.Event.Type", "HEARTBEAT", 9},
}

func TestEnumNumbers(t *testing.T) {
	schematest.CheckEnums(t, enumPins)
}

// TestEveryMessagePinned makes sure the tables above cover the whole file.
func TestEveryMessagePinned(t *testing.T) {
	pinned := map[protoreflect.FullName]bool{}
	for _, p := range fieldPins {
		pinned[p.Message] = true
	}
	for _, p := range enumPins {
		pinned[p.Enum] = true
	}
	file := executorv1.File_mesos_v1_executor_executor_proto
	schematest.WalkMessages(file, func(md protoreflect.MessageDescriptor) {
		if md.Fields().Len() > 0 && !pinned[md.FullName()] {
			t.Errorf("message %s has no pinned fields", md.FullName())
		}
	})
	schematest.WalkEnums(file, func(ed protoreflect.EnumDescriptor) {
		if !pinned[ed.FullName()] {
			t.Errorf("enum %s is not pinned", ed.FullName())
		}
	})
}

// TestRoundTrip fills every field of every message in the file and checks
// that it survives the wire unchanged.
func TestRoundTrip(t *testing.T) {
	schematest.WalkMessages(executorv1.File_mesos_v1_executor_executor_proto, func(md protoreflect.MessageDescriptor) {
		t.Run(string(md.FullName()), func(t *testing.T) {
			mt, err := protoregistry.GlobalTypes.FindMessageByName(md.FullName())
			if err != nil {
				t.Fatal(err)
			}
			m := mt.New()
			schematest.Fill(m, 3)
			b, err := proto.MarshalOptions{AllowPartial: true, Deterministic: true}.Marshal(m.Interface())
			if err != nil {
				t.Fatal(err)
			}
			got := mt.New().Interface()
			if err := (proto.UnmarshalOptions{AllowPartial: true}).Unmarshal(b, got); err != nil {
				t.Fatal(err)
			}
			if !proto.Equal(m.Interface(), got) {
				t.Error("round trip changed the message")
			}
		})
	})
}

// TestRequiredFields checks that the proto2 required fields Mesos declares
// are enforced: an UPDATE call without executor_id/framework_id does not
// marshal, and one with them does.
func TestRequiredFields(t *testing.T) {
	status := &mesosv1.TaskStatus{
		TaskId: &mesosv1.TaskID{Value: proto.String("t-1")},
		State:  mesosv1.TaskState_TASK_RUNNING.Enum(),
		Uuid:   []byte("0123456789abcdef"),
	}
	tests := []struct {
		name    string
		call    *executorv1.Call
		wantErr bool
	}{
		{"complete", &executorv1.Call{
			ExecutorId:  &mesosv1.ExecutorID{Value: proto.String("e-1")},
			FrameworkId: &mesosv1.FrameworkID{Value: proto.String("fw-1")},
			Type:        executorv1.Call_UPDATE.Enum(),
			Update:      &executorv1.Call_Update{Status: status},
		}, false},
		{"no framework_id", &executorv1.Call{
			ExecutorId: &mesosv1.ExecutorID{Value: proto.String("e-1")},
			Type:       executorv1.Call_HEARTBEAT.Enum(),
		}, true},
		{"update without status", &executorv1.Call{
			ExecutorId:  &mesosv1.ExecutorID{Value: proto.String("e-1")},
			FrameworkId: &mesosv1.FrameworkID{Value: proto.String("fw-1")},
			Type:        executorv1.Call_UPDATE.Enum(),
			Update:      &executorv1.Call_Update{},
		}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := proto.Marshal(tt.call)
			if (err != nil) != tt.wantErr {
				t.Errorf("Marshal error = %v, want error: %v", err, tt.wantErr)
			}
		})
	}
}
