// Package simtest helps tests drive the simulated cluster the way a
// third-party framework would: Scheduler is a bare Mesos v1 scheduler
// client over plain HTTP and JSON, with no Accept header (so the master
// answers in JSON, as it must for such clients), written against the wire
// protocol rather than mactor's behaviours.
package simtest
