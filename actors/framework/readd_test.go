package framework_test

import (
	"testing"

	"google.golang.org/protobuf/proto"

	"github.com/mactor/mactor/bridge/bridgetest"
	"github.com/mactor/mactor/bridge/owner"
	bridgev1 "github.com/mactor/mactor/messages/bridge/v1"
)

// TestReAddAfterRemoveIsFresh: ADD_FRAMEWORK on a tombstone (a framework
// re-registering with its old id, as after a failover) gives the same
// record, dedupe marks aside, as ADD_FRAMEWORK on an owner that never
// existed. Collecting a tombstone (dropping its record) therefore cannot
// change what a later ADD of the same id leads to.
func TestReAddAfterRemoveIsFresh(t *testing.T) {
	var history []*bridgev1.Call
	for typ := bridgev1.Call_ADD_FRAMEWORK; typ <= bridgev1.Call_GET_INVERSE_OFFER_STATUSES; typ++ {
		c := bridgetest.Sample(typ, 1)
		if k, err := owner.KeyOf(c); err != nil || k.Kind != owner.Framework {
			continue
		}
		history = append(history, c)
	}
	add := sample(bridgev1.Call_ADD_FRAMEWORK)
	remove := sample(bridgev1.Call_REMOVE_FRAMEWORK)
	cases := []struct {
		name  string
		calls []*bridgev1.Call
	}{
		{"added, removed, added", []*bridgev1.Call{add, remove, add}},
		{"every framework call, removed, added", append(append(append([]*bridgev1.Call{}, history...), history...), remove, add)},
		{"removed only, then added", []*bridgev1.Call{remove, add}},
	}
	fresh := fold(add)
	fresh.Meta = nil
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got := fold(tc.calls...)
			got.Meta = nil
			if !proto.Equal(got, fresh) {
				t.Fatalf("re-added record differs from a fresh one:\n got  %v\n want %v", got, fresh)
			}
		})
	}
}
