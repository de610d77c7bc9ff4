// Package engine assembles a running mactor process: the actor system and
// its supervision tree, the durable store under the data directory, the
// bridge listener that the Mesos modules call, and the status HTTP server
// (health, metrics, state). cmd/mactor's serve command is a thin shell
// around it, and tests start it in-process on loopback ports.
package engine
