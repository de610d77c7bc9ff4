// Package wirecompat tests that mactor's Mesos messages are wire compatible
// with an independent implementation: Debian's mesos-go (Mesos 1.4 protos,
// gogo/protobuf code, ffjson JSON), and that a scheduler written with
// mesos-go's v1 HTTP client runs unchanged against `mactor sim`. See
// docs/wire-compatibility.md.
package wirecompat
