package allocator

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"google.golang.org/protobuf/proto"
	"pgregory.net/rapid"

	"github.com/mactor/mactor/internal/resources"
	"github.com/mactor/mactor/messages/mesos"
)

// call is one allocator call of a random sequence, replayable.
type call struct {
	desc string
	do   func(a *Allocator, c *ManualClock) (Result, error)
}

// machine drives an Allocator (in debug mode, so every call checks the
// invariants) with random calls, keeps a model of what must never happen,
// and records the calls for a deterministic replay.
type machine struct {
	a     *Allocator
	clock *ManualClock
	log   []call
	out   []string // rendered results, for the replay comparison

	agents     []string
	frameworks map[string]*modelFramework
	nextAgent  int
	nextFw     int
	// offers outstanding (offered, not yet answered) and allocated
	// (accepted) per (framework, agent, role).
	offers    map[fwAgentRole]resources.Resources
	allocated map[fwAgentRole]resources.Resources
	// filters the model knows are in force: a refuse_seconds of 1000 is
	// never reached by the test's clock.
	filters map[fwAgentRole][]resources.Resources
	totals  map[string]resources.Resources
}

type modelFramework struct {
	roles      []string
	active     bool
	suppressed map[string]bool
}

type fwAgentRole struct{ fw, agent, role string }

var propertyRoles = []string{"*", "a", "a/x", "b", "c"}

var agentShapes = []string{
	"cpus:4;mem:1024;disk:100;ports:[31000-31009]",
	"cpus:2;mem:512",
	"cpus:8;mem:4096;cpus(a):2;mem(a):256",
	"cpus:1;mem:64;gpus:1",
	"cpus:2;mem:2048;zones:{z1,z2}",
}

func newMachine(seed uint64) *machine { return newMachineWith(seed, nil) }

// newMachineWith is newMachine with a policy (nil: DRF).
func newMachineWith(seed uint64, policy Policy) *machine {
	clock := NewManualClock(epoch)
	a := New(Config{Policy: policy, Clock: clock, Seed: seed, Debug: true})
	if err := a.Initialize(DefaultOptions()); err != nil {
		panic(err)
	}
	return &machine{
		a: a, clock: clock,
		frameworks: map[string]*modelFramework{},
		offers:     map[fwAgentRole]resources.Resources{},
		allocated:  map[fwAgentRole]resources.Resources{},
		filters:    map[fwAgentRole][]resources.Resources{},
		totals:     map[string]resources.Resources{},
	}
}

// exec runs and records a call; cycle results are checked and absorbed
// into the model.
func (m *machine) exec(t *rapid.T, c call) {
	r, err := c.do(m.a, m.clock)
	m.log = append(m.log, c)
	m.out = append(m.out, render(c.desc, r, err))
	if err != nil {
		t.Fatalf("%s: %v", c.desc, err)
	}
	m.absorb(t, r)
	if err := m.a.CheckInvariants(); err != nil {
		t.Fatalf("after %s: %v", c.desc, err)
	}
}

func render(desc string, r Result, err error) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s err=%v", desc, err)
	for _, o := range flatten(&r) {
		fmt.Fprintf(&b, " | %s", o)
	}
	for _, io := range r.InverseOffers {
		for _, au := range io.Agents {
			fmt.Fprintf(&b, " | inverse %s@%s", io.FrameworkID, au.AgentID)
		}
	}
	return b.String()
}

// absorb checks a cycle's offers against the model and records them.
func (m *machine) absorb(t *rapid.T, r Result) {
	for _, o := range flatten(&r) {
		f := m.frameworks[o.fw]
		switch {
		case f == nil:
			t.Fatalf("offer to unknown framework: %v", o)
		case !f.active:
			t.Fatalf("offer to inactive framework: %v", o)
		case f.suppressed[o.role]:
			t.Fatalf("offer in suppressed role: %v", o)
		case !slices.Contains(f.roles, o.role):
			t.Fatalf("offer in a role the framework is not subscribed to: %v", o)
		}
		k := fwAgentRole{o.fw, o.agent, o.role}
		for _, refused := range m.filters[k] {
			if refused.Contains(o.res) {
				t.Fatalf("filtered offer made: %v (refused %v)", o, refused)
			}
		}
		m.offers[k] = m.offers[k].Plus(o.res)
	}
	// Offered plus allocated never exceeds an agent's total (totals do
	// not shrink in this test).
	for _, id := range m.agents {
		var used resources.Resources
		for k, res := range m.offers {
			if k.agent == id {
				used.AddAll(res)
			}
		}
		for k, res := range m.allocated {
			if k.agent == id {
				used.AddAll(res)
			}
		}
		if !m.totals[id].Contains(used) {
			t.Fatalf("agent %s: offered+allocated %v exceeds total %v", id, used, m.totals[id])
		}
	}
}

func (m *machine) pickAgent(t *rapid.T) (string, bool) {
	if len(m.agents) == 0 {
		return "", false
	}
	return rapid.SampledFrom(m.agents).Draw(t, "agent"), true
}

func (m *machine) pickFramework(t *rapid.T) (string, bool) {
	if len(m.frameworks) == 0 {
		return "", false
	}
	ids := slices.Sorted(mapsKeys(m.frameworks))
	return rapid.SampledFrom(ids).Draw(t, "framework"), true
}

func mapsKeys[V any](m map[string]V) func(func(string) bool) {
	return func(yield func(string) bool) {
		for k := range m {
			if !yield(k) {
				return
			}
		}
	}
}

func (m *machine) pickKey(t *rapid.T, from map[fwAgentRole]resources.Resources) (fwAgentRole, bool) {
	var keys []fwAgentRole
	for k := range from {
		keys = append(keys, k)
	}
	if len(keys) == 0 {
		return fwAgentRole{}, false
	}
	slices.SortFunc(keys, func(x, y fwAgentRole) int { return strings.Compare(x.fw+x.agent+x.role, y.fw+y.agent+y.role) })
	return rapid.SampledFrom(keys).Draw(t, "offer"), true
}

func (m *machine) actions() map[string]func(*rapid.T) {
	return map[string]func(*rapid.T){
		"addAgent": func(t *rapid.T) {
			id := fmt.Sprintf("agent%d", m.nextAgent)
			m.nextAgent++
			total := res(rapid.SampledFrom(agentShapes).Draw(t, "shape"))
			m.agents = append(m.agents, id)
			m.totals[id] = total
			m.exec(t, call{"AddSlave " + id, func(a *Allocator, _ *ManualClock) (Result, error) {
				return Result{}, a.AddSlave(id, slaveInfo(id), AllAgentCapabilities(), nil, total, nil)
			}})
		},
		"removeAgent": func(t *rapid.T) {
			id, ok := m.pickAgent(t)
			if !ok {
				t.Skip("no agent")
			}
			m.agents = slices.DeleteFunc(m.agents, func(s string) bool { return s == id })
			for _, mm := range []map[fwAgentRole]resources.Resources{m.offers, m.allocated} {
				for k := range mm {
					if k.agent == id {
						delete(mm, k)
					}
				}
			}
			for k := range m.filters {
				if k.agent == id {
					delete(m.filters, k)
				}
			}
			m.exec(t, call{"RemoveSlave " + id, func(a *Allocator, _ *ManualClock) (Result, error) { return Result{}, a.RemoveSlave(id) }})
		},
		"addFramework": func(t *rapid.T) {
			id := fmt.Sprintf("framework%d", m.nextFw)
			m.nextFw++
			roles := slices.Compact(slices.Sorted(slices.Values(rapid.SliceOfN(rapid.SampledFrom(propertyRoles), 1, 3).Draw(t, "roles"))))
			var suppressed []string
			mf := &modelFramework{roles: roles, active: true, suppressed: map[string]bool{}}
			for _, r := range roles {
				if rapid.IntRange(0, 4).Draw(t, "suppress") == 0 {
					suppressed = append(suppressed, r)
					mf.suppressed[r] = true
				}
			}
			caps := []mesos.FrameworkInfo_Capability_Type{mesos.FrameworkInfo_Capability_MULTI_ROLE}
			if rapid.Bool().Draw(t, "gpu") {
				caps = append(caps, mesos.FrameworkInfo_Capability_GPU_RESOURCES)
			}
			info := &mesos.FrameworkInfo{User: proto.String("u"), Name: proto.String(id), Id: &mesos.FrameworkID{Value: proto.String(id)}, Roles: roles}
			for _, c := range caps {
				info.Capabilities = append(info.Capabilities, &mesos.FrameworkInfo_Capability{Type: c.Enum()})
			}
			m.frameworks[id] = mf
			m.exec(t, call{"AddFramework " + id, func(a *Allocator, _ *ManualClock) (Result, error) {
				return Result{}, a.AddFramework(id, info, nil, true, FrameworkOptions{SuppressedRoles: suppressed})
			}})
		},
		"removeFramework": func(t *rapid.T) {
			id, ok := m.pickFramework(t)
			if !ok {
				t.Skip("no framework")
			}
			delete(m.frameworks, id)
			m.forgetFramework(id)
			m.exec(t, call{"RemoveFramework " + id, func(a *Allocator, _ *ManualClock) (Result, error) { return Result{}, a.RemoveFramework(id) }})
		},
		"deactivateFramework": func(t *rapid.T) {
			id, ok := m.pickFramework(t)
			if !ok {
				t.Skip("no framework")
			}
			m.frameworks[id].active = false
			for k := range m.filters {
				if k.fw == id {
					delete(m.filters, k)
				}
			}
			m.exec(t, call{"DeactivateFramework " + id, func(a *Allocator, _ *ManualClock) (Result, error) { return Result{}, a.DeactivateFramework(id) }})
		},
		"activateFramework": func(t *rapid.T) {
			id, ok := m.pickFramework(t)
			if !ok {
				t.Skip("no framework")
			}
			m.frameworks[id].active = true
			m.exec(t, call{"ActivateFramework " + id, func(a *Allocator, _ *ManualClock) (Result, error) { return Result{}, a.ActivateFramework(id) }})
		},
		"suppress": func(t *rapid.T) {
			id, ok := m.pickFramework(t)
			if !ok {
				t.Skip("no framework")
			}
			f := m.frameworks[id]
			roles := []string{rapid.SampledFrom(f.roles).Draw(t, "role")}
			if rapid.Bool().Draw(t, "all") {
				roles = nil
			}
			for _, r := range f.roles {
				if roles == nil || r == roles[0] {
					f.suppressed[r] = true
				}
			}
			m.exec(t, call{fmt.Sprintf("SuppressOffers %s %v", id, roles), func(a *Allocator, _ *ManualClock) (Result, error) { return Result{}, a.SuppressOffers(id, roles) }})
		},
		"revive": func(t *rapid.T) {
			id, ok := m.pickFramework(t)
			if !ok {
				t.Skip("no framework")
			}
			f := m.frameworks[id]
			roles := []string{rapid.SampledFrom(f.roles).Draw(t, "role")}
			if rapid.Bool().Draw(t, "all") {
				roles = nil
			}
			for _, r := range f.roles {
				if roles == nil || r == roles[0] {
					delete(f.suppressed, r)
					for k := range m.filters {
						if k.fw == id && k.role == r {
							delete(m.filters, k)
						}
					}
				}
			}
			m.exec(t, call{fmt.Sprintf("ReviveOffers %s %v", id, roles), func(a *Allocator, _ *ManualClock) (Result, error) { return Result{}, a.ReviveOffers(id, roles) }})
		},
		"decline": func(t *rapid.T) {
			k, ok := m.pickKey(t, m.offers)
			if !ok {
				t.Skip("no offer")
			}
			offered := m.offers[k]
			part := offered
			if rapid.Bool().Draw(t, "part") && len(offered) > 1 {
				part = resources.Of(offered[0])
			}
			delete(m.offers, k)
			if rest := offered.Minus(part); !rest.Empty() {
				m.offers[k] = rest
			}
			var filters *mesos.Filters
			switch rapid.IntRange(0, 2).Draw(t, "filter") {
			case 1:
				filters = &mesos.Filters{RefuseSeconds: proto.Float64(0)}
			case 2:
				filters = &mesos.Filters{RefuseSeconds: proto.Float64(1000)}
				m.filters[k] = append(m.filters[k], part)
			}
			res := part.Allocate(k.role)
			m.exec(t, call{fmt.Sprintf("RecoverResources %v %v %v", k, part, filters.GetRefuseSeconds()), func(a *Allocator, _ *ManualClock) (Result, error) {
				return Result{}, a.RecoverResources(k.fw, k.agent, res, filters, false)
			}})
		},
		"accept": func(t *rapid.T) {
			k, ok := m.pickKey(t, m.offers)
			if !ok {
				t.Skip("no offer")
			}
			res := m.offers[k]
			delete(m.offers, k)
			m.allocated[k] = m.allocated[k].Plus(res)
			alloc := res.Allocate(k.role)
			m.exec(t, call{fmt.Sprintf("TransitionOfferedToAllocated %v %v", k, res), func(a *Allocator, _ *ManualClock) (Result, error) {
				return Result{}, a.TransitionOfferedToAllocated(k.agent, alloc)
			}})
		},
		"finishTask": func(t *rapid.T) {
			k, ok := m.pickKey(t, m.allocated)
			if !ok {
				t.Skip("no allocation")
			}
			res := m.allocated[k]
			delete(m.allocated, k)
			alloc := res.Allocate(k.role)
			m.exec(t, call{fmt.Sprintf("RecoverResources(allocated) %v %v", k, res), func(a *Allocator, _ *ManualClock) (Result, error) {
				return Result{}, a.RecoverResources(k.fw, k.agent, alloc, nil, true)
			}})
		},
		"updateQuota": func(t *rapid.T) {
			role := rapid.SampledFrom([]string{"a", "b", "c", "*"}).Draw(t, "quotaRole")
			g := rapid.IntRange(0, 6).Draw(t, "guarantee")
			l := g + rapid.IntRange(0, 6).Draw(t, "slack")
			var q Quota
			if rapid.Bool().Draw(t, "set") {
				q = quota(fmt.Sprintf("cpus:%d", g), fmt.Sprintf("cpus:%d;mem:%d", l, 512*l))
			}
			m.exec(t, call{fmt.Sprintf("UpdateQuota %s %v/%v", role, q.Guarantees, q.Limits), func(a *Allocator, _ *ManualClock) (Result, error) { return Result{}, a.UpdateQuota(role, q) }})
		},
		"updateWeight": func(t *rapid.T) {
			role := rapid.SampledFrom(propertyRoles[1:]).Draw(t, "weightRole")
			w := float64(rapid.IntRange(1, 4).Draw(t, "weight"))
			m.exec(t, call{fmt.Sprintf("UpdateWeights %s=%v", role, w), func(a *Allocator, _ *ManualClock) (Result, error) {
				return Result{}, a.UpdateWeights([]*mesos.WeightInfo{weight(role, w)})
			}})
		},
		"allocatePending": func(t *rapid.T) {
			m.exec(t, call{"AllocatePending", func(a *Allocator, _ *ManualClock) (Result, error) { return a.AllocatePending(), nil }})
		},
		"tick": func(t *rapid.T) {
			d := time.Duration(rapid.IntRange(0, 3).Draw(t, "seconds")) * time.Second
			m.exec(t, call{fmt.Sprintf("Allocate +%v", d), func(a *Allocator, c *ManualClock) (Result, error) {
				c.Advance(d)
				return a.Allocate(), nil
			}})
		},
	}
}

// forgetFramework drops a framework's offers, allocations and filters from
// the model.
func (m *machine) forgetFramework(id string) {
	for _, mm := range []map[fwAgentRole]resources.Resources{m.offers, m.allocated} {
		for k := range mm {
			if k.fw == id {
				delete(mm, k)
			}
		}
	}
	for k := range m.filters {
		if k.fw == id {
			delete(m.filters, k)
		}
	}
}

// TestRandomCallSequences checks, over random sequences of allocator
// calls: the invariants after every call (debug mode and
// CheckInvariants); no resource offered twice and offered plus allocated
// within each agent's total; no offer to an inactive framework, in a
// suppressed or unsubscribed role, or of resources a framework refused
// (filter in force); no role pushed above its quota limit (debug mode);
// and determinism: replaying the same calls with the same seed on a fresh
// allocator gives the same results.
func TestRandomCallSequences(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		seed := rapid.Uint64().Draw(t, "seed")
		m := newMachine(seed)
		t.Repeat(m.actions())

		replay := newMachine(seed)
		for i, c := range m.log {
			r, err := c.do(replay.a, replay.clock)
			if got := render(c.desc, r, err); got != m.out[i] {
				t.Fatalf("replay diverged at call %d:\n got  %s\n want %s", i, got, m.out[i])
			}
		}
	})
}
