package registry_test

import (
	"testing"
	"time"

	"github.com/mactor/mactor/actors/registry"
	"github.com/mactor/mactor/bridge/bridgetest"
	"github.com/mactor/mactor/bridge/owner"
	bridgev1 "github.com/mactor/mactor/messages/bridge/v1"
)

func TestClusterRules(t *testing.T) {
	r := registry.Rules()
	rec := r.New(owner.ClusterKey)
	at := time.Unix(1, 0)
	for _, typ := range []bridgev1.Call_Type{bridgev1.Call_INITIALIZE, bridgev1.Call_RECOVER, bridgev1.Call_UPDATE_WHITELIST, bridgev1.Call_UPDATE_QUOTA, bridgev1.Call_UPDATE_WEIGHTS, bridgev1.Call_PAUSE} {
		r.Apply(rec, bridgetest.Sample(typ, 1), at)
	}
	if !rec.GetInitialized() || rec.GetRecover().GetExpectedAgentCount() != 3 || len(rec.GetWhitelist().GetHostnames()) != 1 ||
		rec.GetQuotas()["analytics"] == nil || rec.GetWeights()["analytics"] != 2 || !rec.GetPaused() {
		t.Fatalf("record %v", rec)
	}
	// The default quota removes it; an absent whitelist is None.
	r.Apply(rec, &bridgev1.Call{Type: bridgev1.Call_UPDATE_QUOTA, Payload: &bridgev1.Call_UpdateQuota_{UpdateQuota: &bridgev1.Call_UpdateQuota{Role: "analytics", Quota: &bridgev1.Quota{}}}}, at)
	r.Apply(rec, &bridgev1.Call{Type: bridgev1.Call_UPDATE_WHITELIST, Payload: &bridgev1.Call_UpdateWhitelist_{UpdateWhitelist: &bridgev1.Call_UpdateWhitelist{}}}, at)
	r.Apply(rec, bridgetest.Sample(bridgev1.Call_RESUME, 1), at)
	if len(rec.GetQuotas()) != 0 || rec.GetWhitelist() != nil || rec.GetPaused() {
		t.Fatalf("record %v", rec)
	}
	r.Internal(rec, &bridgev1.OwnerEvent{AddFrameworks: []string{"f1"}, AddAgents: []string{"a1", "a2"}}, at)
	if len(rec.GetFrameworks()) != 1 || len(rec.GetAgents()) != 2 {
		t.Fatalf("directory %v %v", rec.GetFrameworks(), rec.GetAgents())
	}
}
