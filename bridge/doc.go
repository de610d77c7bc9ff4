// Package bridge is the engine side of the module ↔ engine protocol: the HTTP
// server that the Mesos allocator and hook modules call, the routing of each
// call to the actor that owns it, and the SUBSCRIBE stream that carries offers
// back to the master.
package bridge
