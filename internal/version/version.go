// Package version reports which mactor build is running and which versions
// of its key dependencies it was built with.
package version

import (
	"runtime"
	"runtime/debug"
)

// Version is the release of mactor; `make build` sets it with -ldflags.
var Version = "dev"

// Info describes the running build.
type Info struct {
	Version  string            `json:"version"`
	Commit   string            `json:"commit,omitempty"`
	Go       string            `json:"go"`
	Deps     map[string]string `json:"deps"`
	Platform string            `json:"platform"`
}

// keyDeps are the dependencies whose versions matter when reading a report.
var keyDeps = []string{
	"github.com/asynkron/protoactor-go",
	"google.golang.org/protobuf",
	"go.uber.org/zap",
	"go.etcd.io/bbolt",
}

// Get returns the build information of this binary.
func Get() Info {
	info := Info{Version: Version, Go: runtime.Version(), Platform: runtime.GOOS + "/" + runtime.GOARCH, Deps: map[string]string{}}
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return info
	}
	for _, s := range bi.Settings {
		if s.Key == "vcs.revision" {
			info.Commit = s.Value
		}
	}
	for _, d := range bi.Deps {
		for _, k := range keyDeps {
			if d.Path == k {
				info.Deps[k] = d.Version
			}
		}
	}
	return info
}
