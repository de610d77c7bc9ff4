// Package master is the simulated Mesos master of `mactor sim`: the v1
// scheduler HTTP API (POST /api/v1/scheduler) with Mesos's status codes,
// Mesos-Stream-Id rules, heartbeats, one event stream per framework and
// failover timeouts, plus GET /state and GET /health.
//
// The master does not allocate. It tells a Module what the Mesos allocator
// and hook modules would be told (addFramework on SUBSCRIBE, recoverResources
// on DECLINE, transitionOfferedToAllocated on ACCEPT, the launch hook, ...), and turns
// the allocator's decisions, handed to Offer, into Mesos offers. Launched
// tasks go to a Launcher (the simulated agents), whose status updates come
// back through Update and are resent to the framework until acknowledged.
package master
