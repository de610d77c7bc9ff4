package journal

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// TestStoreConformance runs the same behavioural suite against every Store
// implementation.
func TestStoreConformance(t *testing.T) {
	for _, kind := range storeKinds {
		t.Run(kind.name, func(t *testing.T) {
			t.Parallel()
			for _, c := range conformanceCases {
				t.Run(c.name, func(t *testing.T) { c.run(t, kind) })
			}
		})
	}
}

var conformanceCases = []struct {
	name string
	run  func(t *testing.T, k storeKind)
}{
	{"append and read in order", testAppendRead},
	{"streams are independent", testStreamsIndependent},
	{"expected sequence is checked", testExpect},
	{"async appends complete in order", testAsyncOrder},
	{"snapshot compacts", testSnapshot},
	{"delete", testDelete},
	{"reopen keeps everything", testReopen},
	{"invalid input is an error", testInvalid},
	{"closed store", testClosed},
	{"close drains the queue", testCloseDrains},
	{"read waits for queued writes", testReadBarrier},
	{"concurrent appenders", testConcurrent},
	{"full queue applies backpressure", testBackpressure},
	{"failed write fails its group only", testWriteFailure},
	{"reads during writes are consistent", testReadDuringWrites},
}

func ev(s string) []byte { return []byte(s) }

func mustAppend(t *testing.T, s Store, stream string, expect uint64, events ...string) Range {
	t.Helper()
	raw := make([][]byte, len(events))
	for i, e := range events {
		raw[i] = ev(e)
	}
	r, err := s.Append(context.Background(), stream, expect, raw...)
	if err != nil {
		t.Fatalf("append %q after %d: %v", stream, expect, err)
	}
	return r
}

func mustRead(t *testing.T, s Store, stream string) History {
	t.Helper()
	h, err := s.Read(context.Background(), stream)
	if err != nil {
		t.Fatalf("read %q: %v", stream, err)
	}
	return h
}

// eventsString renders events as "seq:data seq:data".
func eventsString(evs []Event) string {
	parts := make([]string, len(evs))
	for i, e := range evs {
		parts[i] = fmt.Sprintf("%d:%s", e.Seq, e.Data)
	}
	return strings.Join(parts, " ")
}

func closeStore(t testing.TB, s Store) {
	t.Helper()
	if err := s.Close(); err != nil {
		t.Errorf("close: %v", err)
	}
}

func testAppendRead(t *testing.T, k storeKind) {
	s := k.open(t)
	defer closeStore(t, s)
	ctx := context.Background()

	if h := mustRead(t, s, "framework/a"); h.LastSeq() != 0 || len(h.Events) != 0 || h.SnapshotSeq != 0 {
		t.Fatalf("empty stream reads %+v", h)
	}
	steps := []struct {
		expect uint64
		events []string
		want   Range
	}{
		{0, []string{"a", "b", "c"}, Range{1, 3}},
		{3, []string{"d"}, Range{4, 4}},
		{Any, []string{"", "f"}, Range{5, 6}},
	}
	for _, st := range steps {
		if got := mustAppend(t, s, "framework/a", st.expect, st.events...); got != st.want {
			t.Fatalf("append %v: range %v, want %v", st.events, got, st.want)
		}
	}
	bin := []byte{0, 1, 0xff, 0}
	if _, err := s.Append(ctx, "framework/a", 6, bin); err != nil {
		t.Fatal(err)
	}
	h := mustRead(t, s, "framework/a")
	if got, want := eventsString(h.Events[:6]), "1:a 2:b 3:c 4:d 5: 6:f"; got != want {
		t.Fatalf("events %q, want %q", got, want)
	}
	if !bytes.Equal(h.Events[6].Data, bin) || h.LastSeq() != 7 {
		t.Fatalf("binary event %v, last %d", h.Events[6], h.LastSeq())
	}
}

func testStreamsIndependent(t *testing.T, k storeKind) {
	s := k.open(t)
	defer closeStore(t, s)
	// Names that are prefixes of each other must not mix.
	names := []string{"agent/1", "agent/10", "agent/1x", "agent/", "a", "agent/1/"}
	for i, n := range names {
		for j := 0; j <= i; j++ {
			mustAppend(t, s, n, uint64(j), fmt.Sprintf("%s#%d", n, j+1))
		}
	}
	for i, n := range names {
		h := mustRead(t, s, n)
		if len(h.Events) != i+1 {
			t.Fatalf("%q: %d events, want %d: %s", n, len(h.Events), i+1, eventsString(h.Events))
		}
		for j, e := range h.Events {
			if want := fmt.Sprintf("%s#%d", n, j+1); string(e.Data) != want || e.Seq != uint64(j+1) {
				t.Fatalf("%q: event %d = %d:%s, want %s", n, j, e.Seq, e.Data, want)
			}
		}
	}
	if err := s.Delete(context.Background(), "agent/1"); err != nil {
		t.Fatal(err)
	}
	if h := mustRead(t, s, "agent/10"); len(h.Events) != 2 {
		t.Fatalf("deleting agent/1 touched agent/10: %s", eventsString(h.Events))
	}
}

func testExpect(t *testing.T, k storeKind) {
	s := k.open(t)
	defer closeStore(t, s)
	ctx := context.Background()
	mustAppend(t, s, "s", 0, "1", "2")
	for _, expect := range []uint64{0, 1, 3, 100} {
		_, err := s.Append(ctx, "s", expect, ev("x"))
		if !errors.Is(err, ErrSequence) {
			t.Fatalf("expect %d: err %v, want ErrSequence", expect, err)
		}
	}
	if r := mustAppend(t, s, "s", 2, "3"); r != (Range{3, 3}) {
		t.Fatalf("range %v", r)
	}
	if h := mustRead(t, s, "s"); eventsString(h.Events) != "1:1 2:2 3:3" {
		t.Fatalf("events %s", eventsString(h.Events))
	}
}

func testAsyncOrder(t *testing.T, k storeKind) {
	s := k.open(t)
	defer closeStore(t, s)
	ctx := context.Background()
	const n = 200
	futs := make([]*Future, n)
	var order []uint64
	var mu sync.Mutex
	for i := range n {
		futs[i] = s.AppendAsync(ctx, "s", uint64(i), ev(fmt.Sprint(i+1)))
		futs[i].Then(func(r Range, err error) {
			mu.Lock()
			defer mu.Unlock()
			if err == nil {
				order = append(order, r.First)
			}
		})
	}
	// A request with a wrong expectation fails, and so does the one that
	// depends on it; the stream stays gap-free.
	bad := s.AppendAsync(ctx, "s", n+5, ev("bad"))
	dep := s.AppendAsync(ctx, "s", n+6, ev("dep"))
	good := s.AppendAsync(ctx, "s", n, ev("good"))
	for i, f := range futs {
		r, err := f.Result()
		if err != nil || r != (Range{uint64(i + 1), uint64(i + 1)}) {
			t.Fatalf("future %d: %v %v", i, r, err)
		}
	}
	for name, f := range map[string]*Future{"bad": bad, "dep": dep} {
		if _, err := f.Result(); !errors.Is(err, ErrSequence) {
			t.Fatalf("%s: err %v, want ErrSequence", name, err)
		}
	}
	if r, err := good.Result(); err != nil || r.First != n+1 {
		t.Fatalf("good: %v %v", r, err)
	}
	mu.Lock()
	defer mu.Unlock()
	for i, seq := range order {
		if seq != uint64(i+1) {
			t.Fatalf("completion %d was for %d", i, seq)
		}
	}
}

func testSnapshot(t *testing.T, k storeKind) {
	s := k.open(t)
	defer closeStore(t, s)
	ctx := context.Background()
	for i := range 10 {
		mustAppend(t, s, "s", uint64(i), fmt.Sprint(i+1))
	}
	if r, err := s.SaveSnapshot(ctx, "s", 6, ev("state@6")).Result(); err != nil || r != (Range{6, 6}) {
		t.Fatalf("snapshot: %v %v", r, err)
	}
	h := mustRead(t, s, "s")
	if h.SnapshotSeq != 6 || string(h.Snapshot) != "state@6" || eventsString(h.Events) != "7:7 8:8 9:9 10:10" {
		t.Fatalf("after snapshot: %d %q %s", h.SnapshotSeq, h.Snapshot, eventsString(h.Events))
	}
	for _, seq := range []uint64{0, 5, 11} {
		if _, err := s.SaveSnapshot(ctx, "s", seq, ev("x")).Result(); !errors.Is(err, ErrSequence) {
			t.Fatalf("snapshot at %d: err %v, want ErrSequence", seq, err)
		}
	}
	if _, err := s.SaveSnapshot(ctx, "nosuch", 1, ev("x")).Result(); !errors.Is(err, ErrSequence) {
		t.Fatalf("snapshot of empty stream: err %v", err)
	}
	// A snapshot at the last event leaves no events; appends continue.
	if _, err := s.SaveSnapshot(ctx, "s", 10, nil).Result(); err != nil {
		t.Fatal(err)
	}
	h = mustRead(t, s, "s")
	if h.SnapshotSeq != 10 || len(h.Snapshot) != 0 || len(h.Events) != 0 || h.LastSeq() != 10 {
		t.Fatalf("after full snapshot: %+v", h)
	}
	if r := mustAppend(t, s, "s", 10, "11"); r != (Range{11, 11}) {
		t.Fatalf("append after snapshot: %v", r)
	}
	if _, err := s.Append(ctx, "s", 0, ev("x")); !errors.Is(err, ErrSequence) {
		t.Fatalf("append from 0 after compaction: %v", err)
	}
}

func testDelete(t *testing.T, k storeKind) {
	s := k.open(t)
	defer closeStore(t, s)
	ctx := context.Background()
	mustAppend(t, s, "s", 0, "1", "2", "3")
	if _, err := s.SaveSnapshot(ctx, "s", 2, ev("snap")).Result(); err != nil {
		t.Fatal(err)
	}
	for range 2 { // deleting twice is fine
		if err := s.Delete(ctx, "s"); err != nil {
			t.Fatal(err)
		}
	}
	if h := mustRead(t, s, "s"); h.LastSeq() != 0 || h.SnapshotSeq != 0 || len(h.Events) != 0 {
		t.Fatalf("after delete: %+v", h)
	}
	if r := mustAppend(t, s, "s", 0, "again"); r != (Range{1, 1}) {
		t.Fatalf("append after delete: %v", r)
	}
	if err := s.Delete(ctx, "never"); err != nil {
		t.Fatal(err)
	}
}

func testReopen(t *testing.T, k storeKind) {
	s := k.open(t)
	ctx := context.Background()
	for i := range 5 {
		stream := fmt.Sprintf("agent/%d", i)
		for j := range 10 + i {
			mustAppend(t, s, stream, uint64(j), fmt.Sprintf("%d.%d", i, j+1))
		}
		if i%2 == 0 {
			if _, err := s.SaveSnapshot(ctx, stream, 4, ev(fmt.Sprintf("snap%d", i))).Result(); err != nil {
				t.Fatal(err)
			}
		}
	}
	before := map[string]History{}
	for i := range 5 {
		stream := fmt.Sprintf("agent/%d", i)
		before[stream] = mustRead(t, s, stream)
	}
	s = k.reopen(t, s, false)
	defer closeStore(t, s)
	for stream, want := range before {
		got := mustRead(t, s, stream)
		if got.SnapshotSeq != want.SnapshotSeq || !bytes.Equal(got.Snapshot, want.Snapshot) ||
			eventsString(got.Events) != eventsString(want.Events) {
			t.Fatalf("%s after reopen:\n got %d %q %s\nwant %d %q %s", stream,
				got.SnapshotSeq, got.Snapshot, eventsString(got.Events),
				want.SnapshotSeq, want.Snapshot, eventsString(want.Events))
		}
		if r := mustAppend(t, s, stream, want.LastSeq(), "next"); r.First != want.LastSeq()+1 {
			t.Fatalf("%s: append after reopen at %d", stream, r.First)
		}
	}
}

func testInvalid(t *testing.T, k storeKind) {
	s := k.open(t, WithMaxPendingBytes(4096))
	defer closeStore(t, s)
	ctx := context.Background()
	long := strings.Repeat("x", MaxStreamLen+1)
	cases := []struct {
		name string
		do   func() error
		want error
	}{
		{"empty stream", func() error { _, err := s.Append(ctx, "", Any, ev("x")); return err }, ErrInvalidStream},
		{"NUL in stream", func() error { _, err := s.Append(ctx, "a\x00b", Any, ev("x")); return err }, ErrInvalidStream},
		{"long stream", func() error { _, err := s.Append(ctx, long, Any, ev("x")); return err }, ErrInvalidStream},
		{"read bad stream", func() error { _, err := s.Read(ctx, ""); return err }, ErrInvalidStream},
		{"snapshot bad stream", func() error { _, err := s.SaveSnapshot(ctx, "\x00", 1, nil).Result(); return err }, ErrInvalidStream},
		{"delete bad stream", func() error { return s.Delete(ctx, "") }, ErrInvalidStream},
		{"no events", func() error { _, err := s.Append(ctx, "s", Any); return err }, ErrNoEvents},
		{"too large", func() error { _, err := s.Append(ctx, "s", Any, make([]byte, 5000)); return err }, ErrTooLarge},
		{"snapshot too large", func() error { _, err := s.SaveSnapshot(ctx, "s", 1, make([]byte, 5000)).Result(); return err }, ErrTooLarge},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if err := c.do(); !errors.Is(err, c.want) {
				t.Fatalf("err %v, want %v", err, c.want)
			}
		})
	}
	if h := mustRead(t, s, "s"); h.LastSeq() != 0 {
		t.Fatalf("rejected requests wrote something: %+v", h)
	}
	mustAppend(t, s, "ok/ünïcode stream", 0, "fine")
	mustAppend(t, s, strings.Repeat("y", MaxStreamLen), 0, "fine")
}

func testClosed(t *testing.T, k storeKind) {
	s := k.open(t)
	mustAppend(t, s, "s", 0, "1")
	closeStore(t, s)
	closeStore(t, s) // idempotent
	ctx := context.Background()
	if _, err := s.Append(ctx, "s", 1, ev("2")); !errors.Is(err, ErrClosed) {
		t.Fatalf("append: %v", err)
	}
	if _, err := s.Read(ctx, "s"); !errors.Is(err, ErrClosed) {
		t.Fatalf("read: %v", err)
	}
	if _, err := s.SaveSnapshot(ctx, "s", 1, nil).Result(); !errors.Is(err, ErrClosed) {
		t.Fatalf("snapshot: %v", err)
	}
	if err := s.Delete(ctx, "s"); !errors.Is(err, ErrClosed) {
		t.Fatalf("delete: %v", err)
	}
}

func testCloseDrains(t *testing.T, k storeKind) {
	s := k.open(t)
	ctx := context.Background()
	const n = 300
	futs := make([]*Future, n)
	for i := range n {
		futs[i] = s.AppendAsync(ctx, fmt.Sprintf("s%d", i%7), Any, ev(fmt.Sprint(i)))
	}
	closeStore(t, s)
	for i, f := range futs {
		select {
		case <-f.Done():
		default:
			t.Fatalf("future %d still pending after Close", i)
		}
		if _, err := f.Result(); err != nil {
			t.Fatalf("future %d: %v", i, err)
		}
	}
	s = k.reopen(t, s, false)
	defer closeStore(t, s)
	total := 0
	for i := range 7 {
		total += len(mustRead(t, s, fmt.Sprintf("s%d", i)).Events)
	}
	if total != n {
		t.Fatalf("%d events after reopen, want %d", total, n)
	}
}

func testReadBarrier(t *testing.T, k storeKind) {
	s := k.open(t)
	defer closeStore(t, s)
	ctx := context.Background()
	for i := range 50 {
		// Not waiting for the Future: Read must still see the event.
		s.AppendAsync(ctx, "s", uint64(i), ev(fmt.Sprint(i+1)))
		if h := mustRead(t, s, "s"); h.LastSeq() != uint64(i+1) {
			t.Fatalf("read after append %d sees %d", i+1, h.LastSeq())
		}
	}
}

func testConcurrent(t *testing.T, k storeKind) {
	s := k.open(t)
	defer closeStore(t, s)
	ctx := context.Background()
	const writers, per = 16, 40
	var wg sync.WaitGroup
	var shared sync.Map // seq in "shared" -> writer
	errs := make(chan error, writers)
	for w := range writers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			own := fmt.Sprintf("own/%d", w)
			for i := range per {
				if _, err := s.Append(ctx, own, uint64(i), ev(fmt.Sprint(i+1))); err != nil {
					errs <- err
					return
				}
				r, err := s.Append(ctx, "shared", Any, ev(fmt.Sprintf("%d/%d", w, i)))
				if err != nil {
					errs <- err
					return
				}
				if _, dup := shared.LoadOrStore(r.First, w); dup {
					errs <- fmt.Errorf("seq %d given twice", r.First)
					return
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	h := mustRead(t, s, "shared")
	if len(h.Events) != writers*per {
		t.Fatalf("shared has %d events", len(h.Events))
	}
	for w := range writers {
		if h := mustRead(t, s, fmt.Sprintf("own/%d", w)); h.LastSeq() != per {
			t.Fatalf("own/%d at %d", w, h.LastSeq())
		}
	}
}

func testBackpressure(t *testing.T, k storeKind) {
	gate := make(chan struct{})
	var entered atomic.Int32
	hook := func() error {
		entered.Add(1)
		<-gate
		return nil
	}
	s := k.open(t, WithQueueSize(2), WithMaxBatch(1, 0), withCommitHook(hook))
	ctx := context.Background()
	first := s.AppendAsync(ctx, "s", Any, ev("held")) // taken by the committer, held by the hook
	waitFor(t, func() bool { return entered.Load() == 1 })
	queued := []*Future{
		s.AppendAsync(ctx, "s", Any, ev("q1")),
		s.AppendAsync(ctx, "s", Any, ev("q2")),
	}
	// The queue is full: the next request waits, and gives up with ctx.
	short, cancel := context.WithTimeout(ctx, 20*time.Millisecond)
	defer cancel()
	over := s.AppendAsync(short, "s", Any, ev("over"))
	if _, err := over.Result(); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("over-full append: %v, want deadline exceeded", err)
	}
	close(gate)
	for i, f := range append([]*Future{first}, queued...) {
		if r, err := f.Result(); err != nil || r.First != uint64(i+1) {
			t.Fatalf("future %d: %v %v", i, r, err)
		}
	}
	closeStore(t, s)
}

func testWriteFailure(t *testing.T, k storeKind) {
	var fail atomic.Bool
	gate := make(chan struct{}, 1)
	hook := func() error {
		if fail.Load() {
			fail.Store(false)
			<-gate
			return errors.New("injected I/O error")
		}
		return nil
	}
	s := k.open(t, withCommitHook(hook))
	defer closeStore(t, s)
	ctx := context.Background()
	mustAppend(t, s, "s", 0, "1", "2")
	fail.Store(true)
	lost := s.AppendAsync(ctx, "s", 2, ev("3"))
	waitFor(t, func() bool { return !fail.Load() }) // the failing commit has begun
	dependent := s.AppendAsync(ctx, "s", 3, ev("4"))
	gate <- struct{}{}
	if _, err := lost.Result(); !errors.Is(err, ErrWrite) {
		t.Fatalf("failed group: %v, want ErrWrite", err)
	}
	if _, err := dependent.Result(); !errors.Is(err, ErrSequence) {
		t.Fatalf("dependent: %v, want ErrSequence", err)
	}
	if h := mustRead(t, s, "s"); eventsString(h.Events) != "1:1 2:2" {
		t.Fatalf("after failure: %s", eventsString(h.Events))
	}
	// The store goes on.
	if r := mustAppend(t, s, "s", 2, "3'"); r != (Range{3, 3}) {
		t.Fatalf("append after failure: %v", r)
	}
	if st := statsOf(s); st.Failed != 2 {
		t.Fatalf("stats %+v, want 2 failed", st)
	}
}

func statsOf(s Store) Stats {
	switch s := s.(type) {
	case *Memory:
		return s.Stats()
	case *Bolt:
		return s.Stats()
	}
	return Stats{}
}

// waitFor polls cond until it holds, failing the test after 10 s.
func waitFor(t testing.TB, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatal("condition not reached in 10 s")
		}
		time.Sleep(time.Millisecond)
	}
}

func testReadDuringWrites(t *testing.T, k storeKind) {
	s := k.open(t)
	defer closeStore(t, s)
	ctx := context.Background()
	stop := make(chan struct{})
	writerDone := make(chan error, 1)
	go func() {
		// The writer appends and snapshots without waiting, so reads are
		// not ordered after its writes by the read barrier.
		var last uint64
		var futs []*Future
		defer func() { close(writerDone) }()
		for i := 0; ; i++ {
			select {
			case <-stop:
				for _, f := range futs {
					if _, err := f.Result(); err != nil {
						writerDone <- err
						return
					}
				}
				return
			default:
			}
			last++
			futs = append(futs, s.AppendAsync(ctx, "s", last-1, ev(fmt.Sprint(last))))
			if i%7 == 6 {
				futs = append(futs, s.SaveSnapshot(ctx, "s", last, ev(fmt.Sprint("snap", last))))
			}
			for len(futs) > 64 {
				if _, err := futs[0].Result(); err != nil {
					writerDone <- err
					return
				}
				futs = futs[1:]
			}
		}
	}()
	var prev uint64
	for range 300 {
		h, err := s.Read(ctx, "s")
		if err != nil {
			close(stop)
			t.Fatalf("read: %v", err)
		}
		if h.SnapshotSeq > 0 && string(h.Snapshot) != fmt.Sprint("snap", h.SnapshotSeq) {
			t.Errorf("snapshot %d holds %q", h.SnapshotSeq, h.Snapshot)
		}
		for _, e := range h.Events {
			if string(e.Data) != fmt.Sprint(e.Seq) {
				t.Errorf("event %d holds %q", e.Seq, e.Data)
			}
		}
		if h.LastSeq() < prev {
			t.Errorf("stream went back from %d to %d", prev, h.LastSeq())
		}
		prev = h.LastSeq()
	}
	close(stop)
	if err := <-writerDone; err != nil {
		t.Fatal(err)
	}
}
