package journal

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// benchDir is where benchmark journals live: $MACTOR_BENCH_DIR if set (to
// measure a particular disk), else the test's temporary directory.
func benchDir(b *testing.B) string {
	if d := os.Getenv("MACTOR_BENCH_DIR"); d != "" {
		dir, err := os.MkdirTemp(d, "journal-bench-")
		if err != nil {
			b.Fatal(err)
		}
		b.Cleanup(func() { _ = os.RemoveAll(dir) })
		return dir
	}
	return b.TempDir()
}

func openBench(b *testing.B, opts ...Option) *Bolt {
	s, err := OpenBolt(filepath.Join(benchDir(b), DefaultFileName), opts...)
	if err != nil {
		b.Fatal(err)
	}
	return s
}

// BenchmarkGroupCommit measures durable events per second on a real bbolt
// file with fsync. "sync" cases run that many goroutines, each appending one
// event at a time to its own stream and waiting for it to be durable (an
// actor per entity); "async" is one goroutine keeping a window of appends in
// flight; "streams=10000" spreads the appends over 10,000 streams.
func BenchmarkGroupCommit(b *testing.B) {
	type benchCase struct {
		mode        string // "sync" or "async"
		concurrency int    // appenders, or the async window
		size        int
		streams     int // 0: one stream per appender
		noSync      bool
	}
	var cases []benchCase
	for _, c := range []int{1, 16, 256} {
		for _, size := range []int{100, 1024} {
			cases = append(cases, benchCase{mode: "sync", concurrency: c, size: size})
		}
	}
	cases = append(cases,
		benchCase{mode: "sync", concurrency: 256, size: 100, streams: 10000},
		benchCase{mode: "async", concurrency: 1024, size: 100},
		benchCase{mode: "async", concurrency: 1024, size: 1024},
		benchCase{mode: "async", concurrency: 1024, size: 100, streams: 10000},
		benchCase{mode: "sync", concurrency: 256, size: 100, noSync: true},
	)
	for _, c := range cases {
		name := fmt.Sprintf("%s/c=%d/size=%d", c.mode, c.concurrency, c.size)
		if c.streams > 0 {
			name += fmt.Sprintf("/streams=%d", c.streams)
		}
		if c.noSync {
			name += "/nosync"
		}
		b.Run(name, func(b *testing.B) {
			s := openBench(b, WithNoSync(c.noSync))
			defer func() { _ = s.Close() }()
			payload := make([]byte, c.size)
			for i := range payload {
				payload[i] = byte(i)
			}
			ctx := context.Background()
			before := s.Stats()
			b.SetBytes(int64(c.size))
			b.ResetTimer()
			start := time.Now()
			if c.mode == "async" {
				benchAsync(b, s, payload, c.concurrency, c.streams)
			} else {
				benchSync(b, ctx, s, payload, c.concurrency, c.streams)
			}
			elapsed := time.Since(start)
			b.StopTimer()
			st := s.Stats()
			commits := st.Commits - before.Commits
			b.ReportMetric(float64(b.N)/elapsed.Seconds(), "events/s")
			if commits > 0 {
				b.ReportMetric(float64(st.Events-before.Events)/float64(commits), "events/commit")
			}
		})
	}
}

func benchSync(b *testing.B, ctx context.Context, s Store, payload []byte, appenders, streams int) {
	var left atomic.Int64
	left.Store(int64(b.N))
	var wg sync.WaitGroup
	for w := range appenders {
		wg.Add(1)
		go func() {
			defer wg.Done()
			own := fmt.Sprintf("agent/%d", w)
			r := rand.New(rand.NewPCG(uint64(w), 1))
			var last uint64
			for left.Add(-1) >= 0 {
				stream, expect := own, last
				if streams > 0 {
					stream, expect = fmt.Sprintf("agent/%d", r.IntN(streams)), Any
				}
				rng, err := s.Append(ctx, stream, expect, payload)
				if err != nil {
					b.Error(err)
					return
				}
				last = rng.Last
			}
		}()
	}
	wg.Wait()
}

func benchAsync(b *testing.B, s Store, payload []byte, window, streams int) {
	ctx := context.Background()
	slots := make(chan struct{}, window)
	var failed atomic.Bool
	names := []string{"framework/async"}
	if streams > 0 {
		names = make([]string, streams)
		for i := range names {
			names[i] = fmt.Sprintf("agent/%d", i)
		}
	}
	for i := range b.N {
		slots <- struct{}{}
		stream, expect := names[i%len(names)], uint64(i)
		if streams > 0 {
			expect = Any
		}
		s.AppendAsync(ctx, stream, expect, payload).Then(func(_ Range, err error) {
			if err != nil {
				failed.Store(true)
			}
			<-slots
		})
	}
	for range window {
		slots <- struct{}{}
	}
	if failed.Load() {
		b.Error("an append failed")
	}
}

// blob is a benchmark state: opaque bytes, each event overwrites 8 of them.
var blobModel = Model[[]byte]{
	Apply: func(s []byte, e []byte) ([]byte, error) {
		copy(s[len(e)%len(s):], e)
		return s, nil
	},
	Encode: func(s []byte) ([]byte, error) { return s, nil },
	Decode: func(b []byte) ([]byte, error) { return append([]byte{}, b...), nil },
}

// BenchmarkSnapshotRecover measures, for 1 KB and 100 KB states in a file of
// 1,000 streams: saving a snapshot durably, and recovering a stream (read
// the snapshot and 50 events after it, decode, replay), as an actor does on
// restart. Recovery reports its p50 and p99.
func BenchmarkSnapshotRecover(b *testing.B) {
	const streams, tail = 1000, 50
	for _, size := range []int{1 << 10, 100 << 10} {
		label := fmt.Sprintf("state=%dKB", size>>10)
		s := openBench(b)
		ctx := context.Background()
		state := make([]byte, size)
		event := make([]byte, 8)
		for i := range streams {
			stream := fmt.Sprintf("agent/%d", i)
			if _, err := s.Append(ctx, stream, 0, event); err != nil {
				b.Fatal(err)
			}
			if _, err := s.SaveSnapshot(ctx, stream, 1, state).Result(); err != nil {
				b.Fatal(err)
			}
			evs := make([][]byte, tail)
			for j := range evs {
				evs[j] = event
			}
			if _, err := s.Append(ctx, stream, 1, evs...); err != nil {
				b.Fatal(err)
			}
		}
		b.Run("snapshot/"+label, func(b *testing.B) {
			for i := range b.N {
				stream := fmt.Sprintf("agent/%d", i%streams)
				if _, err := s.SaveSnapshot(ctx, stream, 1+tail, state).Result(); err != nil {
					b.Fatal(err)
				}
			}
		})
		// Re-seed the tails the snapshots above compacted.
		for i := range streams {
			stream := fmt.Sprintf("agent/%d", i)
			h, err := s.Read(ctx, stream)
			if err != nil {
				b.Fatal(err)
			}
			if len(h.Events) < tail {
				evs := make([][]byte, tail)
				for j := range evs {
					evs[j] = event
				}
				if _, err := s.Append(ctx, stream, h.LastSeq(), evs...); err != nil {
					b.Fatal(err)
				}
			}
		}
		b.Run(fmt.Sprintf("recover/%s+%devents", label, tail), func(b *testing.B) {
			took := make([]time.Duration, 0, b.N)
			for i := range b.N {
				stream := fmt.Sprintf("agent/%d", (i*7919)%streams)
				t0 := time.Now()
				l, err := Recover(ctx, s, stream, blobModel, SnapshotEvery(0))
				took = append(took, time.Since(t0))
				if err != nil || len(l.State()) != size {
					b.Fatal(err)
				}
			}
			slices.Sort(took)
			b.ReportMetric(float64(took[len(took)/2].Nanoseconds()), "p50-ns")
			b.ReportMetric(float64(took[len(took)*99/100].Nanoseconds()), "p99-ns")
		})
		_ = s.Close()
	}
}

// BenchmarkOpen measures OpenBolt on a file holding the engine's full load:
// 10,000 agents and 1,000 frameworks, each with a 1 KB snapshot and 50
// events of 100 bytes after it (550,000 log records). Opening rebuilds the
// stream index by scanning the log; the benchmark also reports the heap the
// index takes.
func BenchmarkOpen(b *testing.B) {
	const streams, tail = 11000, 50
	s := openBench(b)
	path := s.Path()
	ctx := context.Background()
	state, event := make([]byte, 1024), make([]byte, 100)
	var futs []*Future
	for i := range streams {
		stream := fmt.Sprintf("agent/%d", i)
		if i >= 10000 {
			stream = fmt.Sprintf("framework/%d", i)
		}
		futs = append(futs, s.AppendAsync(ctx, stream, 0, event), s.SaveSnapshot(ctx, stream, 1, state))
		for j := range tail {
			futs = append(futs, s.AppendAsync(ctx, stream, uint64(1+j), event))
		}
	}
	for _, f := range futs {
		if _, err := f.Result(); err != nil {
			b.Fatal(err)
		}
	}
	if err := s.Close(); err != nil {
		b.Fatal(err)
	}
	fi, err := os.Stat(path)
	if err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	var heap uint64
	for range b.N {
		var before, after runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&before)
		s, err := OpenBolt(path)
		if err != nil {
			b.Fatal(err)
		}
		runtime.GC()
		runtime.ReadMemStats(&after)
		heap = after.HeapAlloc - before.HeapAlloc
		if s.ix.live != streams*tail {
			b.Fatalf("%d live records, want %d", s.ix.live, streams*tail)
		}
		b.StopTimer()
		_ = s.Close()
		b.StartTimer()
	}
	b.ReportMetric(float64(heap)/(1<<20), "index-heap-MB")
	b.ReportMetric(float64(fi.Size())/(1<<20), "file-MB")
}

// BenchmarkSteadyState appends to many streams with a 1 KB snapshot every
// 100 events per stream, as Logs do, so that compaction and the cleaner
// run: one goroutine, 1024 requests in flight, 100-byte events. It reports
// durable events/s and, at the end, the log's records per live event.
func BenchmarkSteadyState(b *testing.B) {
	for _, streams := range []int{1000, 10000} {
		b.Run(fmt.Sprintf("streams=%d", streams), func(b *testing.B) {
			const every = 100
			s := openBench(b)
			defer func() { _ = s.Close() }()
			ctx := context.Background()
			event, state := make([]byte, 100), make([]byte, 1024)
			names := make([]string, streams)
			for i := range names {
				names[i] = fmt.Sprintf("agent/%d", i)
			}
			seqs := make([]uint64, streams)
			slots := make(chan struct{}, 1024)
			var failed atomic.Value
			done := func(_ Range, err error) {
				if err != nil {
					failed.Store(err)
				}
				<-slots
			}
			r := rand.New(rand.NewPCG(1, 2))
			b.ResetTimer()
			start := time.Now()
			for range b.N {
				i := r.IntN(streams)
				slots <- struct{}{}
				s.AppendAsync(ctx, names[i], seqs[i], event).Then(done)
				seqs[i]++
				if seqs[i]%every == 0 {
					slots <- struct{}{}
					s.SaveSnapshot(ctx, names[i], seqs[i], state).Then(done)
				}
			}
			for range cap(slots) {
				slots <- struct{}{}
			}
			elapsed := time.Since(start)
			b.StopTimer()
			if err, _ := failed.Load().(error); err != nil {
				b.Fatal(err)
			}
			b.ReportMetric(float64(b.N)/elapsed.Seconds(), "events/s")
			if s.ix.live > 0 {
				b.ReportMetric(float64(s.ix.total)/float64(s.ix.live), "records/live")
			}
		})
	}
}
