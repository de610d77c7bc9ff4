package journal

import (
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"io/fs"
	"os"
	"path/filepath"
	"runtime/debug"
	"time"

	bolt "go.etcd.io/bbolt"
	bolterrors "go.etcd.io/bbolt/errors"
	"go.uber.org/zap"
)

// DefaultFileName is the journal's file name under the engine's data
// directory: <data>/mactor.db.
const DefaultFileName = "mactor.db"

// formatVersion is stored under meta/format. A file with another value is
// refused with ErrFormat.
const formatVersion = "mactor-journal/1"

// Bucket and key names of the file layout (see docs/durability.md).
var (
	bucketMeta      = []byte("meta")
	bucketLog       = []byte("log")
	bucketSnapshots = []byte("snapshots")
	keyFormat       = []byte("format")
)

// crcTable is CRC-32C (Castagnoli), which has hardware support on amd64 and
// arm64.
var crcTable = crc32.MakeTable(crc32.Castagnoli)

// Bolt is the default Store: one bbolt file, written by group commit with
// one transaction and one fsync per group.
//
// File layout (format "mactor-journal/1"):
//
//	meta/format                         "mactor-journal/1"
//	log/<lsn><seq><stream>              crc32c(key ‖ data) ‖ data
//	snapshots/<stream>                  seq ‖ crc32c(seq ‖ state) ‖ state
//
// lsn and seq are 8-byte big-endian integers. The lsn (log sequence number)
// counts every event the file has stored, across streams, so each group
// commit appends to the right edge of one B+tree and writes a handful of
// pages however many streams it touches. A stream's events are found through
// an index held in memory (stream → lsn of each event after its snapshot),
// which OpenBolt rebuilds by scanning the log. Events a snapshot covers are
// removed later by a cleaner that walks the log in lsn order, a bounded
// number of records per commit, so that their deletion also touches few
// pages.
type Bolt struct {
	*engine
	db   *bolt.DB
	path string
	ix   *boltIndex
}

var _ Store = (*Bolt)(nil)

// OpenBolt opens the journal file at path, creating it (and fsyncing its
// directory) if it does not exist, and rebuilds the stream index from it.
// Only one process may have the file open: another waits up to the lock
// timeout and then fails with ErrLocked. A file that is not a bbolt database,
// or whose log holds a record that cannot be attributed to a stream, fails
// with ErrCorrupt; a bbolt database that is not a journal of this format
// fails with ErrFormat. Damage confined to one stream is reported when that
// stream is read or written, and deleting the stream clears it.
func OpenBolt(path string, opts ...Option) (*Bolt, error) {
	cfg := buildConfig(opts)
	_, statErr := os.Stat(path)
	created := errors.Is(statErr, fs.ErrNotExist)

	db, err := openBoltFile(path, cfg)
	if err != nil {
		return nil, err
	}
	fail := func(err error) (*Bolt, error) {
		_ = db.Close()
		return nil, fmt.Errorf("journal: open %s: %w", path, err)
	}
	if created {
		if err := syncDir(filepath.Dir(path)); err != nil {
			return fail(err)
		}
	}
	if err := initLayout(db); err != nil {
		return fail(err)
	}
	ix, err := loadIndex(db)
	if err != nil {
		return fail(err)
	}
	b := &Bolt{db: db, path: path, ix: ix}
	b.engine = newEngine(&boltBackend{db: db, ix: ix, cleanMinDead: cfg.cleanMinDead, cleanLag: cfg.cleanLag, commitFault: cfg.commitFault, fsyncObserver: cfg.fsyncObserver}, cfg)
	cfg.log.Info("journal store opened", zap.String("path", path), zap.Bool("created", created),
		zap.Bool("nosync", cfg.noSync), zap.Int("streams", len(ix.streams)),
		zap.Uint64("records", ix.total), zap.Uint64("live", ix.live))
	return b, nil
}

// Path returns the database file's path.
func (b *Bolt) Path() string { return b.path }

func openBoltFile(path string, cfg config) (db *bolt.DB, err error) {
	defer func() {
		if p := recover(); p != nil {
			db, err = nil, fmt.Errorf("%w: open %s: %v", ErrCorrupt, path, p)
		}
	}()
	defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
	// The freelist is synced on every commit (NoFreelistSync false): without
	// it bbolt rebuilds the freelist at open by walking every page on a
	// goroutine of its own, where damage to the file is an unrecoverable
	// panic that takes the whole process down.
	db, err = bolt.Open(path, 0o600, &bolt.Options{
		Timeout:      cfg.lockTimeout,
		FreelistType: bolt.FreelistMapType,
		NoSync:       cfg.noSync,
	})
	switch {
	case err == nil:
		return db, nil
	case errors.Is(err, bolterrors.ErrTimeout):
		return nil, fmt.Errorf("%w: %s: %w", ErrLocked, path, err)
	case errors.Is(err, bolterrors.ErrInvalid), errors.Is(err, bolterrors.ErrChecksum),
		errors.Is(err, bolterrors.ErrVersionMismatch), errors.Is(err, bolterrors.ErrInvalidMapping):
		return nil, fmt.Errorf("%w: open %s: %w", ErrCorrupt, path, err)
	default:
		return nil, fmt.Errorf("journal: open %s: %w", path, err)
	}
}

// initLayout creates the buckets of a new file or checks those of an
// existing one.
func initLayout(db *bolt.DB) (err error) {
	defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("%w: %v", ErrCorrupt, p)
		}
	}()
	return db.Update(func(tx *bolt.Tx) error {
		meta := tx.Bucket(bucketMeta)
		if meta == nil {
			var foreign []byte
			_ = tx.ForEach(func(name []byte, _ *bolt.Bucket) error {
				foreign = append([]byte{}, name...)
				return errors.New("stop")
			})
			if foreign != nil {
				return fmt.Errorf("%w: no %q bucket but a %q one: not a journal", ErrFormat, bucketMeta, foreign)
			}
			meta, err := tx.CreateBucket(bucketMeta)
			if err != nil {
				return err
			}
			if err := meta.Put(keyFormat, []byte(formatVersion)); err != nil {
				return err
			}
			if _, err := tx.CreateBucket(bucketLog); err != nil {
				return err
			}
			_, err = tx.CreateBucket(bucketSnapshots)
			return err
		}
		if v := meta.Get(keyFormat); string(v) != formatVersion {
			return fmt.Errorf("%w: format %q, want %q", ErrFormat, v, formatVersion)
		}
		if tx.Bucket(bucketLog) == nil || tx.Bucket(bucketSnapshots) == nil {
			return fmt.Errorf("%w: bucket %q or %q missing", ErrCorrupt, bucketLog, bucketSnapshots)
		}
		return nil
	})
}

func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	err = d.Sync()
	if cerr := d.Close(); err == nil {
		err = cerr
	}
	return err
}

// logFillPercent is the fill factor of the log bucket's pages: the log is
// appended at its right edge, so pages are split nearly full.
const logFillPercent = 0.9

type boltBackend struct {
	db           *bolt.DB
	ix           *boltIndex
	cleanMinDead uint64
	cleanLag     uint64
	commitFault  func() error // tests: fail the commit after staging
	// fsyncObserver gets the time of each successful commit's durable write.
	fsyncObserver FsyncObserver
}

func (b *boltBackend) update(fn func(backendTx) error) error {
	ix := b.ix
	t := &boltTx{
		ix:        ix,
		changes:   make(map[string]*streamIdx),
		next:      ix.next,
		cleanFrom: ix.cleanFrom,
		live:      ix.live,
		total:     ix.total,

		cleanMinDead: b.cleanMinDead,
		cleanLag:     b.cleanLag,
	}
	var staged bool // fn and the cleaner succeeded: only the commit remains
	var txid uint64
	var stagedAt time.Time
	defer func() {
		if p := recover(); p != nil {
			// bbolt panicked, possibly mid-commit: the index may no longer
			// match the file. Wake waiting readers, then let the commit
			// loop turn the panic into ErrBroken.
			ix.publish(nil, 0, fmt.Errorf("%w: storage panicked: %v", ErrBroken, p))
			panic(p)
		}
	}()
	err := b.db.Update(func(tx *bolt.Tx) error {
		t.log, t.snaps = tx.Bucket(bucketLog), tx.Bucket(bucketSnapshots)
		if t.log == nil || t.snaps == nil {
			return fmt.Errorf("%w: buckets missing", ErrCorrupt)
		}
		t.log.FillPercent = logFillPercent
		if err := fn(t); err != nil {
			return err
		}
		if err := t.clean(); err != nil {
			return err
		}
		txid, staged = uint64(tx.ID()), true
		if b.commitFault != nil {
			return b.commitFault()
		}
		stagedAt = time.Now()
		return nil
	})
	if err != nil {
		if staged {
			// The commit itself failed: writing the pages, the meta page, or
			// an fsync. Whether the file now holds the transaction is
			// unknown, so the index can no longer be trusted to match it.
			err = fmt.Errorf("%w: commit failed, reopen the store: %w", ErrBroken, err)
			ix.publish(nil, 0, err)
		}
		return err // the staged index changes are dropped with the transaction
	}
	if b.fsyncObserver != nil {
		b.fsyncObserver(time.Since(stagedAt))
	}
	ix.publish(t.changes, txid, nil)
	ix.next, ix.cleanFrom, ix.live, ix.total = t.next, t.cleanFrom, t.live, t.total
	return nil
}

func (b *boltBackend) read(stream string) (h History, err error) {
	// A damaged file can make bbolt touch memory outside its mapping; turn
	// that fault into a panic, and the panic into ErrCorrupt.
	defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
	defer func() {
		if p := recover(); p != nil {
			h, err = History{}, fmt.Errorf("%w: read %q: storage panicked: %v", ErrCorrupt, stream, p)
		}
	}()
	for {
		b.ix.mu.RLock()
		si := b.ix.streams[stream]
		var view streamIdx
		if si != nil {
			view = *si // the lsn slices' elements are never modified in place
		}
		txid, published, broken := b.ix.txid, b.ix.published, b.ix.broken
		b.ix.mu.RUnlock()
		if si == nil {
			return History{}, nil
		}
		if view.err != nil {
			return History{}, view.err
		}
		stale := false
		err = b.db.View(func(tx *bolt.Tx) error {
			// The index is published just after each commit; a read
			// transaction that already sees a newer commit must wait for it.
			if uint64(tx.ID()) != txid {
				stale = true
				return nil
			}
			h, err = readStream(tx, stream, &view)
			return err
		})
		if errors.Is(err, bolterrors.ErrDatabaseNotOpen) {
			return History{}, ErrClosed
		}
		if !stale {
			return h, err
		}
		if broken != nil {
			return History{}, broken
		}
		<-published
	}
}

// readStream reads the records si points to, in a transaction that sees
// the same commit as si.
func readStream(tx *bolt.Tx, stream string, si *streamIdx) (h History, err error) {
	logb, snaps := tx.Bucket(bucketLog), tx.Bucket(bucketSnapshots)
	if logb == nil || snaps == nil {
		return h, fmt.Errorf("%w: buckets missing", ErrCorrupt)
	}
	if si.snap > 0 {
		v := snaps.Get([]byte(stream))
		if v == nil {
			return h, fmt.Errorf("%w: stream %q: snapshot at %d missing", ErrCorrupt, stream, si.snap)
		}
		seq, data, err := decodeSnapshot(stream, v)
		if err != nil {
			return h, err
		}
		if seq != si.snap {
			return h, fmt.Errorf("%w: stream %q: snapshot at %d where %d was indexed", ErrCorrupt, stream, seq, si.snap)
		}
		h.SnapshotSeq, h.Snapshot = seq, append([]byte{}, data...)
	}
	h.Events = make([]Event, len(si.live))
	for i, lsn := range si.live {
		seq := si.snap + 1 + uint64(i)
		k := logKey(lsn, seq, stream)
		v := logb.Get(k)
		if v == nil {
			return History{}, fmt.Errorf("%w: stream %q: event %d missing at lsn %d", ErrCorrupt, stream, seq, lsn)
		}
		data, err := decodeEvent(stream, seq, k, v)
		if err != nil {
			return History{}, err
		}
		h.Events[i] = Event{Seq: seq, Data: append([]byte{}, data...)}
	}
	return h, nil
}

func (b *boltBackend) close() error { return b.db.Close() }

// logKey is the key of event seq of stream, stored at lsn.
func logKey(lsn, seq uint64, stream string) []byte {
	k := make([]byte, 16+len(stream))
	binary.BigEndian.PutUint64(k, lsn)
	binary.BigEndian.PutUint64(k[8:], seq)
	copy(k[16:], stream)
	return k
}

// parseLogKey splits a log key into its parts.
func parseLogKey(k []byte) (lsn, seq uint64, stream string, err error) {
	if len(k) <= 16 {
		return 0, 0, "", fmt.Errorf("%w: log key of %d bytes", ErrCorrupt, len(k))
	}
	stream = string(k[16:])
	if err := checkStream(stream); err != nil {
		return 0, 0, "", fmt.Errorf("%w: log key: %w", ErrCorrupt, err)
	}
	return binary.BigEndian.Uint64(k), binary.BigEndian.Uint64(k[8:]), stream, nil
}

func eventValue(key, data []byte) []byte {
	v := make([]byte, 4+len(data))
	binary.BigEndian.PutUint32(v, crc32.Update(crc32.Checksum(key, crcTable), crcTable, data))
	copy(v[4:], data)
	return v
}

func decodeEvent(stream string, seq uint64, key, v []byte) ([]byte, error) {
	if len(v) < 4 {
		return nil, fmt.Errorf("%w: stream %q: event %d: record of %d bytes", ErrCorrupt, stream, seq, len(v))
	}
	got := crc32.Update(crc32.Checksum(key, crcTable), crcTable, v[4:])
	if want := binary.BigEndian.Uint32(v); got != want {
		return nil, fmt.Errorf("%w: stream %q: event %d: checksum %08x, stored %08x", ErrCorrupt, stream, seq, got, want)
	}
	return v[4:], nil
}

func snapshotValue(seq uint64, state []byte) []byte {
	v := make([]byte, 12+len(state))
	binary.BigEndian.PutUint64(v, seq)
	copy(v[12:], state)
	binary.BigEndian.PutUint32(v[8:], snapshotCRC(v[:8], state))
	return v
}

func decodeSnapshot(stream string, v []byte) (uint64, []byte, error) {
	if len(v) < 12 {
		return 0, nil, fmt.Errorf("%w: stream %q: snapshot record of %d bytes", ErrCorrupt, stream, len(v))
	}
	seq := binary.BigEndian.Uint64(v)
	if got, want := snapshotCRC(v[:8], v[12:]), binary.BigEndian.Uint32(v[8:]); got != want {
		return 0, nil, fmt.Errorf("%w: stream %q: snapshot at %d: checksum %08x, stored %08x", ErrCorrupt, stream, seq, got, want)
	}
	if seq == 0 {
		return 0, nil, fmt.Errorf("%w: stream %q: snapshot at sequence 0", ErrCorrupt, stream)
	}
	return seq, v[12:], nil
}

func snapshotCRC(seq, state []byte) uint32 {
	return crc32.Update(crc32.Checksum(seq, crcTable), crcTable, state)
}
