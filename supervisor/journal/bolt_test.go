package journal

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
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
	prefix := streamPrefix("s")
	cases := []struct {
		name   string
		damage func(tx *bolt.Tx) error
	}{
		{"flipped event byte", func(tx *bolt.Tx) error {
			k := eventKey(prefix, 4)
			v := append([]byte{}, tx.Bucket(bucketEvents).Get(k)...)
			v[len(v)-1] ^= 0x40
			return tx.Bucket(bucketEvents).Put(k, v)
		}},
		{"truncated event record", func(tx *bolt.Tx) error {
			return tx.Bucket(bucketEvents).Put(eventKey(prefix, 4), []byte{1, 2})
		}},
		{"malformed event key", func(tx *bolt.Tx) error {
			return tx.Bucket(bucketEvents).Put(append(prefix, 1, 2, 3), []byte{0, 0, 0, 0})
		}},
		{"gap in events", func(tx *bolt.Tx) error {
			return tx.Bucket(bucketEvents).Delete(eventKey(prefix, 4))
		}},
		{"events not following snapshot", func(tx *bolt.Tx) error {
			return tx.Bucket(bucketEvents).Delete(eventKey(prefix, 3))
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
		})
	}
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
