package bridge_test

import (
	"net/http"
	"testing"
	"time"

	"github.com/mactor/mactor/bridge"
	"github.com/mactor/mactor/bridge/bridgetest"
	bridgev1 "github.com/mactor/mactor/messages/bridge/v1"
)

// TestDropConnections: the open SUBSCRIBE stream ends (ERROR, then the
// end of the body) and the client's connections are closed, while the
// listener keeps accepting: a new stream resumes after the events seen,
// and calls go through on new connections.
func TestDropConnections(t *testing.T) {
	h := start(t)
	s := subscribe(t, h, "s1", 0)
	if ev := s.next(t, true); ev.GetType() != bridgev1.Event_SUBSCRIBED {
		t.Fatalf("first event %s", ev.GetType())
	}
	if _, err := h.e.Bridge().Hub().PublishOffers(offers(1)); err != nil {
		t.Fatal(err)
	}
	if ev := s.next(t, true); ev.GetSequence() != 1 {
		t.Fatalf("event %v", ev)
	}
	// A call leaves an idle keep-alive connection in the pool as well.
	if code, _, b, _ := h.post(bridgetest.Sample(bridgev1.Call_ADD_SLAVE, 1), bridge.Protobuf); code != http.StatusAccepted {
		t.Fatalf("call: %d %s", code, b)
	}
	closed, streams := h.e.Bridge().DropConnections()
	if closed < 2 || streams != 1 {
		t.Fatalf("closed %d connections, ended %d streams; want at least 2 and 1", closed, streams)
	}
	ended := false
	deadline := time.After(10 * time.Second)
	for !ended {
		select {
		case ev, ok := <-s.events:
			if !ok {
				ended = true
			} else if ev.GetType() != bridgev1.Event_HEARTBEAT && ev.GetType() != bridgev1.Event_ERROR {
				t.Fatalf("event after the drop: %v", ev)
			}
		case <-deadline:
			t.Fatal("the stream did not end")
		}
	}
	if n, m := h.e.Bridge().DropConnections(); m != 0 {
		t.Fatalf("a second drop ended %d streams (closed %d connections)", m, n)
	}
	// The client may not have noticed yet that its pooled connection is
	// gone, and would send the next POST on it (EOF, not retried).
	h.http.CloseIdleConnections()
	s2 := subscribe(t, h, "s1", 1)
	if ev := s2.next(t, true); ev.GetType() != bridgev1.Event_SUBSCRIBED || ev.GetSubscribed().GetNextEventSequence() != 2 {
		t.Fatalf("resubscribed: %v", ev)
	}
	if code, _, b, _ := h.post(bridgetest.Sample(bridgev1.Call_ADD_SLAVE, 2), bridge.Protobuf); code != http.StatusAccepted {
		t.Fatalf("call after the drop: %d %s", code, b)
	}
}
