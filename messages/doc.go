// Package messages holds the protobuf sources (under proto/) and the
// generated Go code of every message mactor speaks: Mesos's unversioned and
// v1 types, the v1 scheduler and executor APIs, the legacy alligator
// allocator messages, and the mactor bridge protocol. Run `make proto` to
// regenerate the Go code.
package messages
