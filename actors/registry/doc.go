// Package registry is the allocator-side actor of the bridge: it owns the
// cluster-wide record and the directory of owners.
//
// As an owner (package bridge/owner) it journals, in the stream "cluster",
// the allocator calls that concern the whole cluster — INITIALIZE, RECOVER,
// UPDATE_WHITELIST, UPDATE_QUOTA, UPDATE_WEIGHTS, PAUSE and RESUME — folded
// into a bridgev1.ClusterRecord.
//
// The directory lists every framework and agent that has a record, in the
// order they were first seen. The bridge registers an owner here (durably)
// before it routes the owner's first call, so that the engine can start
// every owner again after a restart, and the allocator can rebuild its
// index from their records.
//
// It is the shell the allocator actor of issue 5 grows from: it runs first
// in the `allocation` rest_for_one supervisor, so when it restarts, the
// frameworks and agents restart after it and announce their records again.
package registry
