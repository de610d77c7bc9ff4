// Package resources is Mesos resource arithmetic for mactor's allocator.
//
// A Resources value is a slice of Resource, each a named scalar, ranges or
// set value plus the identity Mesos compares when it decides whether two
// resources may be combined: the reservation stack (static and dynamic,
// refined), the allocation role, disk information, the revocable and shared
// flags and the resource provider. The semantics follow Mesos 1.11
// (src/common/resources.cpp, values.cpp, resource_quantities.cpp and
// roles.cpp):
//
//   - scalars are fixed point with three decimal digits (Mesos converts every
//     double with llround(v*1000) before it adds, subtracts or compares);
//   - ranges are kept sorted and coalesced, sets sorted and without
//     duplicates, so equality is structural;
//   - adding combines resources with the same identity, subtracting removes
//     a resource once it is empty, and a subtraction that would go negative
//     removes the resource (as Mesos does);
//   - persistent volumes, MOUNT and BLOCK disks are never merged;
//   - shared resources are counted in copies rather than merged.
//
// Mesos resources travel as []*mesos.Resource; FromProto and ToProto convert
// at the edges (upgrading the pre-refinement role/reservation format), and
// Parse reads the text syntax of the --resources flag
// ("cpus:4;mem:8192;ports:[31000-32000];disk(role):100;zones:{a,b}") as
// well as its JSON array form. Quantities (name → scalar) serve quota and
// minimum-allocatable checks; Limits are quantities where an absent name
// means unlimited.
//
// The package holds no global state and never panics on input: everything
// that parses or converts returns an error wrapping one of the sentinel
// errors in errors.go.
package resources
