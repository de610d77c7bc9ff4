package chaos

import (
	"fmt"
	"strings"
	"sync"
)

// The invariants a run checks, in report order.
const (
	InvChildSet     = "child_set_restored"
	InvEscalation   = "escalation_one_level"
	InvNoOrphans    = "no_orphans"
	InvConservation = "conservation"
	InvOffers       = "no_double_offer"
	InvOrder        = "session_order"
	InvBaseline     = "baseline"
	InvHooks        = "hook_deadlines"
)

// invariantDescriptions says what each invariant means (docs/chaos.md says
// how each is checked).
var invariantDescriptions = []struct{ name, desc string }{
	{InvChildSet, "after each fault the supervision tree returns to its spec (the same supervisors and static children, every node running) within the recovery bound"},
	{InvEscalation, "a child crashing past its supervisor's intensity makes that supervisor give up and be restarted by its parent: exactly one escalation, one level"},
	{InvNoOrphans, "every framework and agent actor in the tree is in the engine's directory (GET /state)"},
	{InvConservation, "every sequenced bridge call the module side sent is acknowledged or rejected with an error, and none acknowledged is lost: the session's durable watermark covers every acknowledged call, also right after each SIGKILL, and every framework and agent announced is in the directory"},
	{InvOffers, "no resource offered twice and no agent's total exceeded: every OFFERS event fits in what the agent has beside what is outstanding, and events are numbered without gaps"},
	{InvOrder, "per-session order: the durable watermark never goes back (also across SIGKILL) nor beyond what was sent, no call is applied twice, and within one answer no call is acknowledged after one answered resend"},
	{InvBaseline, "goroutines (go_goroutines) and resident memory of the engine after the quiet period are back near their level after warm-up"},
	{InvHooks, "every hook call is answered — by the engine or by the client's fallback — within its deadline (plus half of it, at least 250 ms, for scheduling)"},
}

// invariant is the verdict on one invariant and its first failing history.
type invariant struct {
	name, desc string
	checks     int
	first      string
}

// invariants is the set checked by a run.
type invariants struct {
	mu     sync.Mutex
	byName map[string]*invariant
	order  []*invariant
}

func newInvariants() *invariants {
	s := &invariants{byName: map[string]*invariant{}}
	for _, d := range invariantDescriptions {
		inv := &invariant{name: d.name, desc: d.desc}
		s.byName[d.name] = inv
		s.order = append(s.order, inv)
	}
	return s
}

// pass records one passed check of name.
func (s *invariants) pass(name string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.byName[name].checks++
}

// fail records one failed check of name with its history (only the first
// failure's history is kept).
func (s *invariants) fail(name, format string, args ...any) {
	s.mu.Lock()
	defer s.mu.Unlock()
	inv := s.byName[name]
	inv.checks++
	if inv.first == "" {
		inv.first = fmt.Sprintf(format, args...)
	}
}

// check records a check: a pass when ok, else a failure with the history.
func (s *invariants) check(name string, ok bool, history func() string) {
	if ok {
		s.pass(name)
		return
	}
	s.fail(name, "%s", history())
}

// checkMany records n checks made at once (e.g. every offer of the run):
// all passed when ok, else one of them failed with the history.
func (s *invariants) checkMany(name string, n int, ok bool, history func() string) {
	s.check(name, ok, history)
	s.mu.Lock()
	s.byName[name].checks += max(n-1, 0)
	s.mu.Unlock()
}

// lines joins up to n strings, saying how many more there were.
func lines(ss []string, n int) string {
	if len(ss) <= n {
		return strings.Join(ss, "\n")
	}
	return strings.Join(ss[:n], "\n") + fmt.Sprintf("\n... and %d more", len(ss)-n)
}
