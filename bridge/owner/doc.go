// Package owner is the durable half of the bridge: the protocol between a
// module session and the actor that owns a call, and the generic core that
// every owner (framework, agent and cluster registry actors) embeds.
//
// Each one-way allocator call has exactly one owner (KeyOf holds the table).
// The owner journals the call in its own stream ("framework/<id>",
// "agent/<id>", "cluster") as part of an OwnerEvent, folds it into its
// record with its Rules, and only then answers. The record also holds the
// dedupe marks: per module session, the highest sequence number applied,
// written in the same journal event as the effect, so a resent call is
// recognised as a duplicate after any crash.
//
// Calls reach an owner in Apply messages; the answer is an Applied. A
// process-wide Epoch guards ordering: when any owner crashes or loses a
// write, the epoch moves on, and calls routed before that (still queued in
// mailboxes) are refused as stale instead of being applied out of order.
// The sessions then rewind and the modules resend.
//
// After every durable change an owner can send a RecordChanged to a
// configured actor (the allocator of issue 5), and it sends one with its
// recovered record whenever it (re)starts, so that actor can rebuild its
// index from the records alone.
package owner
