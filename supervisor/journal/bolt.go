package journal

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"io/fs"
	"os"
	"path/filepath"
	"runtime/debug"

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
	bucketEvents    = []byte("events")
	bucketSnapshots = []byte("snapshots")
	keyFormat       = []byte("format")
)

// crcTable is CRC-32C (Castagnoli), which has hardware support on amd64 and
// arm64.
var crcTable = crc32.MakeTable(crc32.Castagnoli)

// Bolt is the default Store: one bbolt file, written by group commit with
// one fsync per transaction.
//
// File layout (format "mactor-journal/1"):
//
//	meta/format                 "mactor-journal/1"
//	events/<stream>\x00<seq>    crc32c(data) ‖ data         seq: 8 bytes big-endian
//	snapshots/<stream>          seq ‖ crc32c(seq ‖ data) ‖ data
//
// A stream's events sort together and in sequence order, so reading or
// compacting a stream is one cursor range.
type Bolt struct {
	*engine
	db   *bolt.DB
	path string
}

var _ Store = (*Bolt)(nil)

// OpenBolt opens the journal file at path, creating it (and fsyncing its
// directory) if it does not exist. Only one process may have the file open:
// another waits up to the lock timeout and then fails with ErrLocked. A file
// that is not a bbolt database fails with ErrCorrupt, one that is a bbolt
// database but not a journal of this format with ErrFormat.
func OpenBolt(path string, opts ...Option) (*Bolt, error) {
	cfg := buildConfig(opts)
	_, statErr := os.Stat(path)
	created := errors.Is(statErr, fs.ErrNotExist)

	db, err := openBoltFile(path, cfg)
	if err != nil {
		return nil, err
	}
	if created {
		if err := syncDir(filepath.Dir(path)); err != nil {
			_ = db.Close()
			return nil, fmt.Errorf("journal: open %s: %w", path, err)
		}
	}
	if err := initLayout(db); err != nil {
		_ = db.Close()
		return nil, fmt.Errorf("journal: open %s: %w", path, err)
	}
	b := &Bolt{db: db, path: path}
	b.engine = newEngine(boltBackend{db}, cfg)
	cfg.log.Info("journal store opened", zap.String("path", path), zap.Bool("created", created), zap.Bool("nosync", cfg.noSync))
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
			if _, err := tx.CreateBucket(bucketEvents); err != nil {
				return err
			}
			_, err = tx.CreateBucket(bucketSnapshots)
			return err
		}
		if v := meta.Get(keyFormat); string(v) != formatVersion {
			return fmt.Errorf("%w: format %q, want %q", ErrFormat, v, formatVersion)
		}
		if tx.Bucket(bucketEvents) == nil || tx.Bucket(bucketSnapshots) == nil {
			return fmt.Errorf("%w: bucket %q or %q missing", ErrCorrupt, bucketEvents, bucketSnapshots)
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

type boltBackend struct{ db *bolt.DB }

func (b boltBackend) update(fn func(backendTx) error) error {
	return b.db.Update(func(tx *bolt.Tx) error {
		t := &boltTx{events: tx.Bucket(bucketEvents), snaps: tx.Bucket(bucketSnapshots)}
		if t.events == nil || t.snaps == nil {
			return fmt.Errorf("%w: buckets missing", ErrCorrupt)
		}
		return fn(t)
	})
}

func (b boltBackend) read(stream string) (h History, err error) {
	// A damaged file can make bbolt touch memory outside its mapping; turn
	// that fault into a panic, and the panic into ErrCorrupt.
	defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
	defer func() {
		if p := recover(); p != nil {
			h, err = History{}, fmt.Errorf("%w: read %q: storage panicked: %v", ErrCorrupt, stream, p)
		}
	}()
	err = b.db.View(func(tx *bolt.Tx) error {
		events, snaps := tx.Bucket(bucketEvents), tx.Bucket(bucketSnapshots)
		if events == nil || snaps == nil {
			return fmt.Errorf("%w: buckets missing", ErrCorrupt)
		}
		if v := snaps.Get([]byte(stream)); v != nil {
			seq, data, err := decodeSnapshot(stream, v)
			if err != nil {
				return err
			}
			h.SnapshotSeq, h.Snapshot = seq, append([]byte{}, data...)
		}
		prefix := streamPrefix(stream)
		c := events.Cursor()
		for k, v := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, v = c.Next() {
			seq, err := keySeq(stream, prefix, k)
			if err != nil {
				return err
			}
			data, err := decodeEvent(stream, seq, v)
			if err != nil {
				return err
			}
			h.Events = append(h.Events, Event{Seq: seq, Data: append([]byte{}, data...)})
		}
		return nil
	})
	if errors.Is(err, bolterrors.ErrDatabaseNotOpen) {
		err = ErrClosed
	}
	return h, err
}

func (b boltBackend) close() error { return b.db.Close() }

// boltTx is one write transaction on the events and snapshots buckets.
type boltTx struct {
	events, snaps *bolt.Bucket
}

func (t *boltTx) last(stream string) (last, snap uint64, err error) {
	if v := t.snaps.Get([]byte(stream)); v != nil {
		if len(v) < 12 {
			return 0, 0, fmt.Errorf("%w: stream %q: snapshot record of %d bytes", ErrCorrupt, stream, len(v))
		}
		snap = binary.BigEndian.Uint64(v)
	}
	prefix := streamPrefix(stream)
	end := eventKey(prefix, ^uint64(0))
	c := t.events.Cursor()
	k, _ := c.Seek(end)
	switch {
	case k == nil:
		k, _ = c.Last()
	case !bytes.Equal(k, end):
		k, _ = c.Prev()
	}
	if k != nil && bytes.HasPrefix(k, prefix) {
		seq, err := keySeq(stream, prefix, k)
		if err != nil {
			return 0, 0, err
		}
		last = seq
	}
	return max(last, snap), snap, nil
}

func (t *boltTx) putEvents(stream string, first uint64, events [][]byte) error {
	prefix := streamPrefix(stream)
	for i, ev := range events {
		seq := first + uint64(i)
		v := make([]byte, 4+len(ev))
		binary.BigEndian.PutUint32(v, crc32.Checksum(ev, crcTable))
		copy(v[4:], ev)
		if err := t.events.Put(eventKey(prefix, seq), v); err != nil {
			return fmt.Errorf("stream %q: put event %d: %w", stream, seq, err)
		}
	}
	return nil
}

func (t *boltTx) putSnapshot(stream string, seq uint64, state []byte) error {
	v := make([]byte, 12+len(state))
	binary.BigEndian.PutUint64(v, seq)
	copy(v[12:], state)
	binary.BigEndian.PutUint32(v[8:], snapshotCRC(v[:8], state))
	if err := t.snaps.Put([]byte(stream), v); err != nil {
		return fmt.Errorf("stream %q: put snapshot %d: %w", stream, seq, err)
	}
	return t.deleteEvents(stream, seq)
}

func (t *boltTx) deleteStream(stream string) error {
	if err := t.snaps.Delete([]byte(stream)); err != nil {
		return fmt.Errorf("stream %q: delete snapshot: %w", stream, err)
	}
	return t.deleteEvents(stream, ^uint64(0))
}

// deleteEvents removes the stream's events numbered up to upTo. Keys are
// collected first: deleting under a moving cursor can skip keys in bbolt.
func (t *boltTx) deleteEvents(stream string, upTo uint64) error {
	prefix := streamPrefix(stream)
	var doomed [][]byte
	c := t.events.Cursor()
	for k, _ := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, _ = c.Next() {
		if len(k) == len(prefix)+8 && binary.BigEndian.Uint64(k[len(prefix):]) > upTo {
			break
		}
		doomed = append(doomed, append([]byte{}, k...))
	}
	for _, k := range doomed {
		if err := t.events.Delete(k); err != nil {
			return fmt.Errorf("stream %q: delete events: %w", stream, err)
		}
	}
	return nil
}

// streamPrefix is the common prefix of a stream's event keys.
func streamPrefix(stream string) []byte {
	p := make([]byte, len(stream)+1, len(stream)+9)
	copy(p, stream)
	return p
}

func eventKey(prefix []byte, seq uint64) []byte {
	return binary.BigEndian.AppendUint64(append(make([]byte, 0, len(prefix)+8), prefix...), seq)
}

func keySeq(stream string, prefix, k []byte) (uint64, error) {
	if len(k) != len(prefix)+8 {
		return 0, fmt.Errorf("%w: stream %q: event key of %d bytes", ErrCorrupt, stream, len(k))
	}
	return binary.BigEndian.Uint64(k[len(prefix):]), nil
}

func decodeEvent(stream string, seq uint64, v []byte) ([]byte, error) {
	if len(v) < 4 {
		return nil, fmt.Errorf("%w: stream %q: event %d: record of %d bytes", ErrCorrupt, stream, seq, len(v))
	}
	if got, want := crc32.Checksum(v[4:], crcTable), binary.BigEndian.Uint32(v); got != want {
		return nil, fmt.Errorf("%w: stream %q: event %d: checksum %08x, stored %08x", ErrCorrupt, stream, seq, got, want)
	}
	return v[4:], nil
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
