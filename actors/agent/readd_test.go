package agent_test

import (
	"testing"

	"google.golang.org/protobuf/proto"

	"github.com/mactor/mactor/bridge/bridgetest"
	"github.com/mactor/mactor/bridge/owner"
	bridgev1 "github.com/mactor/mactor/messages/bridge/v1"
)

// TestReAddAfterRemoveIsFresh: ADD_SLAVE on a tombstone (an agent
// re-registering with its old id, as after a master failover) gives the
// same record, dedupe marks aside, as ADD_SLAVE on an owner that never
// existed. Collecting a tombstone (dropping its record) therefore cannot
// change what a later ADD of the same id leads to, UPDATE_AVAILABLE's
// answers included.
func TestReAddAfterRemoveIsFresh(t *testing.T) {
	var history []*bridgev1.Call
	for typ := bridgev1.Call_ADD_FRAMEWORK; typ <= bridgev1.Call_GET_INVERSE_OFFER_STATUSES; typ++ {
		c := bridgetest.Sample(typ, 1)
		if k, err := owner.KeyOf(c); err != nil || k.Kind != owner.Agent {
			continue
		}
		history = append(history, c)
	}
	add := sample(bridgev1.Call_ADD_SLAVE)
	remove := sample(bridgev1.Call_REMOVE_SLAVE)
	cases := []struct {
		name  string
		calls []*bridgev1.Call
	}{
		{"added, removed, added", []*bridgev1.Call{add, remove, add}},
		{"every agent call, removed, added", append(append(append([]*bridgev1.Call{}, history...), history...), remove, add)},
		{"removed only, then added", []*bridgev1.Call{remove, add}},
	}
	fresh, _ := fold(add)
	fresh.Meta = nil
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got, _ := fold(tc.calls...)
			got.Meta = nil
			if !proto.Equal(got, fresh) {
				t.Fatalf("re-added record differs from a fresh one:\n got  %v\n want %v", got, fresh)
			}
		})
	}
}
