package owner

import (
	"time"

	"google.golang.org/protobuf/proto"

	bridgev1 "github.com/mactor/mactor/messages/bridge/v1"
)

// Rules fold calls into a record of type R: the part of an owner that
// differs between frameworks, agents and the registry.
type Rules[R proto.Message] struct {
	// Kind is the kind of owner these rules are for.
	Kind Kind
	// New returns the record of an owner that has none yet.
	New func(key Key) R
	// Meta returns the record's OwnerMeta, creating it if it is nil.
	Meta func(rec R) *bridgev1.OwnerMeta
	// Apply folds one call into rec, in place. at is the time the owner
	// journaled the call (the same on replay). It returns the result of a
	// request call (UPDATE_AVAILABLE), nil otherwise. It must be
	// deterministic, must not keep call, and should not panic; a panic is
	// logged and the call treated as applied with no effect.
	Apply func(rec R, call *bridgev1.Call, at time.Time) *bridgev1.Response
	// Internal folds the engine-internal part of an event (directory
	// entries, offers) into rec. Nil for owners that have none.
	Internal func(rec R, ev *bridgev1.OwnerEvent, at time.Time)
}
