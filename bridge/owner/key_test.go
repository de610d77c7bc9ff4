package owner_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/mactor/mactor/bridge/bridgetest"
	"github.com/mactor/mactor/bridge/owner"
	bridgev1 "github.com/mactor/mactor/messages/bridge/v1"
)

// TestKeyOfEveryType pins the ownership table of docs/bridge.md.
func TestKeyOfEveryType(t *testing.T) {
	want := map[bridgev1.Call_Type]owner.Kind{
		bridgev1.Call_INITIALIZE: owner.Cluster, bridgev1.Call_RECOVER: owner.Cluster, bridgev1.Call_UPDATE_WHITELIST: owner.Cluster,
		bridgev1.Call_UPDATE_QUOTA: owner.Cluster, bridgev1.Call_UPDATE_WEIGHTS: owner.Cluster, bridgev1.Call_PAUSE: owner.Cluster,
		bridgev1.Call_RESUME:        owner.Cluster,
		bridgev1.Call_ADD_FRAMEWORK: owner.Framework, bridgev1.Call_REMOVE_FRAMEWORK: owner.Framework,
		bridgev1.Call_ACTIVATE_FRAMEWORK: owner.Framework, bridgev1.Call_DEACTIVATE_FRAMEWORK: owner.Framework,
		bridgev1.Call_UPDATE_FRAMEWORK: owner.Framework, bridgev1.Call_REQUEST_RESOURCES: owner.Framework,
		bridgev1.Call_UPDATE_ALLOCATION: owner.Framework, bridgev1.Call_RECOVER_RESOURCES: owner.Framework,
		bridgev1.Call_SUPPRESS_OFFERS: owner.Framework, bridgev1.Call_REVIVE_OFFERS: owner.Framework,
		bridgev1.Call_ADD_SLAVE: owner.Agent, bridgev1.Call_REMOVE_SLAVE: owner.Agent, bridgev1.Call_UPDATE_SLAVE: owner.Agent,
		bridgev1.Call_ADD_RESOURCE_PROVIDER: owner.Agent, bridgev1.Call_ACTIVATE_SLAVE: owner.Agent,
		bridgev1.Call_DEACTIVATE_SLAVE: owner.Agent, bridgev1.Call_UPDATE_AVAILABLE: owner.Agent,
		bridgev1.Call_UPDATE_UNAVAILABILITY: owner.Agent, bridgev1.Call_UPDATE_INVERSE_OFFER: owner.Agent,
		bridgev1.Call_TRANSITION_OFFERED_TO_ALLOCATED: owner.Agent,
	}
	for _, typ := range bridgetest.Types() {
		t.Run(typ.String(), func(t *testing.T) {
			k, err := owner.KeyOf(bridgetest.Sample(typ, 3))
			kind, owned := want[typ]
			switch {
			case !owned:
				if !errors.Is(err, owner.ErrNotOwned) {
					t.Fatalf("KeyOf = %v, %v; want ErrNotOwned", k, err)
				}
			case err != nil || k.Kind != kind:
				t.Fatalf("KeyOf = %v, %v; want a %s", k, err, kind)
			case kind == owner.Framework && k.ID != "fw-3", kind == owner.Agent && k.ID != "agent-3":
				t.Fatalf("KeyOf = %v", k)
			}
		})
	}
}

func TestKeyErrors(t *testing.T) {
	cases := []struct {
		name string
		call *bridgev1.Call
	}{
		{"no framework id", &bridgev1.Call{Type: bridgev1.Call_ACTIVATE_FRAMEWORK, Payload: &bridgev1.Call_ActivateFramework{ActivateFramework: &bridgev1.FrameworkTarget{}}}},
		{"no slave id", &bridgev1.Call{Type: bridgev1.Call_REMOVE_SLAVE, Payload: &bridgev1.Call_RemoveSlave{RemoveSlave: &bridgev1.SlaveTarget{}}}},
		{"inverse offer without framework", func() *bridgev1.Call {
			c := bridgetest.Sample(bridgev1.Call_UPDATE_INVERSE_OFFER, 1)
			c.GetUpdateInverseOffer().FrameworkId = nil
			return c
		}()},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if _, err := owner.KeyOf(tc.call); !errors.Is(err, owner.ErrNoOwner) {
				t.Fatalf("err = %v, want ErrNoOwner", err)
			}
		})
	}
	for _, id := range []string{"", strings.Repeat("x", owner.MaxIDLen+1), "a\x00b", "\xff"} {
		if owner.ValidID(id) == nil {
			t.Errorf("ValidID(%q) = nil", id)
		}
	}
	for _, id := range []string{"a/b", "50%", "plain"} {
		if got := owner.UnescapeChildName(owner.ChildName(id)); got != id || strings.Contains(owner.ChildName(id), "/") {
			t.Errorf("child name of %q: %q → %q", id, owner.ChildName(id), got)
		}
	}
	if s := (owner.Key{Kind: owner.Agent, ID: "a/b"}).Stream(); s != "agent/a/b" {
		t.Errorf("stream %q", s)
	}
}
