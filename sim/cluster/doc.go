// Package cluster assembles `mactor sim`: the simulated master (sim/master)
// on its HTTP listener, N simulated agents (sim/agent) as supervised
// actors, and the module side (sim/module) that tells the engine what
// happens over the bridge and turns the engine's OFFERS stream into the
// master's offers.
package cluster
