package behaviour_test

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"testing"

	"go.uber.org/zap"

	"github.com/mactor/mactor/actors/behaviour"
	"github.com/mactor/mactor/supervisor/journal"
)

// counter is a Stateful behaviour's state.
type counter struct{ n int }

func (c *counter) MarshalState() ([]byte, error) { return []byte(strconv.Itoa(c.n)), nil }

func (c *counter) UnmarshalState(b []byte) (err error) {
	c.n, err = strconv.Atoi(string(b))
	return err
}

func TestMemoryStore(t *testing.T) {
	var s behaviour.MemoryStore
	if _, ok, err := s.Load("k"); ok || err != nil {
		t.Fatalf("empty store: %v %v", ok, err)
	}
	state := []byte("one")
	if err := s.Save("k", state); err != nil {
		t.Fatal(err)
	}
	state[0] = 'X' // the store keeps a copy
	if got, ok, err := s.Load("k"); string(got) != "one" || !ok || err != nil {
		t.Fatalf("Load = %q, %v, %v", got, ok, err)
	}
	if _, ok, _ := s.Load("other"); ok {
		t.Fatal("keys are not separate")
	}
}

// TestJournalStoreCompacts: the states go to the stream "behaviour/<key>",
// every SnapshotEvery-th becomes its snapshot, and Load returns the last
// state whether it is an event or the snapshot.
func TestJournalStoreCompacts(t *testing.T) {
	mem := journal.NewMemory()
	defer mem.Close()
	s := &behaviour.JournalStore{Store: mem, SnapshotEvery: 3}
	for i := 1; i <= 6; i++ {
		want := fmt.Sprint("state ", i)
		if err := s.Save("k", []byte(want)); err != nil {
			t.Fatal(err)
		}
		h, err := mem.Read(context.Background(), "behaviour/k")
		if err != nil {
			t.Fatal(err)
		}
		if wantSnap := uint64(i / 3 * 3); h.SnapshotSeq != wantSnap || h.LastSeq() != uint64(i) {
			t.Fatalf("after save %d: snapshot at %d, last %d", i, h.SnapshotSeq, h.LastSeq())
		}
		if got, ok, err := s.Load("k"); string(got) != want || !ok || err != nil {
			t.Fatalf("after saving %q: Load = %q, %v, %v", want, got, ok, err)
		}
	}
}

// failingStore fails every call.
type failingStore struct{}

var errStore = errors.New("store down")

func (failingStore) Load(string) ([]byte, bool, error) { return nil, false, errStore }
func (failingStore) Save(string, []byte) error         { return errStore }

func TestSaveAndRestore(t *testing.T) {
	var store behaviour.MemoryStore
	behaviour.Save(&counter{n: 7}, &store, "k")
	behaviour.Save(struct{}{}, &store, "other") // not Stateful: nothing saved
	if _, ok, _ := store.Load("other"); ok {
		t.Fatal("a behaviour that is not Stateful was saved")
	}

	fresh := &counter{}
	behaviour.Restore(fresh, &store, "k", zap.NewNop())
	if fresh.n != 7 {
		t.Fatalf("restored %d, want 7", fresh.n)
	}
	scratch := &counter{}
	behaviour.Restore(scratch, &store, "missing", zap.NewNop())
	behaviour.Restore(scratch, failingStore{}, "k", zap.NewNop())
	if scratch.n != 0 {
		t.Fatalf("restored %d from nothing", scratch.n)
	}
	if err := store.Save("bad", []byte("not a number")); err != nil {
		t.Fatal(err)
	}
	behaviour.Restore(scratch, &store, "bad", zap.NewNop())
	if scratch.n != 0 {
		t.Fatalf("restored %d from a bad state", scratch.n)
	}
}

// TestSavePanics: a state that cannot be saved crashes the behaviour.
func TestSavePanics(t *testing.T) {
	defer func() {
		err, _ := recover().(error)
		if !errors.Is(err, errStore) {
			t.Fatalf("recovered %v, want an error wrapping the store's", err)
		}
	}()
	behaviour.Save(&counter{n: 1}, failingStore{}, "k")
	t.Fatal("Save did not panic")
}
