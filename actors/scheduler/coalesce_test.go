package scheduler_test

import (
	"slices"
	"strings"
	"testing"

	"google.golang.org/protobuf/proto"

	mesosv1 "github.com/mactor/mactor/messages/mesos/v1"
	schedulerv1 "github.com/mactor/mactor/messages/mesos/v1/scheduler"
)

// TestDeclinesCoalesce: declines that pile up behind a call in flight go
// out as one DECLINE, never across another call and never mixing filters.
func TestDeclinesCoalesce(t *testing.T) {
	master := newFakeMaster(t, nil)
	gate := make(chan struct{})
	var calls atomicCounter
	master.setAnswer(func(c *schedulerv1.Call) (int, string) {
		if calls.add() == 1 {
			<-gate
		}
		return 202, ""
	})
	h := start(t, master, nil)
	h.j.waitFor(t, "registered")

	ids := func(names ...string) []*mesosv1.OfferID {
		out := make([]*mesosv1.OfferID, len(names))
		for i, n := range names {
			out[i] = &mesosv1.OfferID{Value: proto.String(n)}
		}
		return out
	}
	long := &mesosv1.Filters{RefuseSeconds: proto.Float64(60)}
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(h.d.DeclineOffer(ids("O1"), nil))
	master.waitFor("the first DECLINE in flight", func() bool { return len(master.Calls()) == 1 })
	must(h.d.DeclineOffer(ids("O2"), nil))
	must(h.d.DeclineOffer(ids("O3", "O4"), nil))
	must(h.d.DeclineOffer(ids("O5"), long))
	must(h.d.DeclineOffer(ids("O6"), long))
	must(h.d.ReviveOffers())
	must(h.d.DeclineOffer(ids("O7"), nil))
	close(gate)
	master.waitFor("5 calls", func() bool { return len(master.Calls()) == 5 })

	var got []string
	for _, c := range master.Calls() {
		s := c.call.GetType().String()
		if d := c.call.GetDecline(); d != nil {
			var names []string
			for _, id := range d.GetOfferIds() {
				names = append(names, id.GetValue())
			}
			s += " " + strings.Join(names, ",")
			if d.GetFilters() != nil {
				s += " refuse=60"
			}
		}
		got = append(got, s)
	}
	want := []string{"DECLINE O1", "DECLINE O2,O3,O4", "DECLINE O5,O6 refuse=60", "REVIVE", "DECLINE O7"}
	if !slices.Equal(got, want) {
		t.Fatalf("calls %q, want %q", got, want)
	}
}
