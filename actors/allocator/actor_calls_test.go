package allocator

import (
	"testing"

	"google.golang.org/protobuf/proto"

	bridgev1 "github.com/mactor/mactor/messages/bridge/v1"
)

// TestActorCallFlows checks how the actor turns the module's calls into
// the core's, through the real owners: what each flow must (or must not)
// offer.
func TestActorCallFlows(t *testing.T) {
	cluster := func(typ bridgev1.Call_Type) *bridgev1.Call { return &bridgev1.Call{Type: typ} }
	tests := []struct {
		name string
		// run plays the module and checks the events.
		run func(t *testing.T, r *rig)
	}{
		{"alligator-style module without INITIALIZE: Mesos's default options", func(t *testing.T, r *rig) {
			r.call(addSlaveCall("a1", "cpus:4;mem:1024"))
			r.call(addFrameworkCall("f1", "*"))
			if got := offersIn(r.cycle(false)); len(got) != 1 {
				t.Fatalf("offers %s", describe(got))
			}
		}},
		{"INITIALIZE is a new master: a new allocator, agents and frameworks added again", func(t *testing.T, r *rig) {
			r.call(initializeCall())
			r.call(addSlaveCall("a1", "cpus:4;mem:1024"))
			r.call(addFrameworkCall("f1", "*"))
			r.cycle(false)
			r.call(initializeCall())
			if got := offersIn(r.cycle(true)); len(got) != 0 {
				t.Fatalf("offers after INITIALIZE %s", describe(got))
			}
			r.call(addSlaveCall("a1", "cpus:4;mem:1024"))
			r.call(addFrameworkCall("f1", "*"))
			if got := offersIn(r.cycle(false)); len(got) != 1 || !got[0].res.Equal(allocated("cpus:4;mem:1024", "*")) {
				t.Fatalf("offers of the new master %s", describe(got))
			}
		}},
		{"PAUSE stops cycles, RESUME restarts them", func(t *testing.T, r *rig) {
			r.call(initializeCall())
			r.call(cluster(bridgev1.Call_PAUSE))
			r.call(addSlaveCall("a1", "cpus:4;mem:1024"))
			r.call(addFrameworkCall("f1", "*"))
			if got := offersIn(r.cycle(true)); len(got) != 0 {
				t.Fatalf("paused: %s", describe(got))
			}
			r.call(cluster(bridgev1.Call_RESUME))
			if got := offersIn(r.cycle(true)); len(got) != 1 {
				t.Fatalf("resumed: %s", describe(got))
			}
		}},
		{"an empty whitelist offers no agent, no whitelist every agent", func(t *testing.T, r *rig) {
			r.call(initializeCall())
			r.call(&bridgev1.Call{Type: bridgev1.Call_UPDATE_WHITELIST, Payload: &bridgev1.Call_UpdateWhitelist_{UpdateWhitelist: &bridgev1.Call_UpdateWhitelist{Whitelist: &bridgev1.Hostnames{}}}})
			r.call(addSlaveCall("a1", "cpus:4;mem:1024"))
			r.call(addFrameworkCall("f1", "*"))
			if got := offersIn(r.cycle(true)); len(got) != 0 {
				t.Fatalf("whitelisted nothing: %s", describe(got))
			}
			r.call(&bridgev1.Call{Type: bridgev1.Call_UPDATE_WHITELIST, Payload: &bridgev1.Call_UpdateWhitelist_{UpdateWhitelist: &bridgev1.Call_UpdateWhitelist{}}})
			if got := offersIn(r.cycle(true)); len(got) != 1 {
				t.Fatalf("no whitelist: %s", describe(got))
			}
		}},
		{"RECOVER with quota waits for 0.8 of the expected agents (2 of 3)", func(t *testing.T, r *rig) {
			r.call(initializeCall())
			r.call(&bridgev1.Call{Type: bridgev1.Call_RECOVER, Payload: &bridgev1.Call_Recover_{Recover: &bridgev1.Call_Recover{
				ExpectedAgentCount: 3, Quotas: map[string]*bridgev1.Quota{"a": {Guarantees: map[string]float64{"cpus": 1}}},
			}}})
			r.call(addFrameworkCall("f1", "a"))
			r.call(addSlaveCall("a1", "cpus:4;mem:1024"))
			if got := offersIn(r.cycle(true)); len(got) != 0 {
				t.Fatalf("offers while recovering (1 of 2 agents): %s", describe(got))
			}
			r.call(addSlaveCall("a2", "cpus:4;mem:1024"))
			if got := offersIn(r.cycle(true)); len(got) != 2 {
				t.Fatalf("offers once the agents are back: %s", describe(got))
			}
		}},
		{"weights from UPDATE_WEIGHTS order the roles", func(t *testing.T, r *rig) {
			r.call(initializeCall())
			r.call(updateWeightsCall("b", 4))
			r.call(addSlaveCall("a1", "cpus:4;mem:1024"))
			r.call(addSlaveCall("a2", "cpus:4;mem:1024"))
			r.call(addFrameworkCall("fa", "a"))
			r.call(addFrameworkCall("fb", "b"))
			r.cycle(false)
			// Both roles hold an agent; a third agent goes to the role with
			// the lower weighted share: b.
			r.call(addSlaveCall("a3", "cpus:4;mem:1024"))
			if got := offersIn(r.cycle(false)); len(got) != 1 || got[0].role != "b" {
				t.Fatalf("offers %s", describe(got))
			}
		}},
		{"UPDATE_UNAVAILABILITY sends inverse offers to the frameworks holding the agent", func(t *testing.T, r *rig) {
			r.call(initializeCall())
			r.call(addSlaveCall("a1", "cpus:4;mem:1024"))
			r.call(addFrameworkCall("f1", "*"))
			r.cycle(false)
			r.call(&bridgev1.Call{Type: bridgev1.Call_UPDATE_UNAVAILABILITY, Payload: &bridgev1.Call_UpdateUnavailability_{UpdateUnavailability: &bridgev1.Call_UpdateUnavailability{
				SlaveId: slaveID("a1"), Unavailability: unavailability(epoch),
			}}})
			evs := r.cycle(false)
			if len(evs) != 1 || evs[0].GetType() != bridgev1.Event_INVERSE_OFFERS || evs[0].GetInverseOffers().GetFrameworkId().GetValue() != "f1" {
				t.Fatalf("events %v", evs)
			}
		}},
		{"UPDATE_FRAMEWORK with a suppressed role: nothing offered in it", func(t *testing.T, r *rig) {
			r.call(initializeCall())
			r.call(addSlaveCall("a1", "cpus:4;mem:1024"))
			add := addFrameworkCall("f1", "*")
			r.call(add)
			r.cycle(false)
			info := add.GetAddFramework().GetFrameworkInfo()
			r.call(&bridgev1.Call{Type: bridgev1.Call_UPDATE_FRAMEWORK, Payload: &bridgev1.Call_UpdateFramework_{UpdateFramework: &bridgev1.Call_UpdateFramework{
				FrameworkId: frameworkID("f1"), FrameworkInfo: info, Options: &bridgev1.FrameworkOptions{SuppressedRoles: []string{"*"}},
			}}})
			r.call(recoverCall("f1", "a1", allocated("cpus:4;mem:1024", "*").ToProto(), proto.Float64(0), false))
			if got := offersIn(r.cycle(true)); len(got) != 0 {
				t.Fatalf("offers in a suppressed role: %s", describe(got))
			}
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) { tc.run(t, newTestRig(t)) })
	}
}
