package engine

import (
	"fmt"
	"testing"
	"time"
)

// TestTimelineRing: paging with since and limit, and what is kept once
// the ring wraps.
func TestTimelineRing(t *testing.T) {
	at := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	fill := func(n int) *timeline {
		tl := &timeline{}
		for i := 1; i <= n; i++ {
			tl.add(EventRestart, fmt.Sprintf("root/a%d", i), "", at)
		}
		return tl
	}
	for _, tc := range []struct {
		name               string
		events             int
		since              uint64
		limit              int
		wantFirst, wantLen int
		wantNext           uint64
	}{
		{"empty", 0, 0, 0, 0, 0, 0},
		{"all", 5, 0, 0, 1, 5, 5},
		{"after 3", 5, 3, 0, 4, 2, 5},
		{"nothing new", 5, 5, 0, 0, 0, 5},
		{"limit", 5, 1, 2, 2, 2, 3},
		{"cursor from another process", 5, 99, 0, 1, 5, 5},
		{"wrapped: oldest kept", TimelineCapacity + 10, 0, 0, 11, TimelineCapacity, TimelineCapacity + 10},
		{"wrapped: cursor overwritten", TimelineCapacity + 10, 3, 0, 11, TimelineCapacity, TimelineCapacity + 10},
		{"wrapped: recent cursor", TimelineCapacity + 10, TimelineCapacity + 8, 0, TimelineCapacity + 9, 2, TimelineCapacity + 10},
	} {
		t.Run(tc.name, func(t *testing.T) {
			evs, next := fill(tc.events).since(tc.since, tc.limit)
			if len(evs) != tc.wantLen || next != tc.wantNext {
				t.Fatalf("got %d events, next %d; want %d, next %d", len(evs), next, tc.wantLen, tc.wantNext)
			}
			for i, ev := range evs {
				if want := uint64(tc.wantFirst + i); ev.Seq != want || ev.Actor != fmt.Sprintf("root/a%d", want) {
					t.Fatalf("event %d = %+v, want seq %d", i, ev, want)
				}
			}
			if evs == nil {
				t.Fatal("nil events (JSON null)")
			}
		})
	}
}
