package allocator

import (
	"testing"

	"google.golang.org/protobuf/proto"

	bridgev1 "github.com/mactor/mactor/messages/bridge/v1"
)

// TestActorOffersThroughOwners drives the actor through the real owners:
// an agent and a framework added, the event-driven cycle offers the agent
// to the framework; a decline with a filter keeps the next periodic cycle
// from offering it again.
func TestActorOffersThroughOwners(t *testing.T) {
	r := newTestRig(t)
	r.call(initializeCall())
	r.call(addSlaveCall("a1", "cpus:4;mem:1024"))
	r.call(addFrameworkCall("f1", "*"))
	evs := r.cycle(false)
	got := offersIn(evs)
	if len(got) != 1 || got[0].fw != "f1" || got[0].agent != "a1" || !got[0].res.Equal(allocated("cpus:4;mem:1024", "*")) {
		t.Fatalf("offers %s", describe(got))
	}
	if evs[0].GetSequence() != 1 {
		t.Fatalf("first event numbered %d", evs[0].GetSequence())
	}
	r.call(recoverCall("f1", "a1", evs[0].GetOffers().GetRoles()[0].GetSlaves()[0].GetResources(), proto.Float64(1000), false))
	if evs := r.cycle(true); len(evs) != 0 {
		t.Fatalf("filtered offer made again: %s", describe(offersIn(evs)))
	}
	r.call(rolesCall(bridgev1.Call_REVIVE_OFFERS, "f1"))
	if got := offersIn(r.cycle(false)); len(got) != 1 {
		t.Fatalf("after revive: %s", describe(got))
	}
}
