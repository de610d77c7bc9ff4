// Package mesoshttp is the HTTP plumbing shared by mactor's clients of the
// Mesos v1 scheduler and executor APIs (and usable by servers that speak
// them): the two message encodings, the typed errors a master or agent
// answers with, leader redirects with protocol-relative Location headers,
// authentication, reconnection backoff, and RecordIO event streams.
//
// The package knows nothing about schedulers or executors: requests and
// events are plain proto.Message values.
package mesoshttp
