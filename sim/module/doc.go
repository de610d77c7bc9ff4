// Package module is the module side of `mactor sim`: it speaks to the engine
// over the bridge exactly as the Mesos allocator and hook modules do, with
// bridge/client. Bridge implements master.Module (allocator calls queued
// one-way in order, the master's launch hook) and the agents' hooks, and
// Offers turns the engine's OFFERS stream into the master's offers.
//
// The Mesos v1 types of the simulated master and the unversioned types of
// the bridge share their field numbers, so they convert by re-parsing, as
// Mesos itself does (convert.go).
package module
