package bridge_test

import (
	"context"
	"net/http"
	"testing"
	"time"

	"github.com/mactor/mactor/bridge"
	"github.com/mactor/mactor/bridge/bridgetest"
	"github.com/mactor/mactor/bridge/client"
	"github.com/mactor/mactor/internal/engine"
	"github.com/mactor/mactor/internal/recordio"
	bridgev1 "github.com/mactor/mactor/messages/bridge/v1"
)

// stream is a raw SUBSCRIBE stream whose events arrive on a channel.
type stream struct {
	events chan *bridgev1.Event
	cancel context.CancelFunc
}

func subscribe(t *testing.T, h *harness, session string, last uint64) *stream {
	t.Helper()
	c := bridgetest.Sample(bridgev1.Call_SUBSCRIBE, 1)
	c.SessionId = session
	c.GetSubscribe().LastEventSequence = last
	body, err := bridge.Protobuf.Marshal(c)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, h.url, bytesReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", bridge.ContentTypeProtobuf)
	resp, err := h.http.Do(req)
	if err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("SUBSCRIBE: %v %v", resp, err)
	}
	s := &stream{events: make(chan *bridgev1.Event, 64), cancel: cancel}
	go func() {
		defer close(s.events)
		defer resp.Body.Close()
		rd := recordio.NewReader(resp.Body)
		for {
			rec, err := rd.Read()
			if err != nil {
				return
			}
			ev := &bridgev1.Event{}
			if err := bridge.Protobuf.Unmarshal(rec, ev); err != nil {
				return
			}
			s.events <- ev
		}
	}()
	t.Cleanup(func() {
		cancel()
		for range s.events {
		}
	})
	return s
}

func (s *stream) next(t *testing.T, skipHeartbeats bool) *bridgev1.Event {
	t.Helper()
	for {
		select {
		case ev, ok := <-s.events:
			if !ok {
				t.Fatal("stream ended")
			}
			if skipHeartbeats && ev.GetType() == bridgev1.Event_HEARTBEAT {
				continue
			}
			return ev
		case <-time.After(5 * time.Second):
			t.Fatal("no event within 5s")
		}
	}
}

func offers(n int) *bridgev1.Event_Offers {
	return &bridgev1.Event_Offers{FrameworkId: bridgetest.FrameworkID(n), Roles: []*bridgev1.RoleResources{{
		Role: "analytics", Slaves: []*bridgev1.SlaveResources{{SlaveId: bridgetest.SlaveID(n), Resources: bridgetest.SlaveInfo(n).Resources}},
	}}}
}

// TestSubscribeStream checks the SUBSCRIBE stream: SUBSCRIBED first with
// the session's watermark, published events in order, a newer SUBSCRIBE
// replacing the old stream (which gets ERROR) and getting the events after
// its last_event_sequence, a new session starting a new numbering, and
// heartbeats.
func TestSubscribeStream(t *testing.T) {
	h := start(t, func(c *engine.Config) { c.HeartbeatInterval = 50 * time.Millisecond })
	hub := h.e.Bridge().Hub()
	if _, err := hub.PublishOffers(offers(1)); err == nil {
		t.Fatal("published with no subscriber ever")
	}
	for i := uint64(1); i <= 3; i++ {
		if code, _, body, _ := h.post(sequenced(bridgetest.Sample(bridgev1.Call_PAUSE, 1), "master-module", i), bridge.Protobuf); code != http.StatusAccepted {
			t.Fatalf("call %d: %d %q", i, code, body)
		}
	}
	a := subscribe(t, h, "master-module", 0)
	sub := a.next(t, true)
	if sub.GetType() != bridgev1.Event_SUBSCRIBED || sub.GetSubscribed().GetLastAppliedSequence() != 3 ||
		sub.GetSubscribed().GetNextEventSequence() != 1 || sub.GetSubscribed().GetHeartbeatIntervalSeconds() != 0.05 {
		t.Fatalf("first event %v", sub)
	}
	for i := 1; i <= 3; i++ {
		if seq, err := hub.PublishOffers(offers(i)); err != nil || seq != uint64(i) {
			t.Fatalf("publish %d: %d %v", i, seq, err)
		}
		if ev := a.next(t, true); ev.GetType() != bridgev1.Event_OFFERS || ev.GetSequence() != uint64(i) {
			t.Fatalf("event %d: %v", i, ev)
		}
	}
	b := subscribe(t, h, "master-module", 2)
	if ev := a.next(t, true); ev.GetType() != bridgev1.Event_ERROR {
		t.Fatalf("replaced stream got %v, want ERROR", ev)
	}
	if ev := b.next(t, true); ev.GetType() != bridgev1.Event_SUBSCRIBED || ev.GetSubscribed().GetNextEventSequence() != 4 {
		t.Fatalf("second stream first event %v", ev)
	}
	if ev := b.next(t, true); ev.GetSequence() != 3 || ev.GetOffers().GetFrameworkId().GetValue() != "fw-3" {
		t.Fatalf("resent event %v, want offers 3", ev)
	}
	if seq, _ := hub.PublishInverseOffers(&bridgev1.Event_InverseOffers{FrameworkId: bridgetest.FrameworkID(1)}); seq != 4 {
		t.Fatalf("inverse offers numbered %d", seq)
	}
	if ev := b.next(t, true); ev.GetType() != bridgev1.Event_INVERSE_OFFERS || ev.GetSequence() != 4 {
		t.Fatalf("event %v", ev)
	}
	if ev := b.next(t, false); ev.GetType() != bridgev1.Event_HEARTBEAT {
		t.Fatalf("event %v, want HEARTBEAT", ev)
	}
	c := subscribe(t, h, "restarted-module", 4)
	if ev := b.next(t, true); ev.GetType() != bridgev1.Event_ERROR {
		t.Fatalf("replaced stream got %v, want ERROR", ev)
	}
	if ev := c.next(t, true); ev.GetSubscribed().GetNextEventSequence() != 1 || ev.GetSubscribed().GetLastAppliedSequence() != 0 {
		t.Fatalf("new session's first event %v", ev)
	}
}

// TestClientSubscribeReconnects: the client's subscription is kicked off
// by another stream; it reconnects on its own and gets each event once.
func TestClientSubscribeReconnects(t *testing.T) {
	h := start(t, func(c *engine.Config) { c.HeartbeatInterval = time.Second })
	c := client.New(client.Config{Addr: h.e.BridgeAddr(), SessionID: "module-x", BackoffInitial: 10 * time.Millisecond})
	defer c.Close()
	ctx, cancel := context.WithCancel(context.Background())
	got := make(chan *bridgev1.Event, 64)
	done := make(chan error, 1)
	go func() {
		done <- c.Subscribe(ctx, client.SubscribeOptions{MasterID: "m1"}, func(ev *bridgev1.Event) { got <- ev })
	}()
	defer func() { cancel(); <-done }()
	next := func() *bridgev1.Event {
		select {
		case ev := <-got:
			return ev
		case <-time.After(5 * time.Second):
			t.Fatal("no event")
			return nil
		}
	}
	if ev := next(); ev.GetType() != bridgev1.Event_SUBSCRIBED {
		t.Fatalf("first event %v", ev)
	}
	for i := 1; i <= 2; i++ {
		if _, err := h.e.Bridge().Hub().PublishOffers(offers(i)); err != nil {
			t.Fatal(err)
		}
		if ev := next(); ev.GetSequence() != uint64(i) {
			t.Fatalf("event %v", ev)
		}
	}
	// Another stream of the same session takes over; the client's gets
	// ERROR, and the client reconnects (taking over back).
	other := subscribe(t, h, "module-x", 2)
	if ev := next(); ev.GetType() != bridgev1.Event_ERROR {
		t.Fatalf("event %v, want ERROR", ev)
	}
	for ev := range other.events {
		if ev.GetType() == bridgev1.Event_ERROR {
			break
		}
	}
	if ev := next(); ev.GetType() != bridgev1.Event_SUBSCRIBED || ev.GetSubscribed().GetNextEventSequence() != 3 {
		t.Fatalf("event %v, want SUBSCRIBED again", ev)
	}
	if _, err := h.e.Bridge().Hub().PublishOffers(offers(3)); err != nil {
		t.Fatal(err)
	}
	for {
		ev := next()
		if ev.GetType() == bridgev1.Event_HEARTBEAT {
			continue
		}
		if ev.GetSequence() != 3 {
			t.Fatalf("event %v, want offers 3 (and nothing twice)", ev)
		}
		break
	}
}
