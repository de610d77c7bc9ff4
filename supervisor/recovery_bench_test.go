package supervisor_test

import (
	"context"
	"fmt"
	"log/slog"
	"math"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/asynkron/protoactor-go/actor"

	"github.com/mactor/mactor/supervisor"
	"github.com/mactor/mactor/supervisor/journal"
)

// blobModel is a state of a fixed size that snapshots as itself, with
// events that overwrite a few bytes of it: the shape of a framework or agent
// record that a restarted actor must recover.
func blobModel(size int) journal.Model[[]byte] {
	return journal.Model[[]byte]{
		Init: func() []byte { return make([]byte, size) },
		Apply: func(s []byte, ev []byte) ([]byte, error) {
			copy(s, ev)
			return s, nil
		},
		Encode: func(s []byte) ([]byte, error) { return slices.Clone(s), nil },
		Decode: func(b []byte) ([]byte, error) { return slices.Clone(b), nil },
	}
}

type (
	benchCrash struct{}
	benchPing  struct{}
)

// recovering is a supervised worker that owns a durable state: it recovers
// it from the journal on every start, including each in-place restart.
type recovering struct {
	store journal.Store
	size  int
	log   *journal.Log[[]byte]
}

func (r *recovering) Receive(ctx actor.Context) {
	switch ctx.Message().(type) {
	case *actor.Started:
		l, err := journal.Recover(context.Background(), r.store, "bench/state", blobModel(r.size), journal.SnapshotEvery(100))
		if err != nil {
			panic(err)
		}
		r.log = l
	case *benchCrash:
		panic("injected crash")
	case *benchPing:
		ctx.Respond(len(r.log.State()))
	}
}

// BenchmarkRestartRecover measures a crash of a supervised actor that owns
// durable state, to the restarted actor answering again with its state
// recovered from a real bbolt file (a snapshot of the given size plus 50
// journaled events). p50 and p99 are reported as metrics.
func BenchmarkRestartRecover(b *testing.B) {
	for _, size := range []int{1 << 10, 100 << 10} {
		b.Run(fmt.Sprintf("state=%dKB", size>>10), func(b *testing.B) {
			store, err := journal.OpenBolt(filepath.Join(b.TempDir(), "bench.db"))
			if err != nil {
				b.Fatal(err)
			}
			defer func() { _ = store.Close() }()
			seedState(b, store, size)

			sys := actor.NewActorSystem(actor.WithLoggerFactory(func(*actor.ActorSystem) *slog.Logger {
				return slog.New(slog.DiscardHandler)
			}))
			h, err := supervisor.Start(sys, "", supervisor.Spec{
				Children: []supervisor.ChildSpec{{
					ID:    "owner",
					Start: func(string) actor.Actor { return &recovering{store: store, size: size} },
				}},
				Options: []supervisor.Option{supervisor.WithIntensity(math.MaxInt32, time.Second)},
			})
			if err != nil {
				b.Fatal(err)
			}
			defer func() { _ = h.Stop() }()
			kids, err := h.WhichChildren()
			if err != nil || len(kids) != 1 {
				b.Fatalf("children: %v %v", kids, err)
			}
			pid := kids[0].PID

			lat := make([]time.Duration, 0, b.N)
			b.ResetTimer()
			for range b.N {
				t0 := time.Now()
				sys.Root.Send(pid, &benchCrash{})
				res, err := sys.Root.RequestFuture(pid, &benchPing{}, 5*time.Second).Result()
				if err != nil || res.(int) != size {
					b.Fatalf("after restart: %v %v", res, err)
				}
				lat = append(lat, time.Since(t0))
			}
			b.StopTimer()
			slices.Sort(lat)
			at := func(p float64) float64 { return float64(lat[int(p*float64(len(lat)-1))].Microseconds()) }
			b.ReportMetric(at(0.50), "p50-µs")
			b.ReportMetric(at(0.99), "p99-µs")
		})
	}
}

// seedState writes a snapshot of size bytes and 50 events after it.
func seedState(b *testing.B, store journal.Store, size int) {
	b.Helper()
	ctx := context.Background()
	l, err := journal.Recover(ctx, store, "bench/state", blobModel(size), journal.SnapshotEvery(1000))
	if err != nil {
		b.Fatal(err)
	}
	for i := range 50 {
		if _, err := l.Persist(ctx, []byte(fmt.Sprintf("event-%03d", i)), nil); err != nil {
			b.Fatal(err)
		}
	}
	if _, err := l.Snapshot(ctx).Wait(ctx); err != nil {
		b.Fatal(err)
	}
	for i := range 50 {
		if _, err := l.Persist(ctx, []byte(fmt.Sprintf("later-%03d", i)), nil); err != nil {
			b.Fatal(err)
		}
	}
	if _, err := store.Append(ctx, "bench/sync", journal.Any, []byte("x")); err != nil {
		b.Fatal(err)
	}
}
