package scheduler_test

import (
	"slices"
	"testing"

	"github.com/mactor/mactor/actors/scheduler"
	"github.com/mactor/mactor/internal/mesoshttp"
	"github.com/mactor/mactor/internal/recordio"
	mesosv1 "github.com/mactor/mactor/messages/mesos/v1"
	schedulerv1 "github.com/mactor/mactor/messages/mesos/v1/scheduler"
)

// sessionCallbacks is what the behaviour sees for testdata/session.jsonl.
var sessionCallbacks = []string{
	"init",
	"registered " + frameworkID,
	"offers 5a1d2c3e-8f4b-4c1e-9d7a-2b6e0f3c4d5e-O1,5a1d2c3e-8f4b-4c1e-9d7a-2b6e0f3c4d5e-O2",
	"rescinded 5a1d2c3e-8f4b-4c1e-9d7a-2b6e0f3c4d5e-O2",
	"update hello-1 TASK_STARTING",
	"update hello-1 TASK_FINISHED",
	"update hello-0 TASK_LOST",
	`message hello-1 "hello from the executor"`,
	"agent lost 0f9c5b7e-3a2d-4e8f-b1c6-7d5a4e3b2c1f-S1",
	"executor lost hello-1 9",
	"inverse offers 1",
	"inverse rescinded 5a1d2c3e-8f4b-4c1e-9d7a-2b6e0f3c4d5e-O3",
	"operation reserve-1 OPERATION_FINISHED",
}

// TestReplayRecordedSession replays a recorded master stream, in JSON and
// in protobuf, cut into HTTP chunks in several ways, and checks the
// callbacks, the calls the behaviour made and the acknowledgements.
func TestReplayRecordedSession(t *testing.T) {
	encodings := []struct {
		enc     scheduler.Encoding
		fixture string
	}{
		{scheduler.JSON, "session.json.rio"},
		{scheduler.Protobuf, "session.pb.rio"},
	}
	chunkings := []struct {
		name  string
		sizes []int
	}{
		{"whole stream in one chunk", nil},
		{"one byte per chunk", []int{1}},
		{"records split across chunks", []int{7, 300, 13}},
		{"several records per chunk", []int{1000}},
	}
	for _, e := range encodings {
		for _, c := range chunkings {
			t.Run(e.enc.String()+"/"+c.name, func(t *testing.T) {
				data := fixture(t, e.fixture)
				master := newFakeMaster(t, func(s *stream) {
					s.Replay(data, c.sizes...)
					s.Hold()
				})
				declineAll := &hooks{offers: func(d scheduler.Driver, offers []*mesosv1.Offer) {
					ids := make([]*mesosv1.OfferID, len(offers))
					for i, o := range offers {
						ids[i] = o.GetId()
					}
					if err := d.DeclineOffer(ids, nil); err != nil {
						t.Errorf("DeclineOffer: %v", err)
					}
				}}
				h := start(t, master, declineAll, scheduler.WithEncoding(e.enc))
				h.j.waitFor(t, "operation")
				if got := h.j.all(); !slices.Equal(got, sessionCallbacks) {
					t.Fatalf("callbacks:\n%q\nwant\n%q", got, sessionCallbacks)
				}
				master.waitFor("2 task acks and 1 operation ack", func() bool {
					return len(master.callsOf(schedulerv1.Call_ACKNOWLEDGE)) == 2 &&
						len(master.callsOf(schedulerv1.Call_ACKNOWLEDGE_OPERATION_STATUS)) == 1
				})

				sub := master.Subscribes()[0]
				if sub.enc != e.enc || sub.header.Get("Accept") != e.enc.ContentType() {
					t.Errorf("SUBSCRIBE sent as %v accepting %q", sub.enc, sub.header.Get("Accept"))
				}
				if sub.call.FrameworkId != nil || sub.call.GetSubscribe().GetFrameworkInfo().GetId() != nil {
					t.Errorf("first SUBSCRIBE of a new framework carries an id: %v", sub.call)
				}
				calls := master.Calls()
				if calls[0].call.GetType() != schedulerv1.Call_DECLINE || len(calls[0].call.GetDecline().GetOfferIds()) != 2 {
					t.Errorf("first call %v, want DECLINE of both offers", calls[0].call)
				}
				for _, c := range calls {
					if got := c.header.Get(mesoshttp.HeaderStreamID); got != streamID(1) {
						t.Errorf("%s sent with Mesos-Stream-Id %q", c.call.GetType(), got)
					}
					if c.call.GetFrameworkId().GetValue() != frameworkID {
						t.Errorf("%s sent with framework_id %v", c.call.GetType(), c.call.GetFrameworkId())
					}
					if c.enc != e.enc {
						t.Errorf("%s sent as %v", c.call.GetType(), c.enc)
					}
				}
				acks := master.callsOf(schedulerv1.Call_ACKNOWLEDGE)
				if string(acks[0].call.GetAcknowledge().GetUuid()) == string(acks[1].call.GetAcknowledge().GetUuid()) {
					t.Errorf("the same update was acknowledged twice")
				}
				op := master.callsOf(schedulerv1.Call_ACKNOWLEDGE_OPERATION_STATUS)[0].call.GetAcknowledgeOperationStatus()
				if op.GetOperationId().GetValue() != "reserve-1" || op.GetResourceProviderId().GetValue() != "rp-1" {
					t.Errorf("operation ack %v", op)
				}
				if id := h.d.FrameworkID(); id.GetValue() != frameworkID {
					t.Errorf("FrameworkID() = %v", id)
				}
			})
		}
	}
}

// TestUndecodableEvent: a record that frames correctly but does not decode
// is reported to the behaviour's Error callback; the stream goes on.
func TestUndecodableEvent(t *testing.T) {
	master := newFakeMaster(t, func(s *stream) {
		s.Send(subscribed(frameworkID, 15))
		s.Replay(recordio.Append(nil, []byte("\xff\xff\xff not an event")))
		s.Send(offers("O1"))
		s.Hold()
	})
	h := start(t, master, nil)
	h.j.waitFor(t, "offers O1")
	if h.j.count("error mesos: invalid message") != 1 {
		t.Fatalf("callbacks %q", h.j.all())
	}
	if err := h.d.ReviveOffers(); err != nil {
		t.Fatalf("driver stopped: %v", err)
	}
}
