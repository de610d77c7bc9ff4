// Package bridgetest helps tests and benchmarks drive a real engine over
// the bridge: a well-formed sample of every call type, and an engine
// started on loopback ports in a temporary directory.
package bridgetest
