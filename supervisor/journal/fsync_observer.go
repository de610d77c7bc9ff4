package journal

import "time"

// FsyncObserver receives the duration of each successful Bolt group
// commit's durable write: from the end of staging the transaction until
// bbolt has written its pages and meta page and fsynced the file (with
// WithNoSync, the writes only). It runs on the store's commit goroutine,
// once per group commit, and must be quick.
type FsyncObserver func(time.Duration)

// WithFsyncObserver installs fn as the Bolt store's FsyncObserver, e.g. a
// Prometheus histogram's Observe (the engine's mactor_journal_fsync_seconds).
// The memory store has no fsync and ignores it.
func WithFsyncObserver(fn FsyncObserver) Option {
	return func(c *config) { c.fsyncObserver = fn }
}
