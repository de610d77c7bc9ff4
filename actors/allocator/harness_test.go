package allocator

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"google.golang.org/protobuf/proto"

	"github.com/mactor/mactor/internal/resources"
	"github.com/mactor/mactor/messages/mesos"
)

// epoch is the test clock's start.
var epoch = time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)

// harness drives an Allocator the way Mesos's HierarchicalAllocatorTest
// fixture drives the hierarchical allocator: agents "agent1", "agent2", ...
// with hostnames equal to their ids, frameworks "framework1", ... with the
// MULTI_ROLE capability, a paused clock, and the minimum allocatable
// resources cpus:0.01 | mem:32 (MIN_CPUS, MIN_MEM).
type harness struct {
	t         testing.TB
	a         *Allocator
	clock     *ManualClock
	nextAgent int
	nextFw    int
}

type harnessOption func(*Options, *Config)

func withOptions(f func(*Options)) harnessOption {
	return func(o *Options, _ *Config) { f(o) }
}

func withPolicy(p Policy) harnessOption {
	return func(_ *Options, c *Config) { c.Policy = p }
}

func newHarness(t testing.TB, opts ...harnessOption) *harness {
	t.Helper()
	clock := NewManualClock(epoch)
	o := DefaultOptions()
	cfg := Config{Clock: clock, Seed: 42, Debug: true}
	for _, f := range opts {
		f(&o, &cfg)
	}
	a := New(cfg)
	if err := a.Initialize(o); err != nil {
		t.Fatal(err)
	}
	return &harness{t: t, a: a, clock: clock, nextAgent: 1, nextFw: 1}
}

func (h *harness) must(err error) {
	h.t.Helper()
	if err != nil {
		h.t.Fatal(err)
	}
}

func res(s string) resources.Resources { return resources.MustParse(s) }

func allocated(s string, role string) resources.Resources { return res(s).Allocate(role) }

func slaveInfo(id string) *mesos.SlaveInfo {
	return &mesos.SlaveInfo{Hostname: proto.String(id), Id: &mesos.SlaveID{Value: proto.String(id)}}
}

// agentOpts tune addAgent.
type agentOpts struct {
	caps    *AgentCapabilities
	used    map[string]resources.Resources
	info    func(*mesos.SlaveInfo)
	unavail *mesos.Unavailability
}

// addAgent adds the next agent with total r and returns its id.
func (h *harness) addAgent(r resources.Resources, opts ...agentOpts) string {
	h.t.Helper()
	id := fmt.Sprintf("agent%d", h.nextAgent)
	h.nextAgent++
	info := slaveInfo(id)
	caps := AllAgentCapabilities()
	var used map[string]resources.Resources
	var unavail *mesos.Unavailability
	for _, o := range opts {
		if o.caps != nil {
			caps = *o.caps
		}
		if o.used != nil {
			used = o.used
		}
		if o.info != nil {
			o.info(info)
		}
		if o.unavail != nil {
			unavail = o.unavail
		}
	}
	h.must(h.a.AddSlave(id, info, caps, unavail, r, used))
	return id
}

// frameworkInfo returns the FrameworkInfo of the next framework.
func (h *harness) frameworkInfo(roles []string, caps ...mesos.FrameworkInfo_Capability_Type) *mesos.FrameworkInfo {
	id := fmt.Sprintf("framework%d", h.nextFw)
	h.nextFw++
	info := &mesos.FrameworkInfo{User: proto.String("user"), Name: proto.String(id), Id: &mesos.FrameworkID{Value: proto.String(id)}, Roles: roles}
	multi := false
	for _, c := range caps {
		info.Capabilities = append(info.Capabilities, &mesos.FrameworkInfo_Capability{Type: c.Enum()})
		multi = multi || c == mesos.FrameworkInfo_Capability_MULTI_ROLE
	}
	if !multi {
		info.Capabilities = append(info.Capabilities, &mesos.FrameworkInfo_Capability{Type: mesos.FrameworkInfo_Capability_MULTI_ROLE.Enum()})
	}
	return info
}

// addFramework adds the next (active) framework in roles.
func (h *harness) addFramework(roles []string, caps ...mesos.FrameworkInfo_Capability_Type) string {
	h.t.Helper()
	info := h.frameworkInfo(roles, caps...)
	h.must(h.a.AddFramework(info.GetId().GetValue(), info, nil, true, FrameworkOptions{}))
	return info.GetId().GetValue()
}

// pending runs the pending event-driven cycle (Mesos's batched allocation
// after a triggering call and Clock::settle()).
func (h *harness) pending() *Result {
	r := h.a.AllocatePending()
	return &r
}

// tick advances the clock by d (default: the allocation interval) and runs
// a periodic cycle merged with any pending one (Clock::advance + settle).
func (h *harness) tick(d ...time.Duration) *Result {
	step := h.a.Options().AllocationInterval
	if len(d) > 0 {
		step = d[0]
	}
	h.clock.Advance(step)
	r := h.a.Allocate()
	return &r
}

// offer is one expected (framework, role, agent, resources) entry.
type offer struct {
	fw, role, agent string
	res             resources.Resources
}

// flatten lists a result's offers with unallocated resources; it panics
// if an offer's resources do not all carry the offer's role.
func flatten(r *Result) []offer {
	var out []offer
	for _, o := range r.Offers {
		for _, ro := range o.Roles {
			for _, ar := range ro.Agents {
				for _, x := range ar.Resources {
					if x.Allocation != ro.Role {
						panic(fmt.Sprintf("offer in role %q carries %v", ro.Role, x))
					}
				}
				out = append(out, offer{o.FrameworkID, ro.Role, ar.AgentID, ar.Resources.Unallocate()})
			}
		}
	}
	return out
}

func (o offer) String() string { return fmt.Sprintf("%s/%s@%s: %v", o.fw, o.role, o.agent, o.res) }

// expect checks that r holds exactly the offers want (in any order),
// comparing unallocated resources.
func (h *harness) expect(r *Result, want ...offer) {
	h.t.Helper()
	got := flatten(r)
	var missing []string
	used := make([]bool, len(got))
	for _, w := range want {
		found := false
		for i, g := range got {
			if !used[i] && g.fw == w.fw && g.role == w.role && g.agent == w.agent && g.res.Equal(w.res) {
				used[i], found = true, true
				break
			}
		}
		if !found {
			missing = append(missing, w.String())
		}
	}
	var extra []string
	for i, g := range got {
		if !used[i] {
			extra = append(extra, g.String())
		}
	}
	if len(missing) > 0 || len(extra) > 0 {
		h.t.Fatalf("offers differ\nmissing: %s\nunexpected: %s", strings.Join(missing, "\n  "), strings.Join(extra, "\n  "))
	}
}

// expectNone checks that r offers nothing.
func (h *harness) expectNone(r *Result) {
	h.t.Helper()
	h.expect(r)
}

// decline recovers everything o offered with a refuse filter of secs.
func (h *harness) decline(o offer, secs float64) {
	h.t.Helper()
	f := &mesos.Filters{RefuseSeconds: proto.Float64(secs)}
	h.must(h.a.RecoverResources(o.fw, o.agent, o.res.Allocate(o.role), f, false))
}

// recover recovers everything o offered without filters.
func (h *harness) recover(o offer) {
	h.t.Helper()
	h.must(h.a.RecoverResources(o.fw, o.agent, o.res.Allocate(o.role), nil, false))
}

// only returns the single offer of r.
func (h *harness) only(r *Result) offer {
	h.t.Helper()
	got := flatten(r)
	if len(got) != 1 {
		h.t.Fatalf("want exactly one offer, got %v", got)
	}
	return got[0]
}

// mountDisk returns an unreserved MOUNT disk of size at root.
func mountDisk(root string, size float64) resources.Resource {
	r, err := resources.ResourceFromProto(&mesos.Resource{
		Name:   proto.String("disk"),
		Type:   mesos.Value_SCALAR.Enum(),
		Scalar: &mesos.Value_Scalar{Value: proto.Float64(size)},
		Disk: &mesos.Resource_DiskInfo{Source: &mesos.Resource_DiskInfo_Source{
			Type:  mesos.Resource_DiskInfo_Source_MOUNT.Enum(),
			Mount: &mesos.Resource_DiskInfo_Source_Mount{Root: proto.String(root)},
		}},
	})
	if err != nil {
		panic(err)
	}
	return r
}

// volume returns a persistent volume of size reserved (dynamically) to
// role, shared or not.
func volume(id string, size float64, role string, shared bool) resources.Resource {
	pr := &mesos.Resource{
		Name:   proto.String("disk"),
		Type:   mesos.Value_SCALAR.Enum(),
		Scalar: &mesos.Value_Scalar{Value: proto.Float64(size)},
		Disk: &mesos.Resource_DiskInfo{
			Persistence: &mesos.Resource_DiskInfo_Persistence{Id: proto.String(id)},
			Volume:      &mesos.Volume{ContainerPath: proto.String("path"), Mode: mesos.Volume_RW.Enum()},
		},
		Reservations: []*mesos.Resource_ReservationInfo{{Type: mesos.Resource_ReservationInfo_DYNAMIC.Enum(), Role: proto.String(role)}},
	}
	if shared {
		pr.Shared = &mesos.Resource_SharedInfo{}
	}
	r, err := resources.ResourceFromProto(pr)
	if err != nil {
		panic(err)
	}
	return r
}
