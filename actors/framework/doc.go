// Package framework is the framework actor: one supervised actor per
// FrameworkID (under the `frameworks` simple_one_for_one supervisor) that
// owns the framework's durable record.
//
// The actor is an owner of the bridge (package bridge/owner): it journals
// the allocator calls that name its framework — ADD, REMOVE, ACTIVATE,
// DEACTIVATE and UPDATE_FRAMEWORK, REQUEST_RESOURCES, UPDATE_ALLOCATION,
// RECOVER_RESOURCES, SUPPRESS_OFFERS and REVIVE_OFFERS — in its stream
// "framework/<id>", folds them into a bridgev1.FrameworkRecord with Rules,
// and answers only once they are durable. The record holds the
// FrameworkInfo, options, the active flag, what the framework holds per
// agent (allocated and offered, each resource carrying its role), the
// refuse filters, the suppressed roles and the dedupe marks of the module
// sessions.
//
// The allocator records the offers it makes with RecordOffers before it
// publishes them, so that outstanding offers survive a restart.
package framework
