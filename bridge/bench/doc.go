// Package bench measures the bridge on loopback against an engine started
// in-process: the hook round trip under a paced load (1k and 10k calls/s),
// durable one-way events per second, and, side by side, the same hook
// answered over the native bridge, over alligator's multipart path, and the
// criteo way (fork/exec of a shell script that writes its output file).
// `mactor bench bridge` and the bridge package's benchmarks run it.
package bench
