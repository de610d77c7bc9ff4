// Package bench runs the allocator benchmark scenarios of Mesos's
// hierarchical allocator test suite against mactor's allocator core:
//
//   - DeclineOffers (hierarchical_allocator_tests.cpp,
//     HierarchicalAllocator_BENCHMARK_Test.DeclineOffers): N agents of
//     cpus:24;mem:4096;disk:4096;ports:[31000-32000], each partly used by
//     one of M frameworks; every round the frameworks decline everything
//     with a long filter. Measures adding the agents and each allocation
//     round, and the resident memory.
//   - LargeAndSmallQuota (hierarchical_allocator_benchmarks.cpp): 2,500
//     roles with small and 500 with large quota, one framework each, 3,000
//     agents: the time of the cycle that makes the 3,500 quota allocations
//     and of the next, empty, cycle.
//   - MultiFrameworkAllocations (hierarchical_allocator_benchmarks.cpp):
//     80 big agents, Marathon-, Jenkins- and Spark-like frameworks
//     launching 19,500 tasks: the time to place everything.
//
// The runners are plain functions so that `go test -bench` (in package
// allocator) and a command line (`mactor bench allocator`) share them.
// Time is measured with the wall clock; allocator time is simulated with a
// manual clock, like Mesos's paused libprocess clock.
package bench
