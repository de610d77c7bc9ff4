package chaos_test

import (
	"fmt"
	"strings"

	"google.golang.org/protobuf/proto"

	"github.com/mactor/mactor/internal/chaos"
	"github.com/mactor/mactor/internal/resources"
	bridgev1 "github.com/mactor/mactor/messages/bridge/v1"
	"github.com/mactor/mactor/messages/mesos"
)

func ExampleParseKinds() {
	kinds, err := chaos.ParseKinds("sigkill,panic-agent")
	fmt.Println(kinds, err)
	_, err = chaos.ParseKinds("panic-everything")
	fmt.Println(err != nil)
	// Output:
	// [panic-agent sigkill] <nil>
	// true
}

func ExampleOfferLedger() {
	l := chaos.NewOfferLedger()
	l.SetTotal("a1", resources.MustParse("cpus:4;mem:1024"))
	offer := func(seq uint64, fw string) *bridgev1.Event {
		return &bridgev1.Event{Type: bridgev1.Event_OFFERS, Sequence: seq, Payload: &bridgev1.Event_Offers_{Offers: &bridgev1.Event_Offers{
			FrameworkId: &mesos.FrameworkID{Value: proto.String(fw)},
			Roles: []*bridgev1.RoleResources{{Role: "web", Slaves: []*bridgev1.SlaveResources{{
				SlaveId: &mesos.SlaveID{Value: proto.String("a1")}, Resources: resources.MustParse("cpus:4;mem:1024").Allocate("web").ToProto()}}}},
		}}}
	}
	l.Event(offer(1, "A"))
	l.Event(offer(2, "B")) // a1 is still offered to A
	f := l.Failures()
	fmt.Println(len(f), strings.Contains(f[0], "offered twice"))
	// Output:
	// 1 true
}
