// Package bridge is the engine side of the module ↔ engine protocol: the
// HTTP server that the Mesos allocator and hook modules call, the module
// sessions that order and dedupe their calls, the routing of each call to
// the actor that owns it, and the SUBSCRIBE stream that carries offers
// back to the master. docs/bridge.md is the protocol reference.
//
// Endpoints (Server.Handler):
//
//   - POST /api/v1/bridge with one mactor.bridge.v1.Call, as
//     application/x-protobuf or application/json (protojson): one-way
//     allocator calls answer 202 once their owner journaled them, hook
//     calls 200 within the hook's deadline, SUBSCRIBE opens a RecordIO
//     stream of Events.
//   - POST /api/v1/bridge with Content-Type application/recordio and
//     Message-Content-Type application/x-protobuf (or application/json):
//     the batch form, many sequenced one-way calls of one session in order,
//     answered 200 with a RecordIO stream of one Response per call.
//   - POST / with multipart/form-data fields `type` and `value`:
//     elodina/alligator's legacy module.
//
// Sequenced calls (a session id and a sequence number) go through their
// session's actor (one per module session, journaled watermark), which
// applies them in order, exactly once; the owners keep the per-session
// dedupe marks with the effects (package bridge/owner).
package bridge
