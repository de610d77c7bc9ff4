package mesoshttp_test

import (
	"bytes"
	"errors"
	"io"
	"testing"

	"google.golang.org/protobuf/proto"

	"github.com/mactor/mactor/internal/mesoshttp"
	mesosv1 "github.com/mactor/mactor/messages/mesos/v1"
	schedulerv1 "github.com/mactor/mactor/messages/mesos/v1/scheduler"
)

func TestEventStreamRoundTrip(t *testing.T) {
	events := []*schedulerv1.Event{
		{
			Type: schedulerv1.Event_SUBSCRIBED.Enum(),
			Subscribed: &schedulerv1.Event_Subscribed{
				FrameworkId:              &mesosv1.FrameworkID{Value: proto.String("fw-1")},
				HeartbeatIntervalSeconds: proto.Float64(15),
			},
		},
		{Type: schedulerv1.Event_HEARTBEAT.Enum()},
		{Type: schedulerv1.Event_ERROR.Enum(), Error: &schedulerv1.Event_Error{Message: proto.String("Framework has been removed")}},
	}
	for _, enc := range []mesoshttp.Encoding{mesoshttp.JSON, mesoshttp.Protobuf} {
		t.Run(enc.String(), func(t *testing.T) {
			var buf bytes.Buffer
			w := mesoshttp.NewEventWriter(&buf, enc)
			for _, e := range events {
				if err := w.Write(e); err != nil {
					t.Fatal(err)
				}
			}
			if enc == mesoshttp.JSON && !bytes.Contains(buf.Bytes(), []byte(`"type":"HEARTBEAT"`)) {
				t.Fatalf("JSON stream lacks enum names: %q", buf.String())
			}
			r := mesoshttp.NewEventReader(&buf, enc, 0)
			for i, want := range events {
				got := &schedulerv1.Event{}
				if err := r.Read(got); err != nil {
					t.Fatalf("event %d: %v", i, err)
				}
				if !proto.Equal(got, want) {
					t.Fatalf("event %d = %v, want %v", i, got, want)
				}
			}
			if err := r.Read(&schedulerv1.Event{}); !errors.Is(err, io.EOF) {
				t.Fatalf("end of stream: %v", err)
			}
		})
	}
}

func TestEventReaderSkipsUndecodableRecord(t *testing.T) {
	stream := "5\n{oops20\n{\"type\":\"HEARTBEAT\"}"
	r := mesoshttp.NewEventReader(bytes.NewBufferString(stream), mesoshttp.JSON, 0)
	if err := r.Read(&schedulerv1.Event{}); !errors.Is(err, mesoshttp.ErrInvalidMessage) {
		t.Fatalf("first record: %v", err)
	}
	e := &schedulerv1.Event{}
	if err := r.Read(e); err != nil || e.GetType() != schedulerv1.Event_HEARTBEAT {
		t.Fatalf("second record: %v %v", e, err)
	}
}

func TestMarshalRejectsMissingRequiredFields(t *testing.T) {
	// Call.Accept requires nothing, but an OfferID requires its value.
	call := &schedulerv1.Call{
		Type:    schedulerv1.Call_DECLINE.Enum(),
		Decline: &schedulerv1.Call_Decline{OfferIds: []*mesosv1.OfferID{{}}},
	}
	for _, enc := range []mesoshttp.Encoding{mesoshttp.JSON, mesoshttp.Protobuf} {
		if _, err := enc.Marshal(call); !errors.Is(err, mesoshttp.ErrInvalidMessage) {
			t.Errorf("%v: err = %v", enc, err)
		}
	}
}

func TestEncodingOf(t *testing.T) {
	tests := []struct {
		ct   string
		want mesoshttp.Encoding
		ok   bool
	}{
		{"application/json", mesoshttp.JSON, true},
		{"application/json; charset=utf-8", mesoshttp.JSON, true},
		{"application/x-protobuf", mesoshttp.Protobuf, true},
		{"text/plain", mesoshttp.JSON, false},
		{"", mesoshttp.JSON, false},
	}
	for _, tt := range tests {
		got, ok := mesoshttp.EncodingOf(tt.ct)
		if got != tt.want || ok != tt.ok {
			t.Errorf("EncodingOf(%q) = %v, %v", tt.ct, got, ok)
		}
	}
}
