package journal

import (
	"encoding/binary"
	"fmt"
	"runtime/debug"
	"sync"

	bolt "go.etcd.io/bbolt"
)

// boltIndex is the in-memory index of a Bolt store's log: for each stream,
// the lsn of each of its events. It is rebuilt by loadIndex when the file is
// opened. Only the commit loop changes it, by replacing a stream's entry
// after a successful commit; readers copy an entry under the read lock.
type boltIndex struct {
	mu        sync.RWMutex
	streams   map[string]*streamIdx
	txid      uint64        // the bbolt transaction the index matches
	published chan struct{} // closed, and replaced, at each publish
	broken    error         // set when a commit failed

	// Owned by the commit loop.
	next      uint64 // lsn of the next record
	cleanFrom uint64 // the cleaner's position; every dead record is at or after it
	live      uint64 // records of events not covered by a snapshot
	total     uint64 // records in the log
}

// streamIdx is one stream's entry. Entries are copied on write, and the
// elements of their slices are never modified once published (the slices
// may only be resliced or appended to beyond their length), so a reader may
// keep using a copy after releasing the lock.
type streamIdx struct {
	snap uint64   // sequence number of the snapshot, 0 if none
	live []uint64 // lsn of events snap+1, snap+2, …

	// dead holds the lsn of events a snapshot covers that the cleaner has
	// not removed yet, oldest first; they are numbered deadSeq, deadSeq+1, …
	// up to snap.
	deadSeq uint64
	dead    []uint64

	// err marks a stream whose records did not fit together when the file
	// was opened; stray then holds the keys of all its records.
	err   error
	stray [][]byte
}

func (si *streamIdx) last() uint64 { return si.snap + uint64(len(si.live)) }

// loadIndex scans the snapshots and the log and rebuilds the index.
func loadIndex(db *bolt.DB) (ix *boltIndex, err error) {
	defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
	defer func() {
		if p := recover(); p != nil {
			ix, err = nil, fmt.Errorf("%w: loading the index: %v", ErrCorrupt, p)
		}
	}()
	ix = &boltIndex{streams: make(map[string]*streamIdx), next: 1, published: make(chan struct{})}
	err = db.View(func(tx *bolt.Tx) error {
		ix.txid = uint64(tx.ID())
		err := tx.Bucket(bucketSnapshots).ForEach(func(k, v []byte) error {
			stream := string(k)
			si := &streamIdx{}
			ix.streams[stream] = si
			if len(v) < 12 {
				si.err = fmt.Errorf("%w: stream %q: snapshot record of %d bytes", ErrCorrupt, stream, len(v))
				return nil
			}
			si.snap = binary.BigEndian.Uint64(v)
			return nil
		})
		if err != nil {
			return err
		}
		return tx.Bucket(bucketLog).ForEach(func(k, _ []byte) error {
			lsn, seq, stream, err := parseLogKey(k)
			if err != nil {
				return err
			}
			if lsn < ix.next {
				return fmt.Errorf("%w: log record %d out of order", ErrCorrupt, lsn)
			}
			ix.next = lsn + 1
			ix.total++
			si := ix.streams[stream]
			if si == nil {
				si = &streamIdx{}
				ix.streams[stream] = si
			}
			switch {
			case si.err != nil:
				si.stray = append(si.stray, append([]byte{}, k...))
			case seq <= si.snap && len(si.live) == 0 && (len(si.dead) == 0 || seq == si.deadSeq+uint64(len(si.dead))):
				if len(si.dead) == 0 {
					si.deadSeq = seq
				}
				si.dead = append(si.dead, lsn)
			case seq == si.last()+1 && (len(si.dead) == 0 || si.deadSeq+uint64(len(si.dead)) == si.snap+1):
				si.live = append(si.live, lsn)
				ix.live++
			default:
				si.err = fmt.Errorf("%w: stream %q: event %d found where %d was expected", ErrCorrupt, stream, seq, si.last()+1)
				ix.live -= uint64(len(si.live))
				si.stray = append(si.keys(stream), append([]byte{}, k...))
				si.live, si.dead = nil, nil
			}
			return nil
		})
	})
	if err != nil {
		return nil, err
	}
	// Dead records must end right at the snapshot; a shorter run means
	// records are missing.
	for stream, si := range ix.streams {
		if si.err == nil && len(si.dead) > 0 && si.deadSeq+uint64(len(si.dead)) != si.snap+1 {
			ix.live -= uint64(len(si.live))
			si.stray = si.keys(stream)
			si.live, si.dead = nil, nil
			si.err = fmt.Errorf("%w: stream %q: compacted events end before the snapshot at %d", ErrCorrupt, stream, si.snap)
		}
	}
	return ix, nil
}

// publish installs a committed transaction's changes (nil value: stream
// deleted), or records that a commit failed, and wakes readers waiting for
// the index to catch up.
func (ix *boltIndex) publish(changes map[string]*streamIdx, txid uint64, failed error) {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	if failed != nil {
		ix.broken = failed
	} else {
		for name, si := range changes {
			if si == nil {
				delete(ix.streams, name)
			} else {
				ix.streams[name] = si
			}
		}
		ix.txid = txid
	}
	close(ix.published)
	ix.published = make(chan struct{})
}

// keys returns the log keys of all the stream's records.
func (si *streamIdx) keys(stream string) [][]byte {
	keys := append([][]byte(nil), si.stray...)
	for i, lsn := range si.dead {
		keys = append(keys, logKey(lsn, si.deadSeq+uint64(i), stream))
	}
	for i, lsn := range si.live {
		keys = append(keys, logKey(lsn, si.snap+1+uint64(i), stream))
	}
	return keys
}

// boltTx is one write transaction: bbolt buckets plus the index changes it
// stages, published only if the transaction commits.
type boltTx struct {
	ix           *boltIndex
	log, snaps   *bolt.Bucket
	changes      map[string]*streamIdx // nil value: stream deleted
	next         uint64
	cleanFrom    uint64
	live, total  uint64
	added        int // events written by this transaction
	cleanMinDead uint64
	cleanLag     uint64
}

// get returns the stream's entry as this transaction sees it, or nil.
func (t *boltTx) get(stream string) *streamIdx {
	if si, ok := t.changes[stream]; ok {
		return si
	}
	return t.ix.streams[stream] // only the commit loop writes the map
}

// edit returns a private copy of the stream's entry for this transaction.
func (t *boltTx) edit(stream string) *streamIdx {
	if si, ok := t.changes[stream]; ok && si != nil {
		return si
	}
	si := &streamIdx{}
	if cur := t.get(stream); cur != nil {
		*si = *cur
	}
	t.changes[stream] = si
	return si
}

func (t *boltTx) last(stream string) (uint64, uint64, error) {
	si := t.get(stream)
	if si == nil {
		return 0, 0, nil
	}
	if si.err != nil {
		return 0, 0, si.err
	}
	return si.last(), si.snap, nil
}

func (t *boltTx) putEvents(stream string, first uint64, events [][]byte) error {
	si := t.edit(stream)
	if first != si.last()+1 {
		return fmt.Errorf("%w: stream %q: put at %d after %d", ErrCorrupt, stream, first, si.last())
	}
	for i, ev := range events {
		seq := first + uint64(i)
		k := logKey(t.next, seq, stream)
		if err := t.log.Put(k, eventValue(k, ev)); err != nil {
			return fmt.Errorf("stream %q: put event %d: %w", stream, seq, err)
		}
		si.live = append(si.live, t.next)
		t.next++
	}
	t.live += uint64(len(events))
	t.total += uint64(len(events))
	t.added += len(events)
	return nil
}

func (t *boltTx) putSnapshot(stream string, seq uint64, state []byte) error {
	if err := t.snaps.Put([]byte(stream), snapshotValue(seq, state)); err != nil {
		return fmt.Errorf("stream %q: put snapshot %d: %w", stream, seq, err)
	}
	si := t.edit(stream)
	n := int(seq - si.snap)
	if n > len(si.live) {
		return fmt.Errorf("%w: stream %q: snapshot at %d beyond %d", ErrCorrupt, stream, seq, si.last())
	}
	covered := si.live[:n]
	for i, lsn := range covered {
		evSeq := si.snap + 1 + uint64(i)
		if lsn < t.cleanFrom {
			// The cleaner has passed it: delete it now.
			if err := t.log.Delete(logKey(lsn, evSeq, stream)); err != nil {
				return fmt.Errorf("stream %q: delete event %d: %w", stream, evSeq, err)
			}
			t.total--
			continue
		}
		if len(si.dead) == 0 {
			si.deadSeq = evSeq
		}
		si.dead = append(si.dead, lsn)
	}
	si.live = si.live[n:]
	si.snap = seq
	t.live -= uint64(n)
	return nil
}

func (t *boltTx) deleteStream(stream string) error {
	if err := t.snaps.Delete([]byte(stream)); err != nil {
		return fmt.Errorf("stream %q: delete snapshot: %w", stream, err)
	}
	si := t.get(stream)
	if si == nil {
		return nil
	}
	for _, k := range si.keys(stream) {
		if err := t.log.Delete(k); err != nil {
			return fmt.Errorf("stream %q: delete events: %w", stream, err)
		}
		t.total--
	}
	t.live -= uint64(len(si.live))
	t.changes[stream] = nil
	return nil
}

// cleanSlack is what the cleaner may examine in a commit on top of twice
// the records the commit added.
const cleanSlack = 256

// clean removes dead records from the oldest part of the log, in lsn order,
// so that their deletion touches few pages. It runs once dead records reach
// the configured minimum (4096 by default), examines at most twice as many
// records as the transaction added plus cleanSlack, and stays cleanLag (2)
// times the live records behind the end of the log: recent records are
// mostly still live, and a live record it passes stays where it is, to be
// deleted on its own when its stream is snapshotted, which costs a page
// write of its own. The lag keeps those rare at the price of a log about
// cleanLag times its live records.
func (t *boltTx) clean() error {
	dead := t.total - t.live
	if dead < t.cleanMinDead {
		return nil
	}
	lag := t.cleanLag * t.live
	if lag >= t.next {
		return nil
	}
	limit := t.next - lag
	budget := 2*t.added + cleanSlack
	var doomed [][]byte
	c := t.log.Cursor()
	start := binary.BigEndian.AppendUint64(nil, t.cleanFrom)
	for k, _ := c.Seek(start); k != nil && budget > 0; k, _ = c.Next() {
		budget--
		lsn, _, stream, err := parseLogKey(k)
		if err != nil {
			continue // cannot happen in a file that loadIndex accepted
		}
		if lsn >= limit {
			break
		}
		t.cleanFrom = lsn + 1
		if si := t.get(stream); si != nil && si.err == nil && len(si.dead) > 0 && si.dead[0] == lsn {
			si = t.edit(stream)
			si.dead = si.dead[1:]
			si.deadSeq++
			doomed = append(doomed, append([]byte{}, k...))
		}
	}
	for _, k := range doomed {
		if err := t.log.Delete(k); err != nil {
			return fmt.Errorf("cleaner: %w", err)
		}
		t.total--
	}
	return nil
}
