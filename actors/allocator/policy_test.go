package allocator

import (
	"errors"
	"testing"

	"github.com/mactor/mactor/internal/resources"
)

// greedy is a broken policy that offers more than allowed.
type greedy struct{ Policy }

func (greedy) Offer(c *Candidate) resources.Resources {
	return c.Allowed.Plus(res("cpus:100"))
}

// recorder remembers the candidates it saw and offers nothing for role
// "skip".
type recorder struct {
	Policy
	seen []Candidate
}

func (r *recorder) Offer(c *Candidate) resources.Resources {
	r.seen = append(r.seen, *c)
	if c.Role == "skip" {
		return nil
	}
	return c.Allowed
}

// The boundary between policy and core: the policy's amounts are checked,
// the core's rules hold whatever the policy says.
func TestPolicyBoundary(t *testing.T) {
	t.Run("a policy cannot offer more than the core allows", func(t *testing.T) {
		h := newHarness(t, withPolicy(greedy{DRF()}))
		h.addAgent(res("cpus:1;mem:64"))
		h.addFramework([]string{"r"})
		h.expectNone(h.pending())
	})
	t.Run("a policy sees the stage, role, framework, agent and allowed resources", func(t *testing.T) {
		rec := &recorder{Policy: DRF()}
		h := newHarness(t, withPolicy(rec))
		a := h.addAgent(res("cpus:1;mem:64"))
		f := h.addFramework([]string{"skip", "take"})
		h.expect(h.pending(), offer{f, "take", a, res("cpus:1;mem:64")})
		if len(rec.seen) != 2 {
			t.Fatalf("candidates %+v", rec.seen)
		}
		for _, c := range rec.seen {
			if c.Stage != 2 || c.Framework != f || c.Agent.ID != a || !c.Allowed.Equal(res("cpus:1;mem:64")) {
				t.Fatalf("candidate %+v", c)
			}
		}
	})
	t.Run("sorter names", func(t *testing.T) {
		for _, ok := range [][2]string{{"drf", "drf"}, {"random", "drf"}, {"drf", "random"}} {
			if _, err := Sorted(ok[0], ok[1]); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := Sorted("fair", "drf"); !errors.Is(err, ErrInvalidOption) {
			t.Fatalf("unknown sorter: %v", err)
		}
	})
}

// Offers convert to the bridge's OFFERS and INVERSE_OFFERS payloads.
func TestResultEvents(t *testing.T) {
	h := newHarness(t)
	a := h.addAgent(res("cpus:1;mem:64"))
	f := h.addFramework([]string{"r"})
	r := h.pending()
	if len(r.Offers) != 1 {
		t.Fatalf("offers %v", r.Offers)
	}
	ev := r.Offers[0].Event()
	if ev.GetFrameworkId().GetValue() != f || len(ev.GetRoles()) != 1 || ev.GetRoles()[0].GetRole() != "r" {
		t.Fatalf("event %v", ev)
	}
	slave := ev.GetRoles()[0].GetSlaves()[0]
	back, err := resources.FromProto(slave.GetResources())
	if err != nil || slave.GetSlaveId().GetValue() != a || !back.Equal(allocated("cpus:1;mem:64", "r")) {
		t.Fatalf("slave resources %v: %v", slave, err)
	}
	h.must(h.a.UpdateUnavailability(a, unavailability(epoch)))
	r = h.pending()
	iev := r.InverseOffers[0].Event()
	if iev.GetFrameworkId().GetValue() != f || iev.GetSlaves()[0].GetSlaveId().GetValue() != a ||
		iev.GetSlaves()[0].GetUnavailableResources().GetUnavailability().GetStart().GetNanoseconds() != epoch.UnixNano() {
		t.Fatalf("inverse event %v", iev)
	}
}

// Config.Debug turns a broken invariant into a panic wrapping
// ErrInvariant at the next call.
func TestDebugModePanicsOnCorruption(t *testing.T) {
	h := newHarness(t)
	a := h.addAgent(res("cpus:1;mem:64"))
	h.addFramework([]string{"r"})
	h.pending()
	h.a.agents[a].available = res("cpus:100") // corrupt the derived state
	defer func() {
		err, _ := recover().(error)
		if !errors.Is(err, ErrInvariant) {
			t.Fatalf("recovered %v, want ErrInvariant", err)
		}
	}()
	_ = h.a.ActivateSlave(a)
	h.a.Allocate()
	t.Fatal("no panic")
}
