package journal_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sync/atomic"
	"time"

	"github.com/mactor/mactor/supervisor/journal"
)

// Count the Bolt store's durable writes (the engine feeds a Prometheus
// histogram, mactor_journal_fsync_seconds, the same way).
func ExampleWithFsyncObserver() {
	dir, err := os.MkdirTemp("", "journal-example")
	if err != nil {
		panic(err)
	}
	defer os.RemoveAll(dir)
	var writes atomic.Int64
	store, err := journal.OpenBolt(filepath.Join(dir, journal.DefaultFileName),
		journal.WithFsyncObserver(func(d time.Duration) { writes.Add(1) }))
	if err != nil {
		panic(err)
	}
	defer store.Close()
	for i := range 3 {
		_, _ = store.Append(context.Background(), "framework/web", uint64(i), []byte("event"))
	}
	fmt.Println("durable writes:", writes.Load(), "commits:", store.Stats().Commits)
	// Output:
	// durable writes: 3 commits: 3
}
