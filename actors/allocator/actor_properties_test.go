package allocator

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"google.golang.org/protobuf/proto"
	"pgregory.net/rapid"

	"github.com/mactor/mactor/bridge/owner"
	"github.com/mactor/mactor/internal/resources"
	bridgev1 "github.com/mactor/mactor/messages/bridge/v1"
)

// step is one thing the module does in a scripted run: a call, or a cycle
// after moving the clock.
type step struct {
	desc  string
	call  *bridgev1.Call
	cycle bool
	all   bool
	// advance moves the clock before a periodic cycle.
	advance time.Duration
}

// actorModel is what a module knows (the calls it made, the offers it got)
// and what must never happen, checked against every OFFERS event.
type actorModel struct {
	agents     map[string]resources.Resources // unallocated totals
	frameworks map[string]*modelFramework
	limits     map[string]resources.Limits // top-level role → limits
	// outstanding offers and allocated (accepted) resources, and the
	// filters in force (refuse_seconds 1000 is never reached).
	offers    map[fwAgentRole]resources.Resources
	allocated map[fwAgentRole]resources.Resources
	filters   map[fwAgentRole][]resources.Resources
	nextAgent int
	nextFw    int
}

func newActorModel() *actorModel {
	return &actorModel{
		agents: map[string]resources.Resources{}, frameworks: map[string]*modelFramework{}, limits: map[string]resources.Limits{},
		offers: map[fwAgentRole]resources.Resources{}, allocated: map[fwAgentRole]resources.Resources{}, filters: map[fwAgentRole][]resources.Resources{},
	}
}

// absorb checks one cycle's offers against the model and records them.
func (m *actorModel) absorb(t *rapid.T, evs []*bridgev1.Event) {
	for _, o := range offersIn(evs) {
		f := m.frameworks[o.fw]
		switch {
		case f == nil:
			t.Fatalf("offer to unknown framework: %v", o)
		case !f.active:
			t.Fatalf("offer to inactive framework: %v", o)
		case f.suppressed[o.role]:
			t.Fatalf("offer in a suppressed role: %v", o)
		case !slices.Contains(f.roles, o.role):
			t.Fatalf("offer in a role the framework is not subscribed to: %v", o)
		}
		k := fwAgentRole{o.fw, o.agent, o.role}
		for _, refused := range m.filters[k] {
			if refused.Contains(o.res.Unallocate()) {
				t.Fatalf("filtered (framework, role, agent) offered: %v (refused %v)", o, refused)
			}
		}
		m.offers[k] = m.offers[k].Plus(o.res)
	}
	// Offered plus allocated never exceeds an agent's total: nothing is
	// offered twice.
	for id, total := range m.agents {
		var held resources.Resources
		for _, mm := range []map[fwAgentRole]resources.Resources{m.offers, m.allocated} {
			for k, r := range mm {
				if k.agent == id {
					held = held.Plus(r.Unallocate())
				}
			}
		}
		if !total.Contains(held) {
			t.Fatalf("agent %s: offered+allocated %v exceeds its total %v", id, held, total)
		}
	}
	// No offer takes a role above its limits. An offer of unreserved
	// scalars a role has limits on is made only while the role's
	// consumption stays within them; the consumption also counts every
	// reservation to the role and its subroles' holdings, which a cycle
	// may raise after the role's own offers (a subrole is not bounded by
	// its parent's limits, MESOS-7150). So the role's own unreserved
	// holdings plus its reservations must be within its limits.
	for _, o := range offersIn(evs) {
		lim, ok := m.limits[o.role]
		if !ok || !limitedIn(lim, o.res.Unreserved().ScalarQuantities()) {
			continue
		}
		q := m.consumption(o.role)
		for _, x := range o.res.Unreserved().ScalarQuantities() {
			if l, ok := lim.Get(x.Name); ok && x.Value > 0 && q.Get(x.Name) > l {
				t.Fatalf("offer %v takes role %s to %v, above its limits %v", o, o.role, q, lim)
			}
		}
	}
}

// limitedIn reports whether q has some of a limited name (those are the
// ones the limits bound).
func limitedIn(lim resources.Limits, q resources.Quantities) bool {
	for _, x := range q {
		if _, ok := lim.Get(x.Name); ok && x.Value > 0 {
			return true
		}
	}
	return false
}

// consumption is a top-level role's quota consumption without its
// subroles' unreserved holdings.
func (m *actorModel) consumption(role string) resources.Quantities {
	var q resources.Quantities
	for _, mm := range []map[fwAgentRole]resources.Resources{m.offers, m.allocated} {
		for k, r := range mm {
			if k.role == role {
				q = q.Plus(r.Unreserved().ScalarQuantities())
			}
		}
	}
	for _, total := range m.agents {
		q = q.Plus(total.ReservedToRoleSubtree(role).ScalarQuantities())
	}
	return q
}

func (m *actorModel) forget(match func(fwAgentRole) bool) {
	for _, mm := range []map[fwAgentRole]resources.Resources{m.offers, m.allocated} {
		for k := range mm {
			if match(k) {
				delete(mm, k)
			}
		}
	}
	for k := range m.filters {
		if match(k) {
			delete(m.filters, k)
		}
	}
}

func pickKey(t *rapid.T, from map[fwAgentRole]resources.Resources, label string) (fwAgentRole, bool) {
	keys := make([]fwAgentRole, 0, len(from))
	for k := range from {
		keys = append(keys, k)
	}
	if len(keys) == 0 {
		return fwAgentRole{}, false
	}
	slices.SortFunc(keys, func(x, y fwAgentRole) int {
		return strings.Compare(x.fw+"|"+x.agent+"|"+x.role, y.fw+"|"+y.agent+"|"+y.role)
	})
	return rapid.SampledFrom(keys).Draw(t, label), true
}

// next draws the module's next step from the model (and updates the
// model for calls; cycles are absorbed once run).
func (m *actorModel) next(t *rapid.T) step {
	for {
		switch rapid.IntRange(0, 15).Draw(t, "action") {
		case 0, 1:
			id := fmt.Sprintf("agent%d", m.nextAgent)
			m.nextAgent++
			shape := rapid.SampledFrom(agentShapes).Draw(t, "shape")
			m.agents[id] = res(shape)
			return step{desc: "add agent " + id, call: addSlaveCall(id, shape)}
		case 2:
			ids := sortedKeys(m.agents)
			if len(ids) == 0 {
				continue
			}
			id := rapid.SampledFrom(ids).Draw(t, "agent")
			delete(m.agents, id)
			m.forget(func(k fwAgentRole) bool { return k.agent == id })
			return step{desc: "remove agent " + id, call: slaveCall(bridgev1.Call_REMOVE_SLAVE, id)}
		case 3, 4:
			id := fmt.Sprintf("framework%d", m.nextFw)
			m.nextFw++
			roles := slices.Compact(slices.Sorted(slices.Values(rapid.SliceOfN(rapid.SampledFrom(propertyRoles), 1, 2).Draw(t, "roles"))))
			m.frameworks[id] = &modelFramework{roles: roles, active: true, suppressed: map[string]bool{}}
			return step{desc: "add framework " + id, call: addFrameworkCall(id, roles...)}
		case 5:
			ids := sortedKeys(m.frameworks)
			if len(ids) == 0 {
				continue
			}
			id := rapid.SampledFrom(ids).Draw(t, "framework")
			f := m.frameworks[id]
			typ := bridgev1.Call_DEACTIVATE_FRAMEWORK
			switch rapid.IntRange(0, 2).Draw(t, "lifecycle") {
			case 0:
				delete(m.frameworks, id)
				m.forget(func(k fwAgentRole) bool { return k.fw == id })
				typ = bridgev1.Call_REMOVE_FRAMEWORK
			case 1:
				f.active = false
				for k := range m.filters {
					if k.fw == id {
						delete(m.filters, k)
					}
				}
			case 2:
				f.active, typ = true, bridgev1.Call_ACTIVATE_FRAMEWORK
			}
			return step{desc: fmt.Sprintf("%s %s", typ, id), call: frameworkCall(typ, id)}
		case 6:
			ids := sortedKeys(m.frameworks)
			if len(ids) == 0 {
				continue
			}
			id := rapid.SampledFrom(ids).Draw(t, "framework")
			f := m.frameworks[id]
			role := rapid.SampledFrom(f.roles).Draw(t, "role")
			if rapid.Bool().Draw(t, "suppress") {
				f.suppressed[role] = true
				return step{desc: "suppress " + id + " " + role, call: rolesCall(bridgev1.Call_SUPPRESS_OFFERS, id, role)}
			}
			delete(f.suppressed, role)
			for k := range m.filters {
				if k.fw == id && k.role == role {
					delete(m.filters, k)
				}
			}
			return step{desc: "revive " + id + " " + role, call: rolesCall(bridgev1.Call_REVIVE_OFFERS, id, role)}
		case 7, 8:
			k, ok := pickKey(t, m.offers, "offer")
			if !ok {
				continue
			}
			offered := m.offers[k]
			delete(m.offers, k)
			var refuse *float64
			switch rapid.IntRange(0, 2).Draw(t, "filter") {
			case 1:
				refuse = proto.Float64(0)
			case 2:
				refuse = proto.Float64(1000)
				m.filters[k] = append(m.filters[k], offered.Unallocate())
			}
			return step{desc: fmt.Sprintf("decline %v %v", k, offered), call: recoverCall(k.fw, k.agent, offered.ToProto(), refuse, false)}
		case 9:
			k, ok := pickKey(t, m.offers, "offer")
			if !ok {
				continue
			}
			offered := m.offers[k]
			delete(m.offers, k)
			m.allocated[k] = m.allocated[k].Plus(offered)
			return step{desc: fmt.Sprintf("accept %v %v", k, offered), call: &bridgev1.Call{Type: bridgev1.Call_TRANSITION_OFFERED_TO_ALLOCATED,
				Payload: &bridgev1.Call_TransitionOfferedToAllocated_{TransitionOfferedToAllocated: &bridgev1.Call_TransitionOfferedToAllocated{
					SlaveId: slaveID(k.agent), Resources: offered.ToProto(),
				}}}}
		case 10:
			k, ok := pickKey(t, m.allocated, "allocation")
			if !ok {
				continue
			}
			held := m.allocated[k]
			delete(m.allocated, k)
			return step{desc: fmt.Sprintf("finish %v %v", k, held), call: recoverCall(k.fw, k.agent, held.ToProto(), nil, true)}
		case 11:
			role := rapid.SampledFrom([]string{"a", "b", "c"}).Draw(t, "quotaRole")
			g := rapid.IntRange(0, 4).Draw(t, "guarantee")
			l := g + rapid.IntRange(0, 6).Draw(t, "slack")
			if rapid.Bool().Draw(t, "clear") {
				delete(m.limits, role)
				return step{desc: "clear quota " + role, call: updateQuotaCall(role, nil, nil)}
			}
			limits := map[string]float64{"cpus": float64(l), "mem": float64(512 * l)}
			m.limits[role] = resources.LimitsOf(limits)
			return step{desc: fmt.Sprintf("quota %s %d/%d", role, g, l), call: updateQuotaCall(role, map[string]float64{"cpus": float64(g)}, limits)}
		case 12:
			role := rapid.SampledFrom(propertyRoles[1:]).Draw(t, "weightRole")
			w := float64(rapid.IntRange(1, 4).Draw(t, "weight"))
			return step{desc: fmt.Sprintf("weight %s=%v", role, w), call: updateWeightsCall(role, w)}
		case 13:
			return step{desc: "event-driven cycle", cycle: true}
		default:
			d := time.Duration(rapid.IntRange(0, 3).Draw(t, "seconds")) * time.Second
			return step{desc: fmt.Sprintf("periodic cycle +%v", d), cycle: true, all: true, advance: d}
		}
	}
}

// do runs a step on a rig; for cycles it returns the events.
func (r *rig) do(s step) []*bridgev1.Event {
	if s.cycle {
		r.clock.Advance(s.advance)
		return r.cycle(s.all)
	}
	r.call(proto.Clone(s.call).(*bridgev1.Call))
	return nil
}

// TestActorRandomCallsAndCrashes drives the actor through the real owners
// with random call sequences (debug mode on: the core checks its
// invariants after every call and cycle), checks every OFFERS event
// against what must never happen (an offer to an inactive, unsubscribed
// or suppressed framework role, of filtered resources, beyond an agent's
// total or a role's limit), then runs the same calls again while crashing
// the allocator actor, an owner, or the whole engine between steps: the
// events the module gets must be exactly the same.
func TestActorRandomCallsAndCrashes(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		m := newActorModel()
		a := newRig(t)
		defer a.close()
		script := []step{{desc: "initialize", call: initializeCall()}}
		a.do(script[0])
		for range rapid.IntRange(5, 30).Draw(t, "steps") {
			s := m.next(t)
			script = append(script, s)
			t.Logf("step %d: %s", len(script)-1, s.desc)
			if evs := a.do(s); s.cycle {
				t.Logf("  offers: %s", describe(offersIn(evs)))
				m.absorb(t, evs)
			}
		}
		want := a.transcript()

		b := newRig(t)
		defer b.close()
		for i, s := range script {
			if i > 0 {
				switch rapid.IntRange(0, 9).Draw(t, "crash") {
				case 0:
					t.Logf("crash the allocator before step %d", i)
					b.crashAllocator()
				case 1:
					keys := make([]owner.Key, 0, len(b.owners)+1)
					keys = append(keys, owner.ClusterKey)
					for k := range b.owners {
						keys = append(keys, k)
					}
					sortKeys(keys)
					k := rapid.SampledFrom(keys).Draw(t, "owner")
					t.Logf("crash owner %s before step %d", k, i)
					b.crashOwner(k)
				case 2:
					t.Logf("restart the engine before step %d", i)
					b.restartEngine()
				}
			}
			b.do(s)
		}
		got := b.transcript()
		if !slices.Equal(got, want) {
			for i := range min(len(got), len(want)) {
				if got[i] != want[i] {
					t.Fatalf("event %d differs after crashes:\n got  %s\n want %s", i+1, got[i], want[i])
				}
			}
			t.Fatalf("after crashes the module got %d events, without %d", len(got), len(want))
		}
	})
}
