// Package wirecompat tests that mactor's Mesos messages are wire compatible
// with an independent implementation: Debian's mesos-go (Mesos 1.4 protos,
// gogo/protobuf code, ffjson JSON). See docs/wire-compatibility.md.
package wirecompat
