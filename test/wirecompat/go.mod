module github.com/mactor/mactor/test/wirecompat

go 1.26.0

require (
	github.com/gogo/protobuf v1.3.2
	github.com/mactor/mactor v0.0.0-00010101000000-000000000000
	github.com/mesos/mesos-go v0.0.6
	google.golang.org/protobuf v1.36.12
)

require github.com/pquerna/ffjson v0.0.0-00010101000000-000000000000 // indirect

// Run ./setup.sh first: it creates .deps/ from Debian's
// golang-github-mesos-mesos-go-dev (see docs/wire-compatibility.md).
replace (
	github.com/gogo/protobuf => /usr/share/gocode/src/github.com/gogo/protobuf
	github.com/mactor/mactor => ../..
	github.com/mesos/mesos-go => ./.deps/mesos-go
	github.com/pquerna/ffjson => ./.deps/ffjson
)
