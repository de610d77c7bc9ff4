package journal

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/fnv"
	"sync/atomic"
	"testing"
)

// tally is the test state: how many events, and an order-sensitive hash of
// them.
type tally struct {
	N uint64
	H uint64
}

func (s tally) apply(event []byte) tally {
	f := fnv.New64a()
	_, _ = f.Write(event)
	return tally{N: s.N + 1, H: s.H*1099511628211 ^ f.Sum64()}
}

// foldTally is the state after events, computed without a journal.
func foldTally(events [][]byte) tally {
	var s tally
	for _, e := range events {
		s = s.apply(e)
	}
	return s
}

func counterModel() Model[tally] {
	return Model[tally]{
		Apply: func(s tally, event []byte) (tally, error) {
			if string(event) == "reject" {
				return s, errors.New("rejected by the model")
			}
			return s.apply(event), nil
		},
		Encode: func(s tally) ([]byte, error) {
			return binary.BigEndian.AppendUint64(binary.BigEndian.AppendUint64(nil, s.N), s.H), nil
		},
		Decode: func(b []byte) (tally, error) {
			if len(b) != 16 {
				return tally{}, fmt.Errorf("tally snapshot of %d bytes", len(b))
			}
			return tally{N: binary.BigEndian.Uint64(b), H: binary.BigEndian.Uint64(b[8:])}, nil
		},
	}
}

// completions collects Completions the way an actor's mailbox would.
type completions chan Completion

func (c completions) notify(x Completion) { c <- x }

func mustRecover(t *testing.T, s Store, stream string, opts ...LogOption) *Log[tally] {
	t.Helper()
	l, err := Recover(context.Background(), s, stream, counterModel(), opts...)
	if err != nil {
		t.Fatalf("recover %q: %v", stream, err)
	}
	return l
}

func TestLog(t *testing.T) {
	for _, kind := range storeKinds {
		t.Run(kind.name, func(t *testing.T) {
			t.Run("persist, settle, recover", func(t *testing.T) { testLogRoundTrip(t, kind) })
			t.Run("snapshot every n", func(t *testing.T) { testLogSnapshots(t, kind) })
			t.Run("rejected event", func(t *testing.T) { testLogReject(t, kind) })
			t.Run("failed write panics", func(t *testing.T) { testLogFailure(t, kind) })
		})
	}
}

func testLogRoundTrip(t *testing.T, k storeKind) {
	s := k.open(t)
	defer func() { closeStore(t, s) }()
	ctx := context.Background()
	l := mustRecover(t, s, "framework/f1", SnapshotEvery(0))
	if l.State() != (tally{}) || l.Seq() != 0 || l.Stream() != "framework/f1" {
		t.Fatalf("fresh log: %+v seq %d", l.State(), l.Seq())
	}
	done := make(completions, 100)
	var events [][]byte
	for i := range 20 {
		e := ev(fmt.Sprintf("e%d", i))
		events = append(events, e)
		seq, err := l.Persist(ctx, e, done.notify)
		if err != nil || seq != uint64(i+1) {
			t.Fatalf("persist %d: seq %d, %v", i, seq, err)
		}
	}
	if l.State() != foldTally(events) {
		t.Fatal("state is not applied optimistically")
	}
	for i := range 20 {
		c := <-done
		if c.Seq != uint64(i+1) || !l.Settle(c) {
			t.Fatalf("completion %d: %+v", i, c)
		}
	}
	if l.Durable() != 20 {
		t.Fatalf("durable %d", l.Durable())
	}
	s = k.reopen(t, s, false)
	l2 := mustRecover(t, s, "framework/f1", SnapshotEvery(0))
	if l2.State() != foldTally(events) || l2.Seq() != 20 || l2.Durable() != 20 {
		t.Fatalf("recovered %+v at %d", l2.State(), l2.Seq())
	}
}

func testLogSnapshots(t *testing.T, k storeKind) {
	s := k.open(t)
	defer closeStore(t, s)
	ctx := context.Background()
	l := mustRecover(t, s, "agent/a", SnapshotEvery(10))
	var events [][]byte
	for i := range 25 {
		e := ev(fmt.Sprint(i))
		events = append(events, e)
		if _, err := l.Persist(ctx, e, nil); err != nil {
			t.Fatal(err)
		}
	}
	h := mustRead(t, s, "agent/a") // waits for the queued appends and snapshots
	if h.SnapshotSeq != 20 || len(h.Events) != 5 || h.Events[0].Seq != 21 {
		t.Fatalf("snapshot at %d, events %s", h.SnapshotSeq, eventsString(h.Events))
	}
	if got := mustRecover(t, s, "agent/a", SnapshotEvery(10)); got.State() != foldTally(events) || got.Seq() != 25 {
		t.Fatalf("recovered %+v at %d", got.State(), got.Seq())
	}

	// A stream with more than n events since its snapshot is snapshotted on
	// recovery.
	many := mustRecover(t, s, "agent/b", SnapshotEvery(0))
	for i := range 30 {
		if _, err := many.Persist(ctx, ev(fmt.Sprint(i)), nil); err != nil {
			t.Fatal(err)
		}
	}
	mustRecover(t, s, "agent/b", SnapshotEvery(10))
	if h := mustRead(t, s, "agent/b"); h.SnapshotSeq != 30 || len(h.Events) != 0 {
		t.Fatalf("not snapshotted on recovery: at %d, %d events", h.SnapshotSeq, len(h.Events))
	}
	// Saving a snapshot again at the same sequence number is allowed.
	if _, err := many.Snapshot(ctx).Result(); err != nil {
		t.Fatalf("explicit snapshot at the same sequence: %v", err)
	}
}

func testLogReject(t *testing.T, k storeKind) {
	s := k.open(t)
	defer closeStore(t, s)
	ctx := context.Background()
	l := mustRecover(t, s, "s")
	if _, err := l.Persist(ctx, ev("ok"), nil); err != nil {
		t.Fatal(err)
	}
	before := l.State()
	if _, err := l.Persist(ctx, ev("reject"), nil); err == nil {
		t.Fatal("rejected event accepted")
	}
	if l.State() != before || l.Seq() != 1 {
		t.Fatalf("rejected event changed the state")
	}
	if h := mustRead(t, s, "s"); h.LastSeq() != 1 {
		t.Fatalf("rejected event written: %s", eventsString(h.Events))
	}
}

func testLogFailure(t *testing.T, k storeKind) {
	var failing atomic.Bool
	s := k.open(t, withCommitHook(func() error {
		if failing.Load() {
			return errors.New("injected")
		}
		return nil
	}))
	defer closeStore(t, s)
	ctx := context.Background()
	l := mustRecover(t, s, "s", SnapshotEvery(0))
	done := make(completions, 10)
	durable := [][]byte{ev("a"), ev("b")}
	for _, e := range durable {
		if _, err := l.Persist(ctx, e, done.notify); err != nil {
			t.Fatal(err)
		}
	}
	for range durable {
		if !l.Settle(<-done) {
			t.Fatal("durable event not settled")
		}
	}
	failing.Store(true)
	if _, err := l.Persist(ctx, ev("lost"), done.notify); err != nil {
		t.Fatal(err)
	}
	c := <-done
	if c.Err == nil || !errors.Is(c.Err, ErrWrite) {
		t.Fatalf("completion %+v, want ErrWrite", c)
	}
	failing.Store(false)

	var de *DurabilityError
	if p := catchPanic(func() { l.Settle(c) }); !errors.As(asError(p), &de) || de.Seq != 3 || de.Stream != "s" {
		t.Fatalf("Settle of a failure panicked with %v", p)
	}
	if p := catchPanic(func() { _, _ = l.Persist(ctx, ev("more"), nil) }); p == nil {
		t.Fatal("Persist on a failed log did not panic")
	}

	// The restarted actor sees the durable prefix only, and ignores the
	// stale failure of its previous incarnation.
	l2 := mustRecover(t, s, "s", SnapshotEvery(0))
	if l2.State() != foldTally(durable) || l2.Seq() != 2 {
		t.Fatalf("after restart: %+v at %d", l2.State(), l2.Seq())
	}
	if l2.Settle(c) {
		t.Fatal("stale failure acknowledged")
	}
	if _, err := l2.Persist(ctx, ev("c"), done.notify); err != nil {
		t.Fatal(err)
	}
	if c := <-done; !l2.Settle(c) || c.Seq != 3 {
		t.Fatalf("append after restart: %+v", c)
	}
}

func TestRecoverErrors(t *testing.T) {
	ctx := context.Background()
	s := NewMemory()
	defer closeStore(t, s)
	if _, err := s.Append(ctx, "s", 0, ev("a"), ev("reject"), ev("c")); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Append(ctx, "snap", 0, ev("a")); err != nil {
		t.Fatal(err)
	}
	if _, err := s.SaveSnapshot(ctx, "snap", 1, ev("short")).Result(); err != nil {
		t.Fatal(err)
	}
	m := counterModel()
	noSnap := m
	noSnap.Encode, noSnap.Decode = nil, nil
	noApply := m
	noApply.Apply = nil
	cases := []struct {
		name   string
		stream string
		model  Model[tally]
		opts   []LogOption
		want   error
	}{
		{"apply fails on replay", "s", m, nil, ErrCorrupt},
		{"snapshot does not decode", "snap", m, nil, ErrCorrupt},
		{"invalid stream", "", m, nil, ErrInvalidStream},
		{"no Apply", "x", noApply, nil, nil},
		{"snapshots without codec", "x", noSnap, nil, nil},
		{"snapshot present, no Decode", "snap", noSnap, []LogOption{SnapshotEvery(0)}, nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := Recover(ctx, s, c.stream, c.model, c.opts...)
			if err == nil || (c.want != nil && !errors.Is(err, c.want)) {
				t.Fatalf("err %v, want %v", err, c.want)
			}
		})
	}
}

func catchPanic(fn func()) (p any) {
	defer func() { p = recover() }()
	fn()
	return nil
}

func asError(p any) error {
	err, _ := p.(error)
	return err
}
