// Package chaos is the runner of `mactor chaos`: it starts `mactor serve
// --faults` as a real process, runs the simulated cluster (sim/cluster)
// against it under a steady workload (frameworks launching and declining
// over the v1 scheduler API, agents joining and leaving, hook calls, a
// stream of sequenced bridge calls), injects faults on a schedule derived
// only from a seed, and checks invariants while it runs: the supervision
// tree returns to its spec after each fault, escalation goes exactly one
// level, no orphan actors, conservation of the module's calls (also across
// SIGKILL), no resource offered twice, per-session order, goroutines and
// memory back to baseline, and hook calls answered within their deadline.
//
// The result is a Report: text for people, JSON (the schema shared with
// internal/webui, which renders it as HTML). docs/chaos.md is the guide.
package chaos
