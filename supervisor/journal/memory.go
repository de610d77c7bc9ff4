package journal

import (
	"fmt"
	"sync"
)

// Memory is a Store that keeps everything in memory, for tests. It has the
// same queue, group commit, validation and read barrier as Bolt; only the
// storage differs, and "durable" means "in the map".
type Memory struct {
	*engine
	data *memData
}

var _ Store = (*Memory)(nil)

// NewMemory returns an empty in-memory store. WithNoSync and
// WithLockTimeout have no effect on it.
func NewMemory(opts ...Option) *Memory {
	return openMemory(&memData{streams: make(map[string]*memStream)}, opts)
}

func openMemory(data *memData, opts []Option) *Memory {
	m := &Memory{data: data}
	m.engine = newEngine(memBackend{data}, buildConfig(opts))
	return m
}

// reopen returns a new store over the same committed data, as if the
// process had restarted. Call it after Close or crash. Tests only.
func (m *Memory) reopen(opts ...Option) *Memory { return openMemory(m.data, opts) }

// memData is the committed content of a Memory store.
type memData struct {
	mu      sync.RWMutex
	streams map[string]*memStream
}

// memStream is one stream: its snapshot and the events after it. Streams
// are copied on write, so a transaction can be dropped without undoing
// anything.
type memStream struct {
	snapSeq uint64
	snap    []byte
	events  []Event
}

func (s *memStream) last() uint64 {
	if n := len(s.events); n > 0 {
		return s.events[n-1].Seq
	}
	return s.snapSeq
}

// clone copies the stream for a transaction. The copy shares the events'
// backing array: appends by the transaction land beyond the original's
// length, which the original never looks at, and both are only touched
// under the write lock, so the original stays intact if the transaction is
// dropped.
func (s *memStream) clone() *memStream {
	c := *s
	return &c
}

type memBackend struct{ d *memData }

func (b memBackend) update(fn func(backendTx) error) error {
	b.d.mu.Lock()
	defer b.d.mu.Unlock()
	tx := &memTx{d: b.d, touched: make(map[string]*memStream)}
	if err := fn(tx); err != nil {
		return err
	}
	for name, s := range tx.touched {
		if s == nil {
			delete(b.d.streams, name)
		} else {
			b.d.streams[name] = s
		}
	}
	return nil
}

func (b memBackend) read(stream string) (History, error) {
	b.d.mu.RLock()
	defer b.d.mu.RUnlock()
	s := b.d.streams[stream]
	if s == nil {
		return History{}, nil
	}
	h := History{SnapshotSeq: s.snapSeq, Events: make([]Event, len(s.events))}
	if s.snapSeq > 0 {
		h.Snapshot = append([]byte{}, s.snap...)
	}
	for i, ev := range s.events {
		h.Events[i] = Event{Seq: ev.Seq, Data: append([]byte{}, ev.Data...)}
	}
	return h, nil
}

func (b memBackend) close() error { return nil }

// memTx stages changes in copies of the streams it touches; a nil entry
// marks a deleted stream.
type memTx struct {
	d       *memData
	touched map[string]*memStream
}

func (t *memTx) get(stream string) *memStream {
	if s, ok := t.touched[stream]; ok {
		return s
	}
	return t.d.streams[stream]
}

func (t *memTx) edit(stream string) *memStream {
	s, ok := t.touched[stream]
	if !ok {
		if cur := t.d.streams[stream]; cur != nil {
			s = cur.clone()
		}
	}
	if s == nil {
		s = &memStream{}
	}
	t.touched[stream] = s
	return s
}

func (t *memTx) last(stream string) (uint64, uint64, error) {
	s := t.get(stream)
	if s == nil {
		return 0, 0, nil
	}
	return s.last(), s.snapSeq, nil
}

func (t *memTx) putEvents(stream string, first uint64, events [][]byte) error {
	s := t.edit(stream)
	if first != s.last()+1 {
		return fmt.Errorf("%w: stream %q: put at %d after %d", ErrCorrupt, stream, first, s.last())
	}
	for i, ev := range events {
		s.events = append(s.events, Event{Seq: first + uint64(i), Data: append([]byte{}, ev...)})
	}
	return nil
}

func (t *memTx) putSnapshot(stream string, seq uint64, state []byte) error {
	s := t.edit(stream)
	s.snapSeq, s.snap = seq, append([]byte{}, state...)
	i := 0
	for i < len(s.events) && s.events[i].Seq <= seq {
		i++
	}
	s.events = append([]Event(nil), s.events[i:]...)
	return nil
}

func (t *memTx) deleteStream(stream string) error {
	t.touched[stream] = nil
	return nil
}
