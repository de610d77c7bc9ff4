package bridge_test

import (
	"context"
	"testing"
	"time"

	"github.com/mactor/mactor/bridge/bench"
)

// Benchmarks of the bridge on loopback (see also `mactor bench bridge`,
// which runs all of them in one go and prints the ratios).

func benchEnv(b *testing.B) *bench.Env {
	b.Helper()
	env, err := bench.Start("")
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(env.Close)
	return env
}

func reportP(b *testing.B, name string, ds []time.Duration) {
	if len(ds) == 0 {
		return
	}
	var sum time.Duration
	for _, d := range ds {
		sum += d
	}
	b.ReportMetric(float64(sum.Microseconds())/float64(len(ds)), name+"-µs/call")
}

// BenchmarkHookNative: the same hook, sequential calls, native bridge.
func BenchmarkHookNative(b *testing.B) {
	env := benchEnv(b)
	b.ResetTimer()
	ds, err := env.Native(context.Background(), b.N)
	if err != nil {
		b.Fatal(err)
	}
	reportP(b, "native", ds)
}

// BenchmarkHookMultipart: the same hook over alligator's multipart path.
func BenchmarkHookMultipart(b *testing.B) {
	env := benchEnv(b)
	b.ResetTimer()
	ds, err := env.Multipart(context.Background(), b.N)
	if err != nil {
		b.Fatal(err)
	}
	reportP(b, "multipart", ds)
}

// BenchmarkHookForkExec: the same hook the criteo way (fork/exec).
func BenchmarkHookForkExec(b *testing.B) {
	env := benchEnv(b)
	b.ResetTimer()
	ds, err := env.ForkExec(context.Background(), b.N)
	if err != nil {
		b.Fatal(err)
	}
	reportP(b, "fork-exec", ds)
}

// BenchmarkHookPaced10k: the hook round trip at 10k calls/s for 2 s
// (b.N ignored); reports p50 and p99 in µs.
func BenchmarkHookPaced10k(b *testing.B) {
	env := benchEnv(b)
	b.ResetTimer()
	l, err := env.Paced(context.Background(), 10000, 2*time.Second, 64)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportMetric(l.P50us, "p50-µs")
	b.ReportMetric(l.P99us, "p99-µs")
}

// BenchmarkDurableEvents: one-way calls acknowledged once journaled,
// over 1000 agents, through the client's batches.
func BenchmarkDurableEvents(b *testing.B) {
	env := benchEnv(b)
	n := max(b.N, 10000)
	b.ResetTimer()
	rate, err := env.Events(context.Background(), n, 1000)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportMetric(rate, "events/s")
}
