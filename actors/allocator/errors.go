package allocator

import "errors"

// Sentinel errors. Where Mesos's allocator CHECK-fails (crashes the master)
// on a call that breaks its contract, this allocator returns an error
// wrapping one of these and leaves its state unchanged.
var (
	// ErrNotInitialized reports a call before Initialize.
	ErrNotInitialized = errors.New("allocator: not initialized")

	// ErrInvalidOption reports a bad Options or Config value.
	ErrInvalidOption = errors.New("allocator: invalid option")

	// ErrUnknownFramework reports a framework id the allocator does not
	// know.
	ErrUnknownFramework = errors.New("allocator: unknown framework")

	// ErrUnknownAgent reports an agent id the allocator does not know.
	ErrUnknownAgent = errors.New("allocator: unknown agent")

	// ErrDuplicate reports adding a framework or agent that is already
	// there.
	ErrDuplicate = errors.New("allocator: already added")

	// ErrInvalidRole reports a role name Mesos rejects, or a role a call
	// needs the framework to be subscribed to.
	ErrInvalidRole = errors.New("allocator: invalid role")

	// ErrInvalidQuota reports quota Mesos does not support: on a nested
	// role, or guarantees above limits.
	ErrInvalidQuota = errors.New("allocator: invalid quota")

	// ErrInvalidResources reports resources a call cannot apply: resources
	// spanning several allocation roles where one is required, resources
	// not offered or allocated, or conversions that do not apply.
	ErrInvalidResources = errors.New("allocator: invalid resources")

	// ErrNoMaintenance reports an inverse offer update for an agent
	// without scheduled maintenance.
	ErrNoMaintenance = errors.New("allocator: agent has no maintenance scheduled")

	// ErrInvariant reports a broken invariant found by the debug checks
	// (Config.Debug). It means a bug in the allocator or its policy.
	ErrInvariant = errors.New("allocator: invariant violated")
)
