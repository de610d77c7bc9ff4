package supervisor

import (
	"sync/atomic"
	"testing"
	"time"

	"github.com/asynkron/protoactor-go/actor"
)

// TestDescribe: a supervisor reports its strategy and intensity.
func TestDescribe(t *testing.T) {
	sys, w := newSystem(t), newWorld()
	for _, tc := range []struct {
		name string
		spec Spec
		want Description
	}{
		{"one_for_one default intensity", Spec{Children: []ChildSpec{w.spec("a", Permanent)}},
			Description{Strategy: OneForOne, MaxRestarts: 1, Period: 5 * time.Second}},
		{"rest_for_one", Spec{Strategy: RestForOne, Children: []ChildSpec{w.spec("a", Permanent)}, Options: []Option{WithIntensity(7, time.Minute)}},
			Description{Strategy: RestForOne, MaxRestarts: 7, Period: time.Minute}},
		{"simple_one_for_one", Spec{Strategy: SimpleOneForOne, Children: []ChildSpec{w.spec("tpl", Temporary)}},
			Description{Strategy: SimpleOneForOne, MaxRestarts: 1, Period: 5 * time.Second}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h := startSup(t, sys, tc.spec)
			got, err := h.Describe()
			if err != nil {
				t.Fatal(err)
			}
			if got != tc.want {
				t.Fatalf("Describe = %+v, want %+v", got, tc.want)
			}
		})
	}
}

// countingStats counts the user messages posted to the mailboxes it is
// attached to.
type countingStats struct{ posted *atomic.Int64 }

func (c countingStats) MailboxStarted()     {}
func (c countingStats) MessageReceived(any) {}
func (c countingStats) MailboxEmpty()       {}
func (c countingStats) MessagePosted(msg any) {
	if _, ok := msg.(string); ok {
		c.posted.Add(1)
	}
}

// TestWithMailbox: children get the mailbox the option returns, per child
// id, also after a restart that spawns a new process; other children keep
// protoactor's default.
func TestWithMailbox(t *testing.T) {
	sys, w := newSystem(t), newWorld()
	var posted atomic.Int64
	h := startSup(t, sys, Spec{
		Children: []ChildSpec{w.spec("tracked", Permanent), w.spec("plain", Permanent)},
		Options: []Option{WithMailbox(func(id string) actor.MailboxProducer {
			if id != "tracked" {
				return nil
			}
			return actor.Unbounded(countingStats{&posted})
		})},
	})
	pids := map[string]*actor.PID{}
	cs, err := h.WhichChildren()
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range cs {
		pids[c.ID] = c.PID
	}
	sys.Root.Send(pids["tracked"], "ping")
	sys.Root.Send(pids["plain"], "ping")
	if got := posted.Load(); got != 1 {
		t.Fatalf("posted = %d, want 1 (only the tracked child's mailbox counts)", got)
	}
	if err := h.TerminateChild("tracked"); err != nil {
		t.Fatal(err)
	}
	pid, err := h.RestartChild("tracked")
	if err != nil {
		t.Fatal(err)
	}
	sys.Root.Send(pid, "ping")
	if got := posted.Load(); got != 2 {
		t.Fatalf("posted after a new process = %d, want 2", got)
	}
}
