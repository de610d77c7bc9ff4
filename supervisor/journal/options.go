package journal

import (
	"time"

	"go.uber.org/zap"
)

// Option configures a store (OpenBolt, NewMemory).
type Option func(*config)

type config struct {
	log             *zap.Logger
	queueSize       int
	maxBatch        int
	maxBatchBytes   int64
	maxPendingBytes int64
	noSync          bool
	lockTimeout     time.Duration
	cleanMinDead    uint64 // Bolt: dead records before the cleaner runs
	cleanLag        uint64 // Bolt: the cleaner stays this many times the live records behind the log's end

	// commitHook, if set, runs before each group commit; a non-nil error
	// fails the group as a write error would. Tests use it to inject faults.
	commitHook func() error
	// commitFault, if set, fails Bolt's commit after the transaction is
	// staged, as a failed write or fsync would. Tests only.
	commitFault func() error

	// fsyncObserver, if set, gets each Bolt commit's durable write time.
	fsyncObserver FsyncObserver
}

func defaultConfig() config {
	return config{
		log:             zap.NewNop(),
		queueSize:       4096,
		maxBatch:        4096,
		maxBatchBytes:   16 << 20,
		maxPendingBytes: 64 << 20,
		lockTimeout:     time.Second,
		cleanMinDead:    4096,
		cleanLag:        2,
	}
}

func buildConfig(opts []Option) config {
	c := defaultConfig()
	for _, o := range opts {
		o(&c)
	}
	return c
}

// WithLogger sets the logger the store reports failed commits, open and close
// to. The default discards everything.
func WithLogger(l *zap.Logger) Option {
	return func(c *config) {
		if l != nil {
			c.log = l
		}
	}
}

// WithQueueSize bounds the number of requests waiting for group commit
// (default 4096). When the queue is full, AppendAsync, SaveSnapshot and
// Delete wait for room.
func WithQueueSize(n int) Option {
	return func(c *config) {
		if n > 0 {
			c.queueSize = n
		}
	}
}

// WithMaxBatch bounds how many requests (default 4096) and how many bytes
// (default 16 MiB; one larger request still goes alone) one group commit
// takes.
func WithMaxBatch(requests int, bytes int64) Option {
	return func(c *config) {
		if requests > 0 {
			c.maxBatch = requests
		}
		if bytes > 0 {
			c.maxBatchBytes = bytes
		}
	}
}

// WithMaxPendingBytes bounds the bytes of event and snapshot data held by
// queued requests (default 64 MiB). A request waits until its bytes fit, and
// a request larger than the bound fails with ErrTooLarge. With the queue
// size, it bounds the store's memory however fast callers append.
func WithMaxPendingBytes(n int64) Option {
	return func(c *config) {
		if n > 0 {
			c.maxPendingBytes = n
		}
	}
}

// WithNoSync makes the Bolt store skip fsync. Writes then survive the
// process being killed but not the machine losing power, and "durable" no
// longer means durable. For tests and comparisons only. The Memory store
// ignores it.
func WithNoSync(noSync bool) Option {
	return func(c *config) { c.noSync = noSync }
}

// WithLockTimeout bounds how long OpenBolt waits for another process to
// release the database file (default 1 s) before failing with ErrLocked.
func WithLockTimeout(d time.Duration) Option {
	return func(c *config) {
		if d > 0 {
			c.lockTimeout = d
		}
	}
}

// withCommitHook installs a fault-injection hook (tests only).
func withCommitHook(fn func() error) Option {
	return func(c *config) { c.commitHook = fn }
}

// withCleaner makes the Bolt cleaner start at minDead dead records and stay
// lag times the live records behind the end of the log (tests only, to
// exercise it on small logs).
func withCleaner(minDead, lag uint64) Option {
	return func(c *config) { c.cleanMinDead, c.cleanLag = minDead, lag }
}

// withCommitFault installs a Bolt commit fault (tests only).
func withCommitFault(fn func() error) Option {
	return func(c *config) { c.commitFault = fn }
}
