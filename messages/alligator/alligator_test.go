package alligator_test

import (
	"bytes"
	"fmt"
	"math"
	"slices"
	"strings"
	"testing"

	"google.golang.org/protobuf/encoding/protowire"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protoreflect"

	"github.com/mactor/mactor/messages/alligator"
	"github.com/mactor/mactor/messages/mesos"
)

// wantFields is elodina/alligator's mesos_allocation_go_module/allocator.proto
// (commit 67ade05) field by field: "Message.field" -> "label type number".
// A message type is written with its full proto name.
var wantFields = map[string]string{
	"SlaveResources.slaveId":                         "required mesos.SlaveID 1",
	"SlaveResources.resources":                       "repeated mesos.Resource 2",
	"FrameworkResources.frameworkId":                 "required mesos.FrameworkID 1",
	"FrameworkResources.resources":                   "repeated mesos.Resource 2",
	"AddFramework.frameworkId":                       "required mesos.FrameworkID 1",
	"AddFramework.frameworkInfo":                     "required mesos.FrameworkInfo 2",
	"AddFramework.slaveResources":                    "repeated allocator.SlaveResources 3",
	"RemoveFramework.frameworkId":                    "required mesos.FrameworkID 1",
	"ActivateFramework.frameworkId":                  "required mesos.FrameworkID 1",
	"DeactivateFramework.frameworkId":                "required mesos.FrameworkID 1",
	"AddSlave.slaveId":                               "required mesos.SlaveID 1",
	"AddSlave.slaveInfo":                             "required mesos.SlaveInfo 2",
	"AddSlave.total":                                 "repeated mesos.Resource 3",
	"AddSlave.frameworkResources":                    "repeated allocator.FrameworkResources 4",
	"RemoveSlave.slaveId":                            "required mesos.SlaveID 1",
	"UpdateSlave.slaveId":                            "required mesos.SlaveID 1",
	"UpdateSlave.resources":                          "repeated mesos.Resource 2",
	"ActivateSlave.slaveId":                          "required mesos.SlaveID 1",
	"DeactivateSlave.slaveId":                        "required mesos.SlaveID 1",
	"UpdateWhitelist.whitelist":                      "repeated string 1",
	"RequestResources.frameworkId":                   "required mesos.FrameworkID 1",
	"RequestResources.requests":                      "repeated mesos.Request 2",
	"UpdateAllocation.frameworkId":                   "required mesos.FrameworkID 1",
	"UpdateAllocation.slaveId":                       "required mesos.SlaveID 2",
	"UpdateAllocation.operations":                    "repeated mesos.Offer.Operation 3",
	"RecoverResources.frameworkId":                   "required mesos.FrameworkID 1",
	"RecoverResources.slaveId":                       "required mesos.SlaveID 2",
	"RecoverResources.resources":                     "repeated mesos.Resource 3",
	"RecoverResources.filters":                       "optional mesos.Filters 4",
	"ReviveOffers.frameworkId":                       "required mesos.FrameworkID 1",
	"UpdateFramework.frameworkId":                    "required mesos.FrameworkID 1",
	"UpdateFramework.frameworkInfo":                  "required mesos.FrameworkInfo 2",
	"MasterLaunchTaskLabelDecorator.taskInfo":        "required mesos.TaskInfo 1",
	"MasterLaunchTaskLabelDecorator.frameworkInfo":   "required mesos.FrameworkInfo 2",
	"MasterLaunchTaskLabelDecorator.slaveInfo":       "required mesos.SlaveInfo 3",
	"SlaveRunTaskLabelDecorator.taskInfo":            "required mesos.TaskInfo 1",
	"SlaveRunTaskLabelDecorator.frameworkInfo":       "required mesos.FrameworkInfo 2",
	"SlaveRunTaskLabelDecorator.slaveInfo":           "required mesos.SlaveInfo 3",
	"SlaveExecutorEnvironmentDecorator.executorInfo": "required mesos.ExecutorInfo 1",
	"SlaveRemoveExecutorHook.frameworkInfo":          "required mesos.FrameworkInfo 1",
	"SlaveRemoveExecutorHook.executorInfo":           "required mesos.ExecutorInfo 2",
}

// wantMessages is the declaration order of the upstream file.
var wantMessages = []string{
	"SlaveResources", "FrameworkResources", "AddFramework", "RemoveFramework",
	"ActivateFramework", "DeactivateFramework", "AddSlave", "RemoveSlave",
	"UpdateSlave", "ActivateSlave", "DeactivateSlave", "UpdateWhitelist",
	"RequestResources", "UpdateAllocation", "RecoverResources", "ReviveOffers",
	"UpdateFramework", "MasterLaunchTaskLabelDecorator",
	"SlaveRunTaskLabelDecorator", "SlaveExecutorEnvironmentDecorator",
	"SlaveRemoveExecutorHook",
}

func describe(fd protoreflect.FieldDescriptor) string {
	typ := fd.Kind().String()
	if md := fd.Message(); md != nil {
		typ = string(md.FullName())
	}
	return fmt.Sprintf("%s %s %d", fd.Cardinality(), typ, fd.Number())
}

func TestSchemaMatchesAlligator(t *testing.T) {
	fd := alligator.File_allocator_allocator_proto
	if fd.Package() != "allocator" || fd.Syntax() != protoreflect.Proto2 {
		t.Fatalf("package %q syntax %v, want allocator proto2", fd.Package(), fd.Syntax())
	}
	var gotMessages []string
	seen := map[string]bool{}
	msgs := fd.Messages()
	for i := 0; i < msgs.Len(); i++ {
		md := msgs.Get(i)
		gotMessages = append(gotMessages, string(md.Name()))
		if md.Messages().Len() > 0 || md.Enums().Len() > 0 || md.Oneofs().Len() > 0 {
			t.Errorf("%s has nested declarations; upstream has none", md.Name())
		}
		fields := md.Fields()
		for j := 0; j < fields.Len(); j++ {
			f := fields.Get(j)
			key := string(md.Name()) + "." + string(f.Name())
			seen[key] = true
			want, ok := wantFields[key]
			switch {
			case !ok:
				t.Errorf("%s = %q is not in alligator's schema", key, describe(f))
			case describe(f) != want:
				t.Errorf("%s = %q, want %q", key, describe(f), want)
			}
			if f.HasDefault() {
				t.Errorf("%s has a default; upstream has none", key)
			}
		}
	}
	for key := range wantFields {
		if !seen[key] {
			t.Errorf("field %s is missing", key)
		}
	}
	if !slices.Equal(gotMessages, wantMessages) {
		t.Errorf("messages = %v\nwant %v", gotMessages, wantMessages)
	}
}

func TestNew(t *testing.T) {
	types := alligator.EventTypes()
	if len(types) != 19 || types[0] != "AddFramework" || types[18] != "SlaveRemoveExecutorHook" {
		t.Fatalf("EventTypes() = %v", types)
	}
	for _, name := range types {
		m, err := alligator.New(name)
		if err != nil {
			t.Fatal(err)
		}
		if got := string(m.ProtoReflect().Descriptor().FullName()); got != "allocator."+name {
			t.Errorf("New(%q) is a %s", name, got)
		}
	}
	for _, bad := range []string{"", "SlaveResources", "FrameworkResources", "addframework", "allocator.AddFramework", "Initialize"} {
		if _, err := alligator.New(bad); err == nil {
			t.Errorf("New(%q) succeeded", bad)
		}
	}
}

// The helpers below build protobuf bytes by hand, fields in ascending
// number order as C++'s SerializeToString writes them, so the tests do not
// depend on the Go encoder.

func str(num protowire.Number, s string) []byte {
	b := protowire.AppendTag(nil, num, protowire.BytesType)
	return protowire.AppendString(b, s)
}

func msg(num protowire.Number, parts ...[]byte) []byte {
	b := protowire.AppendTag(nil, num, protowire.BytesType)
	return protowire.AppendBytes(b, bytes.Join(parts, nil))
}

func varint(num protowire.Number, v uint64) []byte {
	b := protowire.AppendTag(nil, num, protowire.VarintType)
	return protowire.AppendVarint(b, v)
}

func double(num protowire.Number, f float64) []byte {
	b := protowire.AppendTag(nil, num, protowire.Fixed64Type)
	return protowire.AppendFixed64(b, math.Float64bits(f))
}

func cat(parts ...[]byte) []byte { return bytes.Join(parts, nil) }

// mesos.Resource{name, type=SCALAR, scalar{value}}: fields 1, 2, 3.
func scalarResource(name string, v float64) []byte {
	return cat(str(1, name), varint(2, 0), msg(3, double(1, v)))
}

// mesos.Resource{name, type=RANGES, ranges{range{begin,end}}}: 1, 2, 4.
func rangesResource(name string, begin, end uint64) []byte {
	return cat(str(1, name), varint(2, 1), msg(4, msg(1, varint(1, begin), varint(2, end))))
}

// mesos.FrameworkInfo: user=1, name=2, id=3, failover_timeout=4,
// checkpoint=5, role=6, hostname=7, principal=8, capabilities=10 {type=1},
// labels=11 {labels=1 {key=1, value=2}}, roles=12.
var frameworkInfo = cat(
	str(1, "root"), str(2, "marathon"), msg(3, str(1, "fw-1")), double(4, 604800),
	varint(5, 1), str(6, "*"), str(7, "m1.example"), str(8, "ops"),
	msg(10, varint(1, 6)), // MULTI_ROLE
	msg(11, msg(1, str(1, "team"), str(2, "infra"))),
	str(12, "web"), str(12, "batch"),
)

// mesos.SlaveInfo: hostname=1, resources=3, attributes=5 {name=1, type=2,
// text=5}, id=6, checkpoint=7, port=8.
var slaveInfo = cat(
	str(1, "a1.example"), msg(3, scalarResource("cpus", 8)),
	msg(5, str(1, "rack"), varint(2, 3), msg(5, str(1, "r7"))),
	msg(6, str(1, "S-1")), varint(7, 1), varint(8, 5051),
)

func TestDecodeCPlusPlusBytes(t *testing.T) {
	tests := []struct {
		eventType string
		wire      []byte
		check     func(t *testing.T, m proto.Message)
	}{
		{"AddFramework", cat(
			msg(1, str(1, "fw-1")),
			msg(2, frameworkInfo),
			msg(3, msg(1, str(1, "S-1")), msg(2, scalarResource("cpus", 1.5)), msg(2, rangesResource("ports", 31000, 31010))),
			msg(3, msg(1, str(1, "S-2"))),
		), func(t *testing.T, pm proto.Message) {
			m := pm.(*alligator.AddFramework)
			fi := m.GetFrameworkInfo()
			if m.GetFrameworkId().GetValue() != "fw-1" || fi.GetUser() != "root" || fi.GetName() != "marathon" ||
				fi.GetId().GetValue() != "fw-1" || fi.GetFailoverTimeout() != 604800 || !fi.GetCheckpoint() ||
				fi.GetHostname() != "m1.example" || fi.GetPrincipal() != "ops" ||
				fi.GetCapabilities()[0].GetType() != mesos.FrameworkInfo_Capability_MULTI_ROLE ||
				fi.GetLabels().GetLabels()[0].GetValue() != "infra" || !slices.Equal(fi.GetRoles(), []string{"web", "batch"}) {
				t.Errorf("frameworkInfo decoded as %v", fi)
			}
			sr := m.GetSlaveResources()
			if len(sr) != 2 || sr[0].GetSlaveId().GetValue() != "S-1" || sr[1].GetSlaveId().GetValue() != "S-2" {
				t.Fatalf("slaveResources = %v", sr)
			}
			res := sr[0].GetResources()
			if len(res) != 2 || res[0].GetName() != "cpus" || res[0].GetScalar().GetValue() != 1.5 ||
				res[1].GetType() != mesos.Value_RANGES || res[1].GetRanges().GetRange()[0].GetEnd() != 31010 {
				t.Errorf("resources = %v", res)
			}
		}},
		{"AddSlave", cat(
			msg(1, str(1, "S-1")),
			msg(2, slaveInfo),
			msg(3, scalarResource("cpus", 8)), msg(3, scalarResource("mem", 16384)),
			msg(4, msg(1, str(1, "fw-1")), msg(2, scalarResource("cpus", 2))),
		), func(t *testing.T, pm proto.Message) {
			m := pm.(*alligator.AddSlave)
			si := m.GetSlaveInfo()
			if m.GetSlaveId().GetValue() != "S-1" || si.GetHostname() != "a1.example" || si.GetPort() != 5051 ||
				!si.GetCheckpoint() || si.GetId().GetValue() != "S-1" ||
				si.GetAttributes()[0].GetText().GetValue() != "r7" || si.GetAttributes()[0].GetType() != mesos.Value_TEXT {
				t.Errorf("slaveInfo decoded as %v", si)
			}
			if len(m.GetTotal()) != 2 || m.GetTotal()[1].GetScalar().GetValue() != 16384 {
				t.Errorf("total = %v", m.GetTotal())
			}
			fr := m.GetFrameworkResources()
			if len(fr) != 1 || fr[0].GetFrameworkId().GetValue() != "fw-1" || fr[0].GetResources()[0].GetScalar().GetValue() != 2 {
				t.Errorf("frameworkResources = %v", fr)
			}
		}},
		{"UpdateSlave", cat(msg(1, str(1, "S-1")), msg(2, scalarResource("cpus", 4))),
			func(t *testing.T, pm proto.Message) {
				m := pm.(*alligator.UpdateSlave)
				if m.GetSlaveId().GetValue() != "S-1" || m.GetResources()[0].GetScalar().GetValue() != 4 {
					t.Errorf("decoded %v", m)
				}
			}},
		{"UpdateWhitelist", cat(str(1, "a1.example"), str(1, "a2.example")),
			func(t *testing.T, pm proto.Message) {
				if got := pm.(*alligator.UpdateWhitelist).GetWhitelist(); !slices.Equal(got, []string{"a1.example", "a2.example"}) {
					t.Errorf("whitelist = %v", got)
				}
			}},
		// mesos.Request: slave_id=1, resources=2.
		{"RequestResources", cat(msg(1, str(1, "fw-1")), msg(2, msg(1, str(1, "S-1")), msg(2, scalarResource("mem", 64)))),
			func(t *testing.T, pm proto.Message) {
				m := pm.(*alligator.RequestResources)
				if r := m.GetRequests(); len(r) != 1 || r[0].GetSlaveId().GetValue() != "S-1" || r[0].GetResources()[0].GetName() != "mem" {
					t.Errorf("decoded %v", m)
				}
			}},
		// mesos.Offer.Operation: type=1, reserve=3 {resources=1}.
		{"UpdateAllocation", cat(msg(1, str(1, "fw-1")), msg(2, str(1, "S-1")), msg(3, varint(1, 2), msg(3, msg(1, scalarResource("disk", 100))))),
			func(t *testing.T, pm proto.Message) {
				m := pm.(*alligator.UpdateAllocation)
				op := m.GetOperations()[0]
				if m.GetSlaveId().GetValue() != "S-1" || op.GetType() != mesos.Offer_Operation_RESERVE || op.GetReserve().GetResources()[0].GetName() != "disk" {
					t.Errorf("decoded %v", m)
				}
			}},
		// The C++ client sets filters (when given) before adding resources,
		// but serialization is by field number: resources=3, filters=4.
		{"RecoverResources", cat(msg(1, str(1, "fw-1")), msg(2, str(1, "S-1")), msg(3, scalarResource("cpus", 0.5)), msg(4, double(1, 30))),
			func(t *testing.T, pm proto.Message) {
				m := pm.(*alligator.RecoverResources)
				if m.GetResources()[0].GetScalar().GetValue() != 0.5 || m.GetFilters().GetRefuseSeconds() != 30 {
					t.Errorf("decoded %v", m)
				}
			}},
		{"RecoverResources", cat(msg(1, str(1, "fw-1")), msg(2, str(1, "S-1"))),
			func(t *testing.T, pm proto.Message) {
				m := pm.(*alligator.RecoverResources)
				if m.Filters != nil || m.GetFilters().GetRefuseSeconds() != 5 {
					t.Errorf("decoded %v; unset filters should default to 5 s", m)
				}
			}},
		{"ReviveOffers", msg(1, str(1, "fw-1")), func(t *testing.T, pm proto.Message) {
			if pm.(*alligator.ReviveOffers).GetFrameworkId().GetValue() != "fw-1" {
				t.Errorf("decoded %v", pm)
			}
		}},
		// mesos.TaskInfo: name=1, task_id=2, slave_id=3, resources=4,
		// command=7 {value=3}, labels=10.
		{"MasterLaunchTaskLabelDecorator", cat(
			msg(1, str(1, "web-1"), msg(2, str(1, "t-1")), msg(3, str(1, "S-1")), msg(4, scalarResource("cpus", 1)),
				msg(7, str(3, "python -m http.server")), msg(10, msg(1, str(1, "k"), str(2, "v")))),
			msg(2, frameworkInfo),
			msg(3, slaveInfo),
		), func(t *testing.T, pm proto.Message) {
			m := pm.(*alligator.MasterLaunchTaskLabelDecorator)
			ti := m.GetTaskInfo()
			if ti.GetName() != "web-1" || ti.GetSlaveId().GetValue() != "S-1" || ti.GetCommand().GetValue() != "python -m http.server" ||
				ti.GetLabels().GetLabels()[0].GetKey() != "k" || m.GetFrameworkInfo().GetName() != "marathon" || m.GetSlaveInfo().GetHostname() != "a1.example" {
				t.Errorf("decoded %v", m)
			}
		}},
		// mesos.ExecutorInfo: executor_id=1, command=7 {environment=2
		// {variables=1 {name=1, value=2}}, value=3}, framework_id=8, name=9.
		{"SlaveExecutorEnvironmentDecorator", msg(1,
			msg(1, str(1, "e-1")),
			msg(7, msg(2, msg(1, str(1, "PATH"), str(2, "/bin"))), str(3, "./executor")),
			msg(8, str(1, "fw-1")), str(9, "my executor"),
		), func(t *testing.T, pm proto.Message) {
			ei := pm.(*alligator.SlaveExecutorEnvironmentDecorator).GetExecutorInfo()
			if ei.GetExecutorId().GetValue() != "e-1" || ei.GetCommand().GetEnvironment().GetVariables()[0].GetValue() != "/bin" ||
				ei.GetFrameworkId().GetValue() != "fw-1" || ei.GetName() != "my executor" {
				t.Errorf("decoded %v", ei)
			}
		}},
		{"SlaveRemoveExecutorHook", cat(msg(1, frameworkInfo), msg(2, msg(1, str(1, "e-1")))),
			func(t *testing.T, pm proto.Message) {
				m := pm.(*alligator.SlaveRemoveExecutorHook)
				if m.GetFrameworkInfo().GetUser() != "root" || m.GetExecutorInfo().GetExecutorId().GetValue() != "e-1" {
					t.Errorf("decoded %v", m)
				}
			}},
	}
	for _, tt := range tests {
		t.Run(tt.eventType, func(t *testing.T) {
			m, err := alligator.New(tt.eventType)
			if err != nil {
				t.Fatal(err)
			}
			if err := proto.Unmarshal(tt.wire, m); err != nil {
				t.Fatalf("Unmarshal: %v", err)
			}
			if len(m.ProtoReflect().GetUnknown()) != 0 {
				t.Errorf("unknown fields left over: % x", m.ProtoReflect().GetUnknown())
			}
			tt.check(t, m)
			// And back: the Go encoder writes the same bytes C++ would.
			out, err := proto.MarshalOptions{Deterministic: true}.Marshal(m)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(out, tt.wire) {
				t.Errorf("re-encoded bytes differ\n got % x\nwant % x", out, tt.wire)
			}
		})
	}
}

func TestRequiredFieldsEnforced(t *testing.T) {
	// AddFramework without frameworkInfo: C++ would refuse to serialize it;
	// a Go server should notice rather than act on half a call.
	m, _ := alligator.New("AddFramework")
	err := proto.Unmarshal(msg(1, str(1, "fw-1")), m)
	if err == nil || !strings.Contains(err.Error(), "frameworkInfo") {
		t.Errorf("Unmarshal = %v, want a missing-required-field error", err)
	}
}
