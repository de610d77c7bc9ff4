package mesos_test

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"google.golang.org/protobuf/encoding/protojson"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protoreflect"
	"google.golang.org/protobuf/reflect/protoregistry"

	"github.com/mactor/mactor/messages/mesos"
	"github.com/mactor/mactor/messages/mesos/internal/schematest"
	mesosv1 "github.com/mactor/mactor/messages/mesos/v1"
)

// The v1 and unversioned files describe the same messages; the master
// converts between them by serialising one and parsing the other. These are
// the only naming differences Mesos 1.11 has between the two.
var (
	// v1 message name -> unversioned message name.
	renamedMessages = map[protoreflect.Name]protoreflect.Name{
		"AgentID":   "SlaveID",
		"AgentInfo": "SlaveInfo",
	}
	// v1 field full name -> unversioned field name (same number).
	renamedFields = map[protoreflect.FullName]protoreflect.Name{
		"mesos.v1.Offer.agent_id":           "slave_id",
		"mesos.v1.InverseOffer.agent_id":    "slave_id",
		"mesos.v1.TaskInfo.agent_id":        "slave_id",
		"mesos.v1.Task.agent_id":            "slave_id",
		"mesos.v1.TaskStatus.agent_id":      "slave_id",
		"mesos.v1.Operation.agent_id":       "slave_id",
		"mesos.v1.OperationStatus.agent_id": "slave_id",
		"mesos.v1.Request.agent_id":         "slave_id",
	}
	// Fields only the unversioned file has.
	unversionedOnly = map[protoreflect.FullName]bool{
		"mesos.SlaveInfo.checkpoint": true,
	}
	// Enum values only the unversioned file has. In 1.11.0, QUOTA_V2 was
	// added to the unversioned MasterInfo.Capability.Type but not (yet) to
	// the v1 one; a v1 parser keeps the value as an unknown field.
	unversionedOnlyValues = map[protoreflect.FullName]bool{
		"mesos.MasterInfo.Capability.QUOTA_V2": true,
	}
)

// unversionedName maps a v1 full name (message or enum) to the unversioned one.
func unversionedName(n protoreflect.FullName) protoreflect.FullName {
	parts := strings.Split(strings.TrimPrefix(string(n), "mesos.v1."), ".")
	for i, p := range parts {
		if r, ok := renamedMessages[protoreflect.Name(p)]; ok {
			parts[i] = string(r)
		}
	}
	return protoreflect.FullName("mesos." + strings.Join(parts, "."))
}

// unversionedEnumValue maps a v1 enum value name to the unversioned one.
func unversionedEnumValue(name protoreflect.Name) protoreflect.Name {
	s := string(name)
	s = strings.Replace(s, "SOURCE_AGENT", "SOURCE_SLAVE", 1)
	s = strings.Replace(s, "REASON_AGENT_", "REASON_SLAVE_", 1)
	return protoreflect.Name(s)
}

func findUnversioned(t *testing.T, v1 protoreflect.FullName) protoreflect.Descriptor {
	t.Helper()
	d, err := protoregistry.GlobalFiles.FindDescriptorByName(unversionedName(v1))
	if err != nil {
		t.Fatalf("no unversioned counterpart of %s: %v", v1, err)
	}
	return d
}

// TestSchemasAgree checks, for every message and enum of mesos/v1/mesos.proto,
// that its unversioned counterpart has the same field numbers, kinds, labels
// and types, and the same names except for the renames listed above.
func TestSchemasAgree(t *testing.T) {
	file := mesosv1.File_mesos_v1_mesos_proto
	seenRenames := map[protoreflect.FullName]bool{}
	schematest.WalkMessages(file, func(v1 protoreflect.MessageDescriptor) {
		t.Run(string(v1.FullName()), func(t *testing.T) {
			un := findUnversioned(t, v1.FullName()).(protoreflect.MessageDescriptor)
			for i := 0; i < v1.Fields().Len(); i++ {
				f1 := v1.Fields().Get(i)
				fu := un.Fields().ByNumber(f1.Number())
				if fu == nil {
					t.Errorf("%s has no field number %d (%s)", un.FullName(), f1.Number(), f1.Name())
					continue
				}
				wantName := f1.Name()
				if r, ok := renamedFields[f1.FullName()]; ok {
					wantName = r
					seenRenames[f1.FullName()] = true
				}
				if fu.Name() != wantName {
					t.Errorf("field %d: unversioned name %s, want %s", f1.Number(), fu.Name(), wantName)
				}
				if fu.Kind() != f1.Kind() || fu.Cardinality() != f1.Cardinality() || fu.IsMap() != f1.IsMap() {
					t.Errorf("field %s: %v %v vs %v %v", f1.Name(), f1.Cardinality(), f1.Kind(), fu.Cardinality(), fu.Kind())
				}
				if got, want := schematest.TypeString(fu), strings.ReplaceAll(mapV1Type(schematest.TypeString(f1)), "mesos.v1.", "mesos."); got != want {
					t.Errorf("field %s: type %s, want %s", f1.Name(), got, want)
				}
				if f1.HasDefault() != fu.HasDefault() || schematest.DefaultString(f1) != unversionedDefault(fu) {
					t.Errorf("field %s: default %q vs %q", f1.Name(), schematest.DefaultString(f1), schematest.DefaultString(fu))
				}
				if (f1.ContainingOneof() == nil) != (fu.ContainingOneof() == nil) {
					t.Errorf("field %s: oneof membership differs", f1.Name())
				}
			}
			for i := 0; i < un.Fields().Len(); i++ {
				fu := un.Fields().Get(i)
				if v1.Fields().ByNumber(fu.Number()) == nil && !unversionedOnly[fu.FullName()] {
					t.Errorf("unversioned-only field %s = %d", fu.Name(), fu.Number())
				}
			}
		})
	})
	schematest.WalkEnums(file, func(v1 protoreflect.EnumDescriptor) {
		t.Run(string(v1.FullName()), func(t *testing.T) {
			un := findUnversioned(t, v1.FullName()).(protoreflect.EnumDescriptor)
			for i := 0; i < un.Values().Len(); i++ {
				u := un.Values().Get(i)
				if v1.Values().ByNumber(u.Number()) == nil && !unversionedOnlyValues[u.FullName()] {
					t.Errorf("unversioned-only value %s = %d", u.Name(), u.Number())
				}
			}
			for i := 0; i < v1.Values().Len(); i++ {
				v := v1.Values().Get(i)
				u := un.Values().ByNumber(v.Number())
				if u == nil || u.Name() != unversionedEnumValue(v.Name()) {
					t.Errorf("value %s = %d has no unversioned counterpart", v.Name(), v.Number())
				}
			}
		})
	})
	for f := range renamedFields {
		if !seenRenames[f] {
			t.Errorf("rename table lists %s, which does not exist", f)
		}
	}
}

func mapV1Type(s string) string {
	for from, to := range renamedMessages {
		s = strings.ReplaceAll(s, "."+string(from), "."+string(to))
	}
	return s
}

func unversionedDefault(fd protoreflect.FieldDescriptor) string {
	return string(unversionedEnumValue(protoreflect.Name(schematest.DefaultString(fd))))
}

var (
	strict  = proto.MarshalOptions{Deterministic: true}
	partial = proto.MarshalOptions{Deterministic: true, AllowPartial: true}
)

// convert re-parses from's wire bytes as to, as the Mesos master does, and
// checks that nothing was unknown to to and that to re-marshals to the same
// bytes.
func convert(t *testing.T, opts proto.MarshalOptions, from, to proto.Message) {
	t.Helper()
	b1, err := opts.Marshal(from)
	if err != nil {
		t.Fatalf("marshal %s: %v", from.ProtoReflect().Descriptor().FullName(), err)
	}
	if err := (proto.UnmarshalOptions{AllowPartial: opts.AllowPartial}).Unmarshal(b1, to); err != nil {
		t.Fatalf("unmarshal as %s: %v", to.ProtoReflect().Descriptor().FullName(), err)
	}
	if u := schematest.UnknownFields(to.ProtoReflect()); len(u) > 0 {
		t.Errorf("fields unknown to %s: %v", to.ProtoReflect().Descriptor().FullName(), u)
	}
	b2, err := opts.Marshal(to)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(b1, b2) {
		t.Errorf("re-marshalled bytes differ (%d vs %d bytes)", len(b1), len(b2))
	}
}

func sampleFrameworkInfo() *mesosv1.FrameworkInfo {
	return &mesosv1.FrameworkInfo{
		User:            proto.String("svc"),
		Name:            proto.String("analytics"),
		Id:              &mesosv1.FrameworkID{Value: proto.String("fw-1")},
		FailoverTimeout: proto.Float64(604800),
		Checkpoint:      proto.Bool(true),
		Roles:           []string{"analytics", "analytics/batch"},
		Hostname:        proto.String("sched.example.com"),
		Principal:       proto.String("analytics"),
		WebuiUrl:        proto.String("http://sched.example.com:8080"),
		Capabilities: []*mesosv1.FrameworkInfo_Capability{
			{Type: mesosv1.FrameworkInfo_Capability_MULTI_ROLE.Enum()},
			{Type: mesosv1.FrameworkInfo_Capability_PARTITION_AWARE.Enum()},
			{Type: mesosv1.FrameworkInfo_Capability_REGION_AWARE.Enum()},
		},
		Labels: &mesosv1.Labels{Labels: []*mesosv1.Label{{Key: proto.String("team"), Value: proto.String("data")}}},
		OfferFilters: map[string]*mesosv1.OfferFilters{
			"analytics": {MinAllocatableResources: &mesosv1.OfferFilters_MinAllocatableResources{
				Quantities: []*mesosv1.OfferFilters_ResourceQuantities{{
					Quantities: map[string]*mesosv1.Value_Scalar{
						"cpus": {Value: proto.Float64(0.5)},
						"mem":  {Value: proto.Float64(512)},
					},
				}},
			}},
		},
	}
}

func sampleOffer() *mesosv1.Offer {
	reserved := &mesosv1.Resource{
		Name:   proto.String("disk"),
		Type:   mesosv1.Value_SCALAR.Enum(),
		Scalar: &mesosv1.Value_Scalar{Value: proto.Float64(1024)},
		Reservations: []*mesosv1.Resource_ReservationInfo{{
			Type:      mesosv1.Resource_ReservationInfo_DYNAMIC.Enum(),
			Role:      proto.String("analytics"),
			Principal: proto.String("analytics"),
		}},
		Disk: &mesosv1.Resource_DiskInfo{
			Persistence: &mesosv1.Resource_DiskInfo_Persistence{Id: proto.String("vol-1")},
			Volume:      &mesosv1.Volume{ContainerPath: proto.String("data"), Mode: mesosv1.Volume_RW.Enum()},
			Source: &mesosv1.Resource_DiskInfo_Source{
				Type:  mesosv1.Resource_DiskInfo_Source_MOUNT.Enum(),
				Mount: &mesosv1.Resource_DiskInfo_Source_Mount{Root: proto.String("/mnt/d1")},
			},
		},
		AllocationInfo: &mesosv1.Resource_AllocationInfo{Role: proto.String("analytics")},
		ProviderId:     &mesosv1.ResourceProviderID{Value: proto.String("rp-1")},
		Shared:         &mesosv1.Resource_SharedInfo{},
	}
	return &mesosv1.Offer{
		Id:          &mesosv1.OfferID{Value: proto.String("o-1")},
		FrameworkId: &mesosv1.FrameworkID{Value: proto.String("fw-1")},
		AgentId:     &mesosv1.AgentID{Value: proto.String("a-1")},
		Hostname:    proto.String("agent1"),
		Url: &mesosv1.URL{
			Scheme:  proto.String("http"),
			Address: &mesosv1.Address{Hostname: proto.String("agent1"), Ip: proto.String("10.0.0.1"), Port: proto.Int32(5051)},
			Path:    proto.String("/slave(1)"),
		},
		Domain: &mesosv1.DomainInfo{FaultDomain: &mesosv1.DomainInfo_FaultDomain{
			Region: &mesosv1.DomainInfo_FaultDomain_RegionInfo{Name: proto.String("eu")},
			Zone:   &mesosv1.DomainInfo_FaultDomain_ZoneInfo{Name: proto.String("eu-1a")},
		}},
		Resources: []*mesosv1.Resource{
			{
				Name: proto.String("cpus"), Type: mesosv1.Value_SCALAR.Enum(),
				Scalar:    &mesosv1.Value_Scalar{Value: proto.Float64(2)},
				Revocable: &mesosv1.Resource_RevocableInfo{},
			},
			{
				Name: proto.String("ports"), Type: mesosv1.Value_RANGES.Enum(),
				Ranges: &mesosv1.Value_Ranges{Range: []*mesosv1.Value_Range{{Begin: proto.Uint64(31000), End: proto.Uint64(31099)}}},
			},
			{
				Name: proto.String("gpus-model"), Type: mesosv1.Value_SET.Enum(),
				Set: &mesosv1.Value_Set{Item: []string{"a100", "h100"}},
			},
			reserved,
		},
		Attributes: []*mesosv1.Attribute{
			{Name: proto.String("rack"), Type: mesosv1.Value_TEXT.Enum(), Text: &mesosv1.Value_Text{Value: proto.String("r1")}},
			{Name: proto.String("ssd"), Type: mesosv1.Value_SCALAR.Enum(), Scalar: &mesosv1.Value_Scalar{Value: proto.Float64(1)}},
		},
		ExecutorIds: []*mesosv1.ExecutorID{{Value: proto.String("e-1")}},
		Unavailability: &mesosv1.Unavailability{
			Start:    &mesosv1.TimeInfo{Nanoseconds: proto.Int64(1_700_000_000_000_000_000)},
			Duration: &mesosv1.DurationInfo{Nanoseconds: proto.Int64(3_600_000_000_000)},
		},
		AllocationInfo: &mesosv1.Resource_AllocationInfo{Role: proto.String("analytics")},
	}
}

func sampleTaskStatus() *mesosv1.TaskStatus {
	return &mesosv1.TaskStatus{
		TaskId:     &mesosv1.TaskID{Value: proto.String("t-1")},
		State:      mesosv1.TaskState_TASK_LOST.Enum(),
		Message:    proto.String("agent disconnected"),
		Source:     mesosv1.TaskStatus_SOURCE_AGENT.Enum(),
		Reason:     mesosv1.TaskStatus_REASON_AGENT_DISCONNECTED.Enum(),
		Data:       []byte{0, 1, 2, 0xff},
		AgentId:    &mesosv1.AgentID{Value: proto.String("a-1")},
		ExecutorId: &mesosv1.ExecutorID{Value: proto.String("e-1")},
		Timestamp:  proto.Float64(1.7e9),
		Uuid:       []byte("0123456789abcdef"),
		Healthy:    proto.Bool(false),
		CheckStatus: &mesosv1.CheckStatusInfo{
			Type:    mesosv1.CheckInfo_COMMAND.Enum(),
			Command: &mesosv1.CheckStatusInfo_Command{ExitCode: proto.Int32(1)},
		},
		Labels: &mesosv1.Labels{Labels: []*mesosv1.Label{{Key: proto.String("k")}}},
		ContainerStatus: &mesosv1.ContainerStatus{
			ContainerId: &mesosv1.ContainerID{Value: proto.String("c-2"), Parent: &mesosv1.ContainerID{Value: proto.String("c-1")}},
			ExecutorPid: proto.Uint32(4242),
		},
		UnreachableTime: &mesosv1.TimeInfo{Nanoseconds: proto.Int64(1)},
		Limitation: &mesosv1.TaskResourceLimitation{Resources: []*mesosv1.Resource{{
			Name: proto.String("mem"), Type: mesosv1.Value_SCALAR.Enum(), Scalar: &mesosv1.Value_Scalar{Value: proto.Float64(64)},
		}}},
	}
}

// TestWireIdentical marshals populated v1 messages, parses the bytes as the
// unversioned messages (and back), and requires every field to be known and
// the bytes to survive unchanged.
func TestWireIdentical(t *testing.T) {
	t.Run("FrameworkInfo", func(t *testing.T) {
		v1 := sampleFrameworkInfo()
		var un mesos.FrameworkInfo
		convert(t, strict, v1, &un)
		if un.GetName() != "analytics" || un.GetId().GetValue() != "fw-1" || len(un.GetCapabilities()) != 3 ||
			un.GetCapabilities()[0].GetType() != mesos.FrameworkInfo_Capability_MULTI_ROLE ||
			un.GetOfferFilters()["analytics"].GetMinAllocatableResources().GetQuantities()[0].GetQuantities()["mem"].GetValue() != 512 {
			t.Errorf("unexpected unversioned FrameworkInfo: %v", &un)
		}
		var back mesosv1.FrameworkInfo
		convert(t, strict, &un, &back)
		if !proto.Equal(v1, &back) {
			t.Error("v1 -> unversioned -> v1 is not lossless")
		}
	})
	t.Run("Offer", func(t *testing.T) {
		v1 := sampleOffer()
		var un mesos.Offer
		convert(t, strict, v1, &un)
		if un.GetSlaveId().GetValue() != "a-1" || un.GetDomain().GetFaultDomain().GetZone().GetName() != "eu-1a" ||
			un.GetResources()[3].GetDisk().GetSource().GetType() != mesos.Resource_DiskInfo_Source_MOUNT ||
			un.GetResources()[3].GetReservations()[0].GetType() != mesos.Resource_ReservationInfo_DYNAMIC ||
			un.GetAllocationInfo().GetRole() != "analytics" {
			t.Errorf("unexpected unversioned Offer: %v", &un)
		}
		var back mesosv1.Offer
		convert(t, strict, &un, &back)
		if !proto.Equal(v1, &back) {
			t.Error("v1 -> unversioned -> v1 is not lossless")
		}
	})
	t.Run("TaskStatus", func(t *testing.T) {
		v1 := sampleTaskStatus()
		var un mesos.TaskStatus
		convert(t, strict, v1, &un)
		if un.GetSlaveId().GetValue() != "a-1" || un.GetSource() != mesos.TaskStatus_SOURCE_SLAVE ||
			un.GetReason() != mesos.TaskStatus_REASON_SLAVE_DISCONNECTED || un.GetState() != mesos.TaskState_TASK_LOST ||
			un.GetContainerStatus().GetContainerId().GetParent().GetValue() != "c-1" {
			t.Errorf("unexpected unversioned TaskStatus: %v", &un)
		}
		var back mesosv1.TaskStatus
		convert(t, strict, &un, &back)
		if !proto.Equal(v1, &back) {
			t.Error("v1 -> unversioned -> v1 is not lossless")
		}
	})
}

// TestWireIdenticalAllMessages does the same for every message of the v1
// file, with every field set (three levels deep).
func TestWireIdenticalAllMessages(t *testing.T) {
	schematest.WalkMessages(mesosv1.File_mesos_v1_mesos_proto, func(md protoreflect.MessageDescriptor) {
		t.Run(string(md.FullName()), func(t *testing.T) {
			mt1, err := protoregistry.GlobalTypes.FindMessageByName(md.FullName())
			if err != nil {
				t.Fatal(err)
			}
			mtu, err := protoregistry.GlobalTypes.FindMessageByName(unversionedName(md.FullName()))
			if err != nil {
				t.Fatal(err)
			}
			v1 := mt1.New()
			schematest.Fill(v1, 3)
			un := mtu.New().Interface()
			convert(t, partial, v1.Interface(), un)
			back := mt1.New().Interface()
			convert(t, partial, un, back)
			if !proto.Equal(v1.Interface(), back) {
				t.Error("v1 -> unversioned -> v1 is not lossless")
			}
		})
	})
}

// TestJSONNames shows what differs in JSON: with proto field names (the
// form Mesos uses), v1 and unversioned JSON differ only in the renamed
// fields and enum values.
func TestJSONNames(t *testing.T) {
	opts := protojson.MarshalOptions{UseProtoNames: true}
	tests := []struct {
		name string
		v1   proto.Message
		un   proto.Message
		// substitutions turning v1 JSON into unversioned JSON
		renames []string
	}{
		{"FrameworkInfo", sampleFrameworkInfo(), &mesos.FrameworkInfo{}, nil},
		{"Offer", sampleOffer(), &mesos.Offer{}, []string{`"agent_id"`, `"slave_id"`}},
		{"TaskStatus", sampleTaskStatus(), &mesos.TaskStatus{}, []string{
			`"agent_id"`, `"slave_id"`, `"SOURCE_AGENT"`, `"SOURCE_SLAVE"`,
			`"REASON_AGENT_DISCONNECTED"`, `"REASON_SLAVE_DISCONNECTED"`,
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if err := (proto.UnmarshalOptions{}).Unmarshal(mustMarshal(t, tt.v1), tt.un); err != nil {
				t.Fatal(err)
			}
			j1, err := opts.Marshal(tt.v1)
			if err != nil {
				t.Fatal(err)
			}
			ju, err := opts.Marshal(tt.un)
			if err != nil {
				t.Fatal(err)
			}
			want := canonicalJSON(t, strings.NewReplacer(tt.renames...).Replace(string(j1)))
			if got := canonicalJSON(t, string(ju)); got != want {
				t.Errorf("unversioned JSON\n%s\nwant\n%s", got, want)
			}
			if len(tt.renames) > 0 && !strings.Contains(string(j1), tt.renames[0]) {
				t.Errorf("v1 JSON lacks %s: %s", tt.renames[0], j1)
			}
		})
	}
}

func mustMarshal(t *testing.T, m proto.Message) []byte {
	t.Helper()
	b, err := strict.Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// canonicalJSON re-encodes JSON with sorted keys (protojson output is
// deliberately unstable in whitespace).
func canonicalJSON(t *testing.T, s string) string {
	t.Helper()
	var v any
	if err := json.Unmarshal([]byte(s), &v); err != nil {
		t.Fatalf("%v: %s", err, s)
	}
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
