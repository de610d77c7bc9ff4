// Package scheduler runs a Mesos framework scheduler written as a
// behaviour: a value implementing Scheduler, whose methods are the
// callbacks of erlang-mesos's scheduler module (Registered, ResourceOffers,
// StatusUpdate, ...), hosted in a supervised actor and connected to the
// master over the Mesos v1 scheduler HTTP API.
//
// # Writing a framework
//
// Embed Base, override the callbacks you need, and Start it:
//
//	type hello struct{ scheduler.Base; launched int }
//
//	func (h *hello) ResourceOffers(d scheduler.Driver, offers []*mesosv1.Offer) { ... }
//
//	d, err := scheduler.Start(system, scheduler.Config{
//		Masters:   []string{"http://127.0.0.1:5050"},
//		Framework: &mesosv1.FrameworkInfo{User: proto.String("root"), Name: proto.String("hello")},
//		New:       func() scheduler.Scheduler { return &hello{} },
//	})
//	...
//	err = d.Join()
//
// Every callback receives the Driver, through which the behaviour accepts
// and declines offers, kills tasks, reconciles, and so on. Calls are queued
// and sent in order, one at a time, by the driver; DECLINE calls that pile
// up behind a call in flight are merged into one.
//
// # The connection
//
// The driver subscribes with SUBSCRIBE (protobuf by default, or JSON),
// reads the RecordIO event stream, and sends every other call on its own
// request with the framework ID and the Mesos-Stream-Id of the current
// subscription. It follows 307 redirects to the leading master (the
// Location may be protocol-relative, "//host:port/path"), tries the masters
// of Config.Masters in turn, authenticates with HTTP basic authentication
// when given credentials, and maps refusals to *Error values carrying the
// status code and the master's message (errors.Is(err, ErrForbidden), ...).
//
// When the subscription breaks (the stream ends, or no event arrives for
// five heartbeat intervals) the behaviour gets Disconnected and the driver
// subscribes again, with exponential backoff up to 15 s, as the same
// framework (framework_id set): a failover. The behaviour then gets
// Reregistered. Answers that retrying cannot fix (401, 403, 400, ...) and
// ERROR events stop the driver; Join says why.
//
// # Crashes
//
// The behaviour runs in its own actor, under a one_for_one supervisor
// (package supervisor), apart from the goroutines that hold the HTTP
// connection. If a callback panics, the panic and the event are logged,
// the event is dropped (published as a dead letter), and the supervisor
// restarts the actor in place: a fresh instance from Config.New (or, for a
// Stateful behaviour, one restored from its last saved state) handles the
// next event in the mailbox. The subscription is not touched and no event
// after the crashing one is lost.
//
// Status updates (and operation status updates) are acknowledged after
// the behaviour's callback returns, and only then: an update whose
// callback panicked is not acknowledged, so Mesos delivers it again and a
// crash never loses one. Each update handled is acknowledged exactly once.
// WithAutoAcknowledge(false) leaves acknowledgement to the behaviour.
//
// Past the restart intensity (WithRestartIntensity) the supervisor gives
// up and the driver stops with ErrBehaviourFailed.
package scheduler
