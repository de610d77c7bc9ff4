package scheduler_test

import (
	"slices"
	"testing"

	"github.com/mactor/mactor/actors/scheduler"
	sjournal "github.com/mactor/mactor/supervisor/journal"
)

func TestJournalStore(t *testing.T) {
	mem := sjournal.NewMemory()
	defer mem.Close()
	s := &scheduler.JournalStore{Store: mem, SnapshotEvery: 2}
	if _, ok, err := s.Load("hello"); ok || err != nil {
		t.Fatalf("empty store: %v %v", ok, err)
	}
	for _, state := range []string{"one", "two", "three", "four"} {
		if err := s.Save("hello", []byte(state)); err != nil {
			t.Fatal(err)
		}
		got, ok, err := s.Load("hello")
		if err != nil || !ok || string(got) != state {
			t.Fatalf("after saving %q: Load = %q, %v, %v", state, got, ok, err)
		}
	}
}

// TestStateSurvivesTheProcess: a Stateful behaviour with a JournalStore
// and a stable name resumes in a new driver (a new process) from the state
// the previous one saved.
func TestStateSurvivesTheProcess(t *testing.T) {
	mem := sjournal.NewMemory()
	defer mem.Close()
	store := &scheduler.JournalStore{Store: mem}
	never := func(uint64) bool { return false }

	run := func(offerIDs ...string) []string {
		master := newFakeMaster(t, func(s *stream) {
			s.Send(subscribed(frameworkID, 15), offers(offerIDs...))
			s.Hold()
		})
		j := newJournal()
		h := startWith(t, master, scheduler.Config{
			Masters: []string{master.url()}, Framework: frameworkInfo(),
			New: func() scheduler.Scheduler { return &counter{j: j, crash: never} },
		}, nil, scheduler.WithStateStore(store), scheduler.WithName("hello-durable"))
		j.waitFor(t, "seen")
		if err := h.d.Stop(true); err != nil {
			t.Fatal(err)
		}
		if err := h.d.Join(); err != nil {
			t.Fatal(err)
		}
		return j.all()
	}
	if got := run("O1", "O2"); !slices.Equal(got, []string{"seen 2"}) {
		t.Fatalf("first process: %q", got)
	}
	if got := run("O3"); !slices.Equal(got, []string{"restored 2", "seen 3"}) {
		t.Fatalf("second process: %q", got)
	}
}
