// Command mactor is the mactor engine and its tools: `mactor serve` runs the
// master companion, `mactor version` prints the build. Run `mactor help`
// for the full list.
package main

import (
	"os"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}
