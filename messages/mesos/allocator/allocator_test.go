package mesosallocator_test

import (
	"testing"

	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protoreflect"

	"github.com/mactor/mactor/messages/mesos"
	mesosallocator "github.com/mactor/mactor/messages/mesos/allocator"
	"github.com/mactor/mactor/messages/mesos/internal/schematest"
)

// Local row types keep the table literals below local to this package.
type (
	fieldPin schematest.Field
	enumPin  schematest.EnumValue
)

const (
	req      = protoreflect.Required
	kEnum    = protoreflect.EnumKind
	kMessage = protoreflect.MessageKind
)

var fieldPins = []fieldPin{
	{"mesos.allocator.InverseOfferStatus", "status", 1, kEnum, req, "mesos.allocator.InverseOfferStatus.Status"},
	{"mesos.allocator.InverseOfferStatus", "framework_id", 2, kMessage, req, "mesos.FrameworkID"},
	{"mesos.allocator.InverseOfferStatus", "timestamp", 3, kMessage, req, "mesos.TimeInfo"},
}

// enumPins: note the Status enum starts at UNKNOWN = 1, not 0.
var enumPins = []enumPin{
	{"mesos.allocator.InverseOfferStatus.Status", "UNKNOWN", 1},
	{"mesos.allocator.InverseOfferStatus.Status", "ACCEPT", 2},
	{"mesos.allocator.InverseOfferStatus.Status", "DECLINE", 3},
}

func TestFieldNumbers(t *testing.T) {
	schematest.CheckFields(t, fieldPins)
}

func TestEnumNumbers(t *testing.T) {
	schematest.CheckEnums(t, enumPins)
}

func TestRoundTrip(t *testing.T) {
	tests := []struct {
		name string
		msg  *mesosallocator.InverseOfferStatus
	}{
		{"accept", &mesosallocator.InverseOfferStatus{
			Status:      mesosallocator.InverseOfferStatus_ACCEPT.Enum(),
			FrameworkId: &mesos.FrameworkID{Value: proto.String("fw-1")},
			Timestamp:   &mesos.TimeInfo{Nanoseconds: proto.Int64(1_700_000_000_000_000_000)},
		}},
		{"unknown", &mesosallocator.InverseOfferStatus{
			Status:      mesosallocator.InverseOfferStatus_UNKNOWN.Enum(),
			FrameworkId: &mesos.FrameworkID{Value: proto.String("fw-2")},
			Timestamp:   &mesos.TimeInfo{Nanoseconds: proto.Int64(0)},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b, err := proto.Marshal(tt.msg)
			if err != nil {
				t.Fatal(err)
			}
			var got mesosallocator.InverseOfferStatus
			if err := proto.Unmarshal(b, &got); err != nil {
				t.Fatal(err)
			}
			if !proto.Equal(tt.msg, &got) {
				t.Errorf("got %v, want %v", &got, tt.msg)
			}
		})
	}
	// All three fields are required.
	if _, err := proto.Marshal(&mesosallocator.InverseOfferStatus{}); err == nil {
		t.Error("empty InverseOfferStatus marshalled without error")
	}
}
