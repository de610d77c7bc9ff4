// Package allocatorv1 is the generated Go of the allocator actor's durable
// state (proto package mactor.allocator.v1, source
// messages/proto/mactor/allocator/v1): the events of its journal and its
// snapshots, including the allocation core's State that
// allocator.Allocator.Snapshot writes and allocator.Restore reads.
package allocatorv1
