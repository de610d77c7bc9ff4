// Command mactor is the mactor engine and its tools: `mactor serve` runs the
// master companion, `mactor hook-command` answers a hook for
// criteo/mesos-command-modules (also when run as mactor-hook), `mactor bench
// bridge` measures the bridge, `mactor version` prints the build. Run
// `mactor help` for the full list.
package main

import (
	"os"
)

func main() {
	args := os.Args[1:]
	if hc, ok := hookCommandArgs(os.Args[0], args); ok {
		args = hc
	}
	os.Exit(run(args, os.Stdout, os.Stderr))
}
