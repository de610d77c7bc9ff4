package wirecompat

import (
	"reflect"
	"testing"

	"google.golang.org/protobuf/encoding/prototext"
	"google.golang.org/protobuf/proto"

	"github.com/mactor/mactor/messages/mesos"
	"github.com/mesos/mesos-go/api/v0/mesosproto"
)

// mesos-go's api/v0/mesosproto is the unversioned ("slave") schema of the
// old scheduler driver, at about Mesos 0.28. These fixtures use only fields
// it has, in our unversioned package mesos (the types of the allocator and
// hook module interfaces).

func v0Labels() *mesos.Labels {
	return &mesos.Labels{Labels: []*mesos.Label{{Key: str("k"), Value: str("v")}, {Key: str("bare")}}}
}

func v0Resources() []*mesos.Resource {
	return []*mesos.Resource{
		{Name: str("cpus"), Type: mesos.Value_SCALAR.Enum(), Scalar: &mesos.Value_Scalar{Value: f64(4)},
			Role: str("web"), Reservation: &mesos.Resource_ReservationInfo{Principal: str("ops")}},
		{Name: str("ports"), Type: mesos.Value_RANGES.Enum(), Ranges: &mesos.Value_Ranges{Range: []*mesos.Value_Range{{Begin: u64(31000), End: u64(32000)}}}},
		{Name: str("zones"), Type: mesos.Value_SET.Enum(), Set: &mesos.Value_Set{Item: []string{"a", "b"}}, Revocable: &mesos.Resource_RevocableInfo{}},
		{Name: str("disk"), Type: mesos.Value_SCALAR.Enum(), Scalar: &mesos.Value_Scalar{Value: f64(100)}, Role: str("db"),
			Disk: &mesos.Resource_DiskInfo{
				Persistence: &mesos.Resource_DiskInfo_Persistence{Id: str("pv")},
				Volume:      &mesos.Volume{ContainerPath: str("data"), Mode: mesos.Volume_RW.Enum()},
			}},
	}
}

func v0Attributes() []*mesos.Attribute {
	return []*mesos.Attribute{
		{Name: str("s"), Type: mesos.Value_SCALAR.Enum(), Scalar: &mesos.Value_Scalar{Value: f64(1.5)}},
		{Name: str("r"), Type: mesos.Value_RANGES.Enum(), Ranges: &mesos.Value_Ranges{Range: []*mesos.Value_Range{{Begin: u64(1), End: u64(2)}}}},
		{Name: str("set"), Type: mesos.Value_SET.Enum(), Set: &mesos.Value_Set{Item: []string{"x"}}},
		{Name: str("t"), Type: mesos.Value_TEXT.Enum(), Text: &mesos.Value_Text{Value: str("rack-1")}},
	}
}

func v0Command() *mesos.CommandInfo {
	return &mesos.CommandInfo{
		Uris:        []*mesos.CommandInfo_URI{{Value: str("http://x/y.tgz"), Extract: yes}},
		Environment: &mesos.Environment{Variables: []*mesos.Environment_Variable{{Name: str("A"), Value: str("1")}}},
		Shell:       no, Value: str("/bin/run"), Arguments: []string{"run", "-v"}, User: str("nobody"),
	}
}

func v0Fixtures() []struct {
	name   string
	ours   proto.Message
	theirs gogoMessage
} {
	exec := &mesos.ExecutorInfo{
		ExecutorId: &mesos.ExecutorID{Value: str("e")}, FrameworkId: &mesos.FrameworkID{Value: str("f")},
		Command: v0Command(), Resources: v0Resources()[:1], Name: str("exec"), Data: []byte{9},
	}
	return []struct {
		name   string
		ours   proto.Message
		theirs gogoMessage
	}{
		{"FrameworkInfo", &mesos.FrameworkInfo{
			User: str("root"), Name: str("fw"), Id: &mesos.FrameworkID{Value: str("f")}, FailoverTimeout: f64(3600),
			Checkpoint: yes, Role: str("web"), Hostname: str("h"), Principal: str("p"), WebuiUrl: str("http://h"),
			Capabilities: []*mesos.FrameworkInfo_Capability{{Type: mesos.FrameworkInfo_Capability_REVOCABLE_RESOURCES.Enum()}},
			Labels:       v0Labels(),
		}, new(mesosproto.FrameworkInfo)},
		{"SlaveInfo", &mesos.SlaveInfo{
			Hostname: str("a1"), Port: i32(5052), Resources: v0Resources(), Attributes: v0Attributes(),
			Id: &mesos.SlaveID{Value: str("S1")}, Checkpoint: yes,
		}, new(mesosproto.SlaveInfo)},
		{"Resource/disk", v0Resources()[3], new(mesosproto.Resource)},
		{"Offer", &mesos.Offer{
			Id: &mesos.OfferID{Value: str("o")}, FrameworkId: &mesos.FrameworkID{Value: str("f")}, SlaveId: &mesos.SlaveID{Value: str("S1")},
			Hostname: str("a1"), Resources: v0Resources(), Attributes: v0Attributes(), ExecutorIds: []*mesos.ExecutorID{{Value: str("e")}},
		}, new(mesosproto.Offer)},
		{"TaskInfo", &mesos.TaskInfo{
			Name: str("t"), TaskId: &mesos.TaskID{Value: str("t1")}, SlaveId: &mesos.SlaveID{Value: str("S1")},
			Resources: v0Resources()[:2], Executor: exec, Data: []byte("d"), Labels: v0Labels(),
		}, new(mesosproto.TaskInfo)},
		{"TaskStatus", &mesos.TaskStatus{
			TaskId: &mesos.TaskID{Value: str("t1")}, State: mesos.TaskState_TASK_LOST.Enum(), Message: str("gone"),
			Source: mesos.TaskStatus_SOURCE_SLAVE.Enum(), Reason: mesos.TaskStatus_REASON_SLAVE_REMOVED.Enum(),
			Data: []byte{1}, SlaveId: &mesos.SlaveID{Value: str("S1")}, ExecutorId: &mesos.ExecutorID{Value: str("e")},
			Timestamp: f64(1.25), Uuid: []byte("0123456789abcdef"), Healthy: no, Labels: v0Labels(),
		}, new(mesosproto.TaskStatus)},
		{"ExecutorInfo", exec, new(mesosproto.ExecutorInfo)},
		{"Environment", v0Command().Environment, new(mesosproto.Environment)},
		{"Labels", v0Labels(), new(mesosproto.Labels)},
	}
}

// TestUnversionedAgainstV0 carries our unversioned messages to and from
// mesos-go's v0 mesosproto, in binary.
func TestUnversionedAgainstV0(t *testing.T) {
	for _, fx := range v0Fixtures() {
		t.Run(fx.name, func(t *testing.T) {
			b, err := proto.Marshal(fx.ours)
			if err != nil {
				t.Fatal(err)
			}
			if err := fx.theirs.Unmarshal(b); err != nil {
				t.Fatalf("mesosproto Unmarshal: %v", err)
			}
			comparer{t: t}.message(fx.name, fx.ours.ProtoReflect(), reflect.ValueOf(fx.theirs))

			wire, err := fx.theirs.Marshal()
			if err != nil {
				t.Fatalf("mesosproto Marshal: %v", err)
			}
			back := fx.ours.ProtoReflect().New().Interface()
			if err := proto.Unmarshal(wire, back); err != nil {
				t.Fatalf("Unmarshal of mesosproto bytes: %v", err)
			}
			comparer{t: t}.message(fx.name, back.ProtoReflect(), reflect.ValueOf(fx.theirs))
			if !proto.Equal(back, fx.ours) {
				t.Errorf("round trip through mesosproto changed the message:\n got %s\nwant %s", prototext.Format(back), prototext.Format(fx.ours))
			}
		})
	}
}
