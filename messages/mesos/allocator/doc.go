// Package mesosallocator holds InverseOfferStatus, the one protobuf message
// of the Apache Mesos 1.11 allocator module interface (proto package
// "mesos.allocator", include/mesos/allocator/allocator.proto). It refers to
// the unversioned types of package mesos. Its Status enum starts at
// UNKNOWN = 1, so there is no zero value.
package mesosallocator
