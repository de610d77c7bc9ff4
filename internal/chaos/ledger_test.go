package chaos

import (
	"strings"
	"testing"

	"google.golang.org/protobuf/proto"

	"github.com/mactor/mactor/internal/resources"
	bridgev1 "github.com/mactor/mactor/messages/bridge/v1"
	"github.com/mactor/mactor/messages/mesos"
)

func offers(seq uint64, fw, agent, res string) *bridgev1.Event {
	return &bridgev1.Event{Type: bridgev1.Event_OFFERS, Sequence: seq, Payload: &bridgev1.Event_Offers_{Offers: &bridgev1.Event_Offers{
		FrameworkId: &mesos.FrameworkID{Value: proto.String(fw)},
		Roles: []*bridgev1.RoleResources{{Role: "r", Slaves: []*bridgev1.SlaveResources{{
			SlaveId: &mesos.SlaveID{Value: proto.String(agent)}, Resources: resources.MustParse(res).Allocate("r").ToProto()}}}},
	}}}
}

func TestOfferLedger(t *testing.T) {
	for _, tc := range []struct {
		name string
		run  func(l *OfferLedger)
		fail string // substring of the first failure; "" for none
	}{
		{name: "offer, decline, offer again", run: func(l *OfferLedger) {
			l.Event(offers(1, "A", "a1", "cpus:4;mem:100"))
			l.Recover("A", "a1", resources.MustParse("cpus:4;mem:100").Allocate("r"))
			l.Event(offers(2, "B", "a1", "cpus:4;mem:100"))
		}},
		{name: "split between two frameworks", run: func(l *OfferLedger) {
			l.Event(offers(1, "A", "a1", "cpus:1;mem:50"))
			l.Event(offers(2, "B", "a1", "cpus:3;mem:50"))
		}},
		{name: "offered twice", run: func(l *OfferLedger) {
			l.Event(offers(1, "A", "a1", "cpus:4;mem:100"))
			l.Event(offers(2, "B", "a1", "cpus:1"))
		}, fail: "offered twice"},
		{name: "more than the total", run: func(l *OfferLedger) {
			l.Event(offers(1, "A", "a1", "cpus:5"))
		}, fail: "offered twice"},
		{name: "a gap in the numbers", run: func(l *OfferLedger) {
			l.Event(offers(1, "A", "a1", "cpus:1"))
			l.Event(offers(3, "A", "a1", "cpus:1"))
		}, fail: "event 3 after event 1"},
		{name: "refused agent offered", run: func(l *OfferLedger) {
			l.Event(offers(1, "A", "a1", "cpus:1"))
			l.Release("A", "a1", true)
			l.Event(offers(2, "A", "a1", "cpus:1"))
		}, fail: "which it refuses"},
		{name: "revived", run: func(l *OfferLedger) {
			l.Event(offers(1, "A", "a1", "cpus:1"))
			l.Release("A", "a1", true)
			l.Revive("A", "a1")
			l.Event(offers(2, "A", "a1", "cpus:1"))
		}},
		{name: "removed framework's offers free", run: func(l *OfferLedger) {
			l.Event(offers(1, "A", "a1", "cpus:4;mem:100"))
			l.RemoveFramework("A")
			l.Event(offers(2, "B", "a1", "cpus:4;mem:100"))
		}},
		{name: "within the role's limit", run: func(l *OfferLedger) {
			l.SetLimits("r", resources.LimitsOf(map[string]float64{"cpus": 3}))
			l.Event(offers(1, "A", "a1", "cpus:2"))
			l.Event(offers(2, "B", "a1", "cpus:1"))
			l.Recover("A", "a1", resources.MustParse("cpus:2"))
			l.Event(offers(3, "A", "a1", "cpus:2"))
		}},
		{name: "above the role's limit", run: func(l *OfferLedger) {
			l.SetLimits("r", resources.LimitsOf(map[string]float64{"cpus": 3}))
			l.Event(offers(1, "A", "a1", "cpus:2"))
			l.Event(offers(2, "B", "a1", "cpus:2"))
		}, fail: "above its limit"},
		{name: "offer of a removed agent not checked", run: func(l *OfferLedger) {
			l.RemoveAgent("a1")
			l.Event(offers(1, "A", "a1", "cpus:40"))
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			l := NewOfferLedger()
			l.SetTotal("a1", resources.MustParse("cpus:4;mem:100"))
			tc.run(l)
			f := l.Failures()
			switch {
			case tc.fail == "" && len(f) > 0:
				t.Fatalf("failures: %v", f)
			case tc.fail != "" && (len(f) == 0 || !strings.Contains(f[0], tc.fail)):
				t.Fatalf("failures %v, want one with %q", f, tc.fail)
			}
		})
	}
}
