package allocator

import (
	"testing"

	"github.com/prometheus/client_golang/prometheus"
	"google.golang.org/protobuf/proto"

	bridgev1 "github.com/mactor/mactor/messages/bridge/v1"
	"github.com/mactor/mactor/messages/mesos"
)

// TestOffersCounted: an OFFERS event counts one offer per distinct agent,
// whatever the roles; other events count none.
func TestOffersCounted(t *testing.T) {
	slaves := func(ids ...string) []*bridgev1.SlaveResources {
		var out []*bridgev1.SlaveResources
		for _, id := range ids {
			out = append(out, &bridgev1.SlaveResources{SlaveId: &mesos.SlaveID{Value: proto.String(id)}})
		}
		return out
	}
	offers := func(roles ...*bridgev1.RoleResources) *bridgev1.Event {
		return &bridgev1.Event{Type: bridgev1.Event_OFFERS, Payload: &bridgev1.Event_Offers_{Offers: &bridgev1.Event_Offers{Roles: roles}}}
	}
	for _, tc := range []struct {
		name string
		ev   *bridgev1.Event
		want float64
	}{
		{"one role, two agents", offers(&bridgev1.RoleResources{Role: "a", Slaves: slaves("s1", "s2")}), 2},
		{"two roles on one agent", offers(&bridgev1.RoleResources{Role: "a", Slaves: slaves("s1")}, &bridgev1.RoleResources{Role: "b", Slaves: slaves("s1", "s2")}), 2},
		{"empty", offers(), 0},
		{"inverse offers", &bridgev1.Event{Type: bridgev1.Event_INVERSE_OFFERS}, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m := NewMetrics(prometheus.NewRegistry())
			m.publishedEvent(tc.ev)
			if got := counterValue(t, m.offers); got != tc.want {
				t.Fatalf("offers %v, want %v", got, tc.want)
			}
			if got := counterValue(t, m.events.WithLabelValues(tc.ev.GetType().String())); got != 1 {
				t.Fatalf("events %v, want 1", got)
			}
		})
	}
}
