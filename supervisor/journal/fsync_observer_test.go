package journal

import (
	"context"
	"path/filepath"
	"sync"
	"testing"
	"time"
)

// TestFsyncObserver: the Bolt store reports one durable-write time per
// successful group commit.
func TestFsyncObserver(t *testing.T) {
	for _, tc := range []struct {
		name   string
		noSync bool
	}{{"fsync", false}, {"nosync", true}} {
		t.Run(tc.name, func(t *testing.T) {
			var mu sync.Mutex
			var seen []time.Duration
			opts := []Option{WithFsyncObserver(func(d time.Duration) {
				mu.Lock()
				seen = append(seen, d)
				mu.Unlock()
			})}
			if tc.noSync {
				opts = append(opts, WithNoSync(true))
			}
			b, err := OpenBolt(filepath.Join(t.TempDir(), DefaultFileName), opts...)
			if err != nil {
				t.Fatal(err)
			}
			defer b.Close()
			ctx := context.Background()
			for i := range 3 {
				if _, err := b.Append(ctx, "s", uint64(i), []byte("event")); err != nil {
					t.Fatal(err)
				}
			}
			// A refused append (wrong expected sequence) is no durable write.
			if _, err := b.Append(ctx, "s", 0, []byte("stale")); err == nil {
				t.Fatal("stale append succeeded")
			}
			commits := b.Stats().Commits
			mu.Lock()
			defer mu.Unlock()
			if uint64(len(seen)) != commits || commits < 3 {
				t.Fatalf("observed %d durable writes for %d commits (want one each, at least 3)", len(seen), commits)
			}
			for _, d := range seen {
				if d < 0 {
					t.Fatalf("negative duration %s", d)
				}
			}
		})
	}
}
