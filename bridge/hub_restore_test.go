package bridge

import (
	"testing"

	bridgev1 "github.com/mactor/mactor/messages/bridge/v1"
)

func offersEvent(seq uint64) *bridgev1.Event {
	return &bridgev1.Event{Type: bridgev1.Event_OFFERS, Sequence: seq, Payload: &bridgev1.Event_Offers_{Offers: &bridgev1.Event_Offers{}}}
}

func sequences(evs []*bridgev1.Event) []uint64 {
	out := make([]uint64, len(evs))
	for i, ev := range evs {
		out[i] = ev.GetSequence()
	}
	return out
}

// TestHubRestore checks how a hub takes back events published before a
// restart: an empty hub adopts the session and resends from the buffer, a
// hub of the same session publishes only what it has not, and a hub of
// another session ignores them.
func TestHubRestore(t *testing.T) {
	tests := []struct {
		name string
		// prepare brings the hub to its state before Restore.
		prepare func(h *Hub)
		session string
		last    uint64
		events  []uint64
		// subscribe is the SUBSCRIBE after Restore (session, last seen).
		subscribe    string
		seen         uint64
		wantPosition uint64
		wantBacklog  []uint64
		wantNext     uint64
	}{
		{
			name:    "empty hub (engine restart) adopts the session",
			prepare: func(*Hub) {},
			session: "m", last: 5, events: []uint64{3, 4, 5},
			subscribe: "m", seen: 3,
			wantPosition: 5, wantBacklog: []uint64{4, 5}, wantNext: 6,
		},
		{
			name:    "numbering continues after last even without events",
			prepare: func(*Hub) {},
			session: "m", last: 9,
			subscribe: "m", seen: 9,
			wantPosition: 9, wantNext: 10,
		},
		{
			name: "same session (allocator restart) publishes what the hub lacks",
			prepare: func(h *Hub) {
				h.attach("m", 0)
				for range 3 {
					if _, err := h.Publish(offersEvent(0)); err != nil {
						t.Fatal(err)
					}
				}
			},
			session: "m", last: 5, events: []uint64{2, 3, 4, 5},
			subscribe: "m", seen: 1,
			wantPosition: 5, wantBacklog: []uint64{2, 3, 4, 5}, wantNext: 6,
		},
		{
			name:    "another session is ignored",
			prepare: func(h *Hub) { h.attach("new", 0) },
			session: "old", last: 5, events: []uint64{5},
			subscribe: "new", seen: 0,
			wantPosition: 0, wantNext: 1,
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			h := NewHub(16)
			tc.prepare(h)
			var evs []*bridgev1.Event
			for _, s := range tc.events {
				evs = append(evs, offersEvent(s))
			}
			h.Restore(tc.session, tc.last, evs)
			if _, last := h.Position(); last != tc.wantPosition {
				t.Fatalf("position %d, want %d", last, tc.wantPosition)
			}
			_, backlog, next, err := h.attach(tc.subscribe, tc.seen)
			if err != nil {
				t.Fatal(err)
			}
			if got := sequences(backlog); len(got) != len(tc.wantBacklog) || (len(got) > 0 && (got[0] != tc.wantBacklog[0] || got[len(got)-1] != tc.wantBacklog[len(tc.wantBacklog)-1])) {
				t.Fatalf("backlog %v, want %v", got, tc.wantBacklog)
			}
			if next != tc.wantNext {
				t.Fatalf("next event sequence %d, want %d", next, tc.wantNext)
			}
		})
	}
}
