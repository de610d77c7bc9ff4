// Package simhttp holds what the simulated master and agents share in
// serving Mesos's v1 HTTP APIs: reading a call with Mesos's checks and
// status codes, choosing the response encoding from Accept, and answering
// a refusal with Mesos's message.
package simhttp
