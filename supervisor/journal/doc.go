// Package journal keeps the durable state of mactor's actors: an event
// journal plus snapshots, in one bbolt file by default.
//
// A Store holds streams of opaque events keyed by a stream name
// ("framework/<id>", "agent/<id>"), numbered 1, 2, 3, … per stream, and one
// snapshot per stream that stands for the events up to its sequence number;
// saving a snapshot compacts those events away. Bolt is the store the engine
// uses (OpenBolt on <data>/mactor.db); Memory is its in-memory twin for
// tests. Both run the same code above the storage and pass the same
// conformance tests.
//
// Writes are made durable by group commit: one goroutine per store takes
// every request queued since its last round and writes them in a single
// transaction with a single fsync. AppendAsync returns at once with a
// Future that completes only after that fsync, so an actor never blocks its
// mailbox on the disk; Append is the blocking form. The queue is bounded in
// requests and in bytes, and a full queue makes callers wait (backpressure).
//
// An event is acknowledged when its Future completes without error; an
// acknowledged event survives kill -9 of the process, and its fsync makes it
// survive a power loss as far as the disk honours fsync.
//
// Log is the typed layer an actor uses: Recover in its *actor.Started
// handler replays the snapshot and the events into a state of any type;
// Persist applies a new event at once and queues it; the actor acknowledges
// the event when its Completion comes back, and panics (through Settle) if
// the write failed, so that its supervisor restarts it from the durable
// prefix. ToSelf routes Completions into the actor's mailbox.
//
// docs/durability.md describes the model, the file layout and the measured
// throughput.
package journal
