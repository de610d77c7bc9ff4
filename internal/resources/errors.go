package resources

import "errors"

// Sentinel errors. Errors returned by this package wrap one of these, so
// callers test them with errors.Is; the message says what was wrong where.
var (
	// ErrParse reports text that is not valid resource, quantity or role
	// syntax.
	ErrParse = errors.New("resources: parse error")

	// ErrInvalid reports a resource that Mesos's Resources::validate would
	// reject: a bad scalar, inverted or overlapping ranges, duplicate set
	// items, a bad reservation stack, a bad role, a misplaced DiskInfo or
	// SharedInfo.
	ErrInvalid = errors.New("resources: invalid resource")

	// ErrInvalidRole reports a role name that Mesos's roles::validate
	// rejects.
	ErrInvalidRole = errors.New("resources: invalid role")

	// ErrNotContained reports an operation or conversion whose consumed
	// resources are not contained in the resources it is applied to.
	ErrNotContained = errors.New("resources: not contained")

	// ErrUnsupported reports an offer operation the allocator cannot apply
	// to resources (LAUNCH, LAUNCH_GROUP, CREATE_DISK, DESTROY_DISK,
	// UNKNOWN), as in Mesos's getResourceConversions.
	ErrUnsupported = errors.New("resources: unsupported operation")
)
