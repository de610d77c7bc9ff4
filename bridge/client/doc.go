// Package client is the Go client of the mactor bridge: what the simulator,
// the tests and the benchmarks use to speak to an engine exactly as the
// Mesos modules do.
//
// A Client is one module session (a random id unless configured). Every
// one-way allocator call gets the session's next sequence number when it
// is queued and stays in a bounded resend queue until the engine
// acknowledges it; one sender goroutine posts the queue in order, as a
// single call or — when several calls are waiting — as one batch request
// (application/recordio), and after a failure (connection refused, 503, a
// rewound session) resends from the oldest unacknowledged call with
// backoff. The engine applies each sequence number once, so the resend has
// no duplicate effect.
//
// Hook calls go straight to the engine with a deadline; when the engine is
// slow or down, the client answers with the fallback ("no change") itself,
// the way a module must never hang its master or agent.
//
// Subscribe keeps a SUBSCRIBE stream open, reconnecting with backoff and
// asking for the events it has not seen.
package client
