package journal

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"sync/atomic"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"
)

// rawUpdate edits the journal file behind the store's back.
func rawUpdate(t *testing.T, path string, fn func(tx *bolt.Tx) error) {
	t.Helper()
	db, err := bolt.Open(path, 0o600, &bolt.Options{Timeout: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	if err := db.Update(fn); err != nil {
		t.Fatal(err)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
}

// seededFile returns the path of a closed journal holding stream "s" with
// events 1..5 and a snapshot at 2.
func seededFile(t *testing.T) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), DefaultFileName)
	b, err := OpenBolt(path)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	if _, err := b.Append(ctx, "s", 0, ev("1"), ev("2"), ev("3"), ev("4"), ev("5")); err != nil {
		t.Fatal(err)
	}
	if _, err := b.SaveSnapshot(ctx, "s", 2, ev("snap")).Result(); err != nil {
		t.Fatal(err)
	}
	closeStore(t, b)
	return path
}

func TestBoltOpenRejects(t *testing.T) {
	cases := []struct {
		name  string
		setup func(t *testing.T, path string)
		want  error
	}{
		{"garbage file", func(t *testing.T, path string) {
			garbage := make([]byte, 64<<10)
			r := rand.NewChaCha8([32]byte{1})
			_, _ = r.Read(garbage)
			writeFile(t, path, garbage)
		}, ErrCorrupt},
		{"short garbage file", func(t *testing.T, path string) {
			writeFile(t, path, []byte("not a database"))
		}, ErrCorrupt},
		{"foreign bbolt database", func(t *testing.T, path string) {
			rawUpdate(t, path, func(tx *bolt.Tx) error { _, err := tx.CreateBucket([]byte("other")); return err })
		}, ErrFormat},
		{"unknown format version", func(t *testing.T, path string) {
			rawUpdate(t, path, func(tx *bolt.Tx) error {
				b, err := tx.CreateBucket(bucketMeta)
				if err != nil {
					return err
				}
				return b.Put(keyFormat, []byte("mactor-journal/99"))
			})
		}, ErrFormat},
		{"log key of unknown stream", func(t *testing.T, path string) {
			b, err := OpenBolt(path)
			if err != nil {
				t.Fatal(err)
			}
			closeStore(t, b)
			rawUpdate(t, path, func(tx *bolt.Tx) error {
				return tx.Bucket(bucketLog).Put([]byte("short key"), []byte{0, 0, 0, 0})
			})
		}, ErrCorrupt},
		{"missing buckets", func(t *testing.T, path string) {
			rawUpdate(t, path, func(tx *bolt.Tx) error {
				b, err := tx.CreateBucket(bucketMeta)
				if err != nil {
					return err
				}
				return b.Put(keyFormat, []byte(formatVersion))
			})
		}, ErrCorrupt},
		{"directory does not exist", func(t *testing.T, path string) {}, os.ErrNotExist},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), DefaultFileName)
			if c.name == "directory does not exist" {
				path = filepath.Join(t.TempDir(), "missing", DefaultFileName)
			}
			c.setup(t, path)
			b, err := OpenBolt(path)
			if err == nil {
				closeStore(t, b)
			}
			if !errors.Is(err, c.want) {
				t.Fatalf("err %v, want %v", err, c.want)
			}
		})
	}
}

func writeFile(t *testing.T, path string, data []byte) {
	t.Helper()
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
}

func TestBoltReadRejectsDamage(t *testing.T) {
	// seededFile: lsn 1..5 hold events 1..5 of "s"; 1 and 2 are compacted
	// but not yet cleaned.
	key := func(lsn, seq uint64) []byte { return logKey(lsn, seq, "s") }
	logb := func(tx *bolt.Tx) *bolt.Bucket { return tx.Bucket(bucketLog) }
	cases := []struct {
		name   string
		damage func(tx *bolt.Tx) error
	}{
		{"flipped event byte", func(tx *bolt.Tx) error {
			v := append([]byte{}, logb(tx).Get(key(4, 4))...)
			v[len(v)-1] ^= 0x40
			return logb(tx).Put(key(4, 4), v)
		}},
		{"truncated event record", func(tx *bolt.Tx) error {
			return logb(tx).Put(key(4, 4), []byte{1, 2})
		}},
		{"record moved to another stream", func(tx *bolt.Tx) error {
			v := append([]byte{}, logb(tx).Get(key(4, 4))...)
			if err := logb(tx).Delete(key(4, 4)); err != nil {
				return err
			}
			return logb(tx).Put(logKey(4, 4, "t"), v)
		}},
		{"gap in events", func(tx *bolt.Tx) error {
			return logb(tx).Delete(key(4, 4))
		}},
		{"events not following snapshot", func(tx *bolt.Tx) error {
			return logb(tx).Delete(key(3, 3))
		}},
		{"compacted events missing in the middle", func(tx *bolt.Tx) error {
			return logb(tx).Delete(key(2, 2))
		}},
		{"duplicate event", func(tx *bolt.Tx) error {
			k := key(6, 4)
			return logb(tx).Put(k, eventValue(k, ev("4")))
		}},
		{"flipped snapshot byte", func(tx *bolt.Tx) error {
			v := append([]byte{}, tx.Bucket(bucketSnapshots).Get([]byte("s"))...)
			v[len(v)-1] ^= 1
			return tx.Bucket(bucketSnapshots).Put([]byte("s"), v)
		}},
		{"changed snapshot sequence", func(tx *bolt.Tx) error {
			v := append([]byte{}, tx.Bucket(bucketSnapshots).Get([]byte("s"))...)
			binary.BigEndian.PutUint64(v, 1)
			return tx.Bucket(bucketSnapshots).Put([]byte("s"), v)
		}},
		{"truncated snapshot record", func(tx *bolt.Tx) error {
			return tx.Bucket(bucketSnapshots).Put([]byte("s"), []byte{0, 0, 0})
		}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			path := seededFile(t)
			rawUpdate(t, path, c.damage)
			b, err := OpenBolt(path)
			if err != nil {
				t.Fatal(err)
			}
			defer closeStore(t, b)
			ctx := context.Background()
			if _, err := b.Read(ctx, "s"); !errors.Is(err, ErrCorrupt) {
				t.Fatalf("read: %v, want ErrCorrupt", err)
			}
			if _, err := Recover(ctx, b, "s", counterModel()); !errors.Is(err, ErrCorrupt) {
				t.Fatalf("recover: %v, want ErrCorrupt", err)
			}
			// Other streams are unaffected, and deleting the damaged one is
			// the way out.
			if _, err := b.Append(ctx, "other", 0, ev("x")); err != nil {
				t.Fatal(err)
			}
			if err := b.Delete(ctx, "s"); err != nil {
				t.Fatal(err)
			}
			if h, err := b.Read(ctx, "s"); err != nil || h.LastSeq() != 0 {
				t.Fatalf("after delete: %+v %v", h, err)
			}
			if _, err := b.Append(ctx, "s", 0, ev("fresh")); err != nil {
				t.Fatal(err)
			}
			b = reopenBolt(t, b)
			if h, err := b.Read(ctx, "s"); err != nil || eventsString(h.Events) != "1:fresh" {
				t.Fatalf("after delete and reopen: %s %v", eventsString(h.Events), err)
			}
		})
	}
}

func reopenBolt(t *testing.T, b *Bolt) *Bolt {
	t.Helper()
	closeStore(t, b)
	nb, err := OpenBolt(b.Path())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = nb.Close() })
	return nb
}

func TestBoltLocked(t *testing.T) {
	path := filepath.Join(t.TempDir(), DefaultFileName)
	b, err := OpenBolt(path)
	if err != nil {
		t.Fatal(err)
	}
	defer closeStore(t, b)
	_, err = OpenBolt(path, WithLockTimeout(50*time.Millisecond))
	if !errors.Is(err, ErrLocked) {
		t.Fatalf("second open: %v, want ErrLocked", err)
	}
}

// TestBoltDamagedFile damages a journal file in ways a crash or a bad disk
// can (random bytes in the two meta pages, a truncated file) and checks that
// opening, reading and appending return data or an error, never a panic.
//
// Damage inside bbolt's B+tree pages is not covered: bbolt trusts its page
// structure, and a page rewritten with random bytes can make it build
// pointers that crash the Go runtime. Our own checksums cover the records.
func TestBoltDamagedFile(t *testing.T) {
	clean, err := os.ReadFile(seededFile(t))
	if err != nil {
		t.Fatal(err)
	}
	page := os.Getpagesize()
	r := rand.New(rand.NewPCG(7, 11))
	type damage struct {
		name string
		data []byte
	}
	var cases []damage
	for i := range 30 {
		data := append([]byte{}, clean...)
		for range 1 + r.IntN(8) {
			data[r.IntN(2*page)] = byte(r.Uint32())
		}
		cases = append(cases, damage{fmt.Sprintf("meta bytes %d", i), data})
	}
	for _, n := range []int{0, 1, page / 2, page, 2*page + 17, 3 * page, len(clean) - page, len(clean) - 1} {
		if n >= 0 && n < len(clean) {
			cases = append(cases, damage{fmt.Sprintf("truncated to %d", n), clean[:n]})
		}
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), DefaultFileName)
			writeFile(t, path, c.data)
			b, err := OpenBolt(path, WithLockTimeout(50*time.Millisecond))
			if err != nil {
				return
			}
			defer func() { _ = b.Close() }()
			_, _ = b.Read(context.Background(), "s")
			_, _ = b.Append(context.Background(), "s", Any, ev("x"))
		})
	}
}

// checkIndex rebuilds the index from the file and compares it with the one
// the store maintained incrementally. Call it while no write is in flight.
func checkIndex(t interface{ Fatalf(string, ...any) }, b *Bolt) {
	fresh, err := loadIndex(b.db)
	if err != nil {
		t.Fatalf("rebuild index: %v", err)
	}
	ix := b.ix
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	if fresh.live != ix.live || fresh.total != ix.total {
		t.Fatalf("index counts live %d total %d, file has live %d total %d", ix.live, ix.total, fresh.live, fresh.total)
	}
	if fresh.next > ix.next {
		t.Fatalf("index next lsn %d, file needs %d", ix.next, fresh.next)
	}
	for name, want := range fresh.streams {
		got := ix.streams[name]
		if got == nil {
			if want.snap == 0 && len(want.live) == 0 && len(want.dead) == 0 {
				continue
			}
			t.Fatalf("stream %q missing from the index", name)
		}
		if got.snap != want.snap || !slices.Equal(got.live, want.live) || !slices.Equal(got.dead, want.dead) ||
			(len(want.dead) > 0 && got.deadSeq != want.deadSeq) || (got.err == nil) != (want.err == nil) {
			t.Fatalf("stream %q: index %+v, file %+v", name, got, want)
		}
	}
	for name, got := range ix.streams {
		if fresh.streams[name] == nil && (got.snap != 0 || len(got.live) > 0 || len(got.dead) > 0) {
			t.Fatalf("stream %q in the index, not in the file", name)
		}
	}
}

// TestBoltCleaner churns many streams with snapshots and checks that the
// cleaner keeps the log near its live size and the index equal to a rebuild.
func TestBoltCleaner(t *testing.T) {
	path := filepath.Join(t.TempDir(), DefaultFileName)
	b, err := OpenBolt(path, withCleaner(64, 2), WithNoSync(true))
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	r := rand.New(rand.NewPCG(3, 3))
	last := map[string]uint64{}
	for round := range 40 {
		var futs []*Future
		for range 200 {
			stream := fmt.Sprintf("agent/%d", r.IntN(50))
			futs = append(futs, b.AppendAsync(ctx, stream, Any, ev(fmt.Sprint(round))))
		}
		for _, f := range futs {
			rng, err := f.Result()
			if err != nil {
				t.Fatal(err)
			}
			_ = rng
		}
		for i := range 50 {
			stream := fmt.Sprintf("agent/%d", i)
			h := mustRead(t, b, stream)
			if h.LastSeq() > last[stream] && r.IntN(3) == 0 {
				if _, err := b.SaveSnapshot(ctx, stream, h.LastSeq()-uint64(r.IntN(2)), nil).Result(); err != nil && !errors.Is(err, ErrSequence) {
					t.Fatal(err)
				}
			}
			last[stream] = h.LastSeq()
		}
		if round%10 == 9 {
			checkIndex(t, b)
		}
		if round == 20 {
			if err := b.Delete(ctx, "agent/7"); err != nil {
				t.Fatal(err)
			}
			last["agent/7"] = 0
		}
	}
	t.Logf("log: %d records, %d live, cleaner at lsn %d of %d", b.ix.total, b.ix.live, b.ix.cleanFrom, b.ix.next)
	// The cleaner stays 2×live records behind the end; allow one commit's
	// budget on top.
	if limit := 2*b.ix.live + 64 + 2*200 + cleanSlack; b.ix.total > limit {
		t.Fatalf("log has %d records for %d live ones (limit %d): the cleaner is not keeping up", b.ix.total, b.ix.live, limit)
	}
	before := map[string]string{}
	for i := range 50 {
		stream := fmt.Sprintf("agent/%d", i)
		h := mustRead(t, b, stream)
		before[stream] = fmt.Sprint(h.SnapshotSeq, eventsString(h.Events))
	}
	b = reopenBolt(t, b)
	checkIndex(t, b)
	for stream, want := range before {
		h := mustRead(t, b, stream)
		if got := fmt.Sprint(h.SnapshotSeq, eventsString(h.Events)); got != want {
			t.Fatalf("%s after reopen: %s, want %s", stream, got, want)
		}
	}
}

// TestBoltFailedCommitBreaksStore checks that a commit that fails after its
// transaction was staged (a failed write or fsync) makes the store refuse
// writes, since its index may no longer match the file, and that reopening
// the file recovers.
func TestBoltFailedCommitBreaksStore(t *testing.T) {
	var fault atomic.Bool
	path := filepath.Join(t.TempDir(), DefaultFileName)
	b, err := OpenBolt(path, withCommitFault(func() error {
		if fault.Load() {
			return errors.New("injected fsync failure")
		}
		return nil
	}))
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	mustAppend(t, b, "s", 0, "1")
	fault.Store(true)
	if _, err := b.Append(ctx, "s", 1, ev("2")); !errors.Is(err, ErrBroken) {
		t.Fatalf("append during the fault: %v, want ErrBroken", err)
	}
	fault.Store(false)
	if _, err := b.Append(ctx, "s", 1, ev("2")); !errors.Is(err, ErrBroken) {
		t.Fatalf("append after the fault: %v, want ErrBroken", err)
	}
	if h, err := b.Read(ctx, "s"); err != nil || h.LastSeq() != 1 {
		t.Fatalf("read on a broken store: %+v %v", h, err)
	}
	b = reopenBolt(t, b)
	checkIndex(t, b)
	if r := mustAppend(t, b, "s", 1, "2"); r != (Range{2, 2}) {
		t.Fatalf("append after reopen: %v", r)
	}
}
