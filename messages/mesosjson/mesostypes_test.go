package mesosjson_test

import (
	"testing"

	"google.golang.org/protobuf/proto"

	"github.com/mactor/mactor/messages/mesos"
	mesosv1 "github.com/mactor/mactor/messages/mesos/v1"
	schedulerv1 "github.com/mactor/mactor/messages/mesos/v1/scheduler"
	"github.com/mactor/mactor/messages/mesosjson"
)

// TestMesosTypes pins the dialect on real Mesos messages: the JSON below is
// what Mesos 1.11's jsonify(JSON::Protobuf(...)) produces for them (field
// declaration order, defaults of unset fields, numbers for 64-bit integers,
// base64 bytes, enum names, "x.0" doubles).
func TestMesosTypes(t *testing.T) {
	tests := []struct {
		name string
		msg  proto.Message
		want string
	}{
		{"v1 resource with ranges and reservation",
			&mesosv1.Resource{
				Name:   proto.String("ports"),
				Type:   mesosv1.Value_RANGES.Enum(),
				Ranges: &mesosv1.Value_Ranges{Range: []*mesosv1.Value_Range{{Begin: proto.Uint64(31000), End: proto.Uint64(32000)}}},
				Reservations: []*mesosv1.Resource_ReservationInfo{
					{Type: mesosv1.Resource_ReservationInfo_DYNAMIC.Enum(), Role: proto.String("web"), Principal: proto.String("ops")},
				},
			},
			`{"name":"ports","type":"RANGES","ranges":{"range":[{"begin":31000,"end":32000}]},"reservations":[{"type":"DYNAMIC","role":"web","principal":"ops"}]}`},
		{"v1 task status",
			&mesosv1.TaskStatus{
				TaskId:          &mesosv1.TaskID{Value: proto.String("t1")},
				State:           mesosv1.TaskState_TASK_RUNNING.Enum(),
				Source:          mesosv1.TaskStatus_SOURCE_AGENT.Enum(),
				Reason:          mesosv1.TaskStatus_REASON_AGENT_RESTARTED.Enum(),
				Uuid:            []byte{0xde, 0xad, 0xbe, 0xef},
				Timestamp:       proto.Float64(1600000000),
				UnreachableTime: &mesosv1.TimeInfo{Nanoseconds: proto.Int64(1600000000123456789)},
			},
			`{"task_id":{"value":"t1"},"state":"TASK_RUNNING","source":"SOURCE_AGENT","reason":"REASON_AGENT_RESTARTED","timestamp":1600000000.0,"uuid":"3q2+7w==","unreachable_time":{"nanoseconds":1600000000123456789}}`},
		{"unversioned slave info writes its defaults",
			&mesos.SlaveInfo{Hostname: proto.String("h"), Id: &mesos.SlaveID{Value: proto.String("S1")}},
			`{"hostname":"h","port":5051,"id":{"value":"S1"},"checkpoint":false}`},
		{"heartbeat event",
			&schedulerv1.Event{Type: schedulerv1.Event_HEARTBEAT.Enum()},
			`{"type":"HEARTBEAT"}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := mesosjson.Marshal(tt.msg)
			if err != nil {
				t.Fatal(err)
			}
			if string(got) != tt.want {
				t.Errorf("Marshal:\n got %s\nwant %s", got, tt.want)
			}
			back := tt.msg.ProtoReflect().New().Interface()
			if err := mesosjson.Unmarshal(got, back); err != nil {
				t.Fatalf("Unmarshal(%s): %v", got, err)
			}
			again, _ := mesosjson.Marshal(back)
			if string(again) != tt.want {
				t.Errorf("re-Marshal:\n got %s\nwant %s", again, tt.want)
			}
		})
	}
}

// Mesos-go (and old Mesos clients) send "null" for empty repeated fields
// and may send int64 values as strings; both must be read.
func TestMesosTypesTolerant(t *testing.T) {
	in := `{"type":"SUBSCRIBE","subscribe":{"framework_info":{"user":"u","name":"n","roles":["r"],"capabilities":null}},"unknown":true}`
	var call schedulerv1.Call
	if err := mesosjson.Unmarshal([]byte(in), &call); err != nil {
		t.Fatal(err)
	}
	fi := call.GetSubscribe().GetFrameworkInfo()
	if call.GetType() != schedulerv1.Call_SUBSCRIBE || fi.GetUser() != "u" || len(fi.GetRoles()) != 1 || fi.Capabilities != nil {
		t.Errorf("decoded %v", &call)
	}
	var ti mesosv1.TimeInfo
	if err := mesosjson.Unmarshal([]byte(`{"nanoseconds":"-5"}`), &ti); err != nil || ti.GetNanoseconds() != -5 {
		t.Errorf("TimeInfo = %v, %v", &ti, err)
	}
	// A required field is missing: Mesos answers 400, we return an error.
	if err := mesosjson.Unmarshal([]byte(`{"nanoseconds":null}`), &ti); err == nil {
		t.Error("missing required nanoseconds accepted")
	}
}
