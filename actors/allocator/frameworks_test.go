//lint:file-ignore SA1019 tests frameworks that use the legacy FrameworkInfo.role

package allocator

import (
	"errors"
	"testing"
	"time"

	"google.golang.org/protobuf/proto"

	"github.com/mactor/mactor/internal/resources"
	"github.com/mactor/mactor/messages/mesos"
	schedulerv1 "github.com/mactor/mactor/messages/mesos/v1/scheduler"
)

func constraint(role string, groups ...[]*schedulerv1.AttributeConstraint) *schedulerv1.OfferConstraints {
	rc := &schedulerv1.OfferConstraints_RoleConstraints{}
	for _, g := range groups {
		rc.Groups = append(rc.Groups, &schedulerv1.OfferConstraints_RoleConstraints_Group{AttributeConstraints: g})
	}
	return &schedulerv1.OfferConstraints{RoleConstraints: map[string]*schedulerv1.OfferConstraints_RoleConstraints{role: rc}}
}

func attrEquals(name, value string) *schedulerv1.AttributeConstraint {
	return &schedulerv1.AttributeConstraint{
		Selector:  &schedulerv1.AttributeConstraint_Selector{Selector: &schedulerv1.AttributeConstraint_Selector_AttributeName{AttributeName: name}},
		Predicate: &schedulerv1.AttributeConstraint_Predicate{Predicate: &schedulerv1.AttributeConstraint_Predicate_TextEquals_{TextEquals: &schedulerv1.AttributeConstraint_Predicate_TextEquals{Value: proto.String(value)}}},
	}
}

func hostMatches(re string) *schedulerv1.AttributeConstraint {
	return &schedulerv1.AttributeConstraint{
		Selector:  &schedulerv1.AttributeConstraint_Selector{Selector: &schedulerv1.AttributeConstraint_Selector_PseudoattributeType_{PseudoattributeType: schedulerv1.AttributeConstraint_Selector_HOSTNAME}},
		Predicate: &schedulerv1.AttributeConstraint_Predicate{Predicate: &schedulerv1.AttributeConstraint_Predicate_TextMatches_{TextMatches: &schedulerv1.AttributeConstraint_Predicate_TextMatches{Regex: proto.String(re)}}},
	}
}

func attrNotExists(name string) *schedulerv1.AttributeConstraint {
	return &schedulerv1.AttributeConstraint{
		Selector:  &schedulerv1.AttributeConstraint_Selector{Selector: &schedulerv1.AttributeConstraint_Selector_AttributeName{AttributeName: name}},
		Predicate: &schedulerv1.AttributeConstraint_Predicate{Predicate: &schedulerv1.AttributeConstraint_Predicate_NotExists_{NotExists: &schedulerv1.AttributeConstraint_Predicate_NotExists{}}},
	}
}

func scalarAttribute(name string, v float64) *mesos.Attribute {
	return &mesos.Attribute{Name: proto.String(name), Type: mesos.Value_SCALAR.Enum(), Scalar: &mesos.Value_Scalar{Value: proto.Float64(v)}}
}

// Offer constraints (Mesos's OfferConstraintsFilter, see
// src/tests/master/offer_constraints_filter_tests.cpp).
func TestOfferConstraints(t *testing.T) {
	withAttrs := func(attrs ...*mesos.Attribute) *mesos.SlaveInfo {
		info := slaveInfo("agent-x")
		info.Attributes = attrs
		return info
	}
	tests := []struct {
		name     string
		c        *schedulerv1.OfferConstraints
		info     *mesos.SlaveInfo
		excluded bool
	}{
		{"OfferConstraintsFilter.NamedAttributeTextEquals: equal", constraint("r", []*schedulerv1.AttributeConstraint{attrEquals("bar", "baz")}), withAttrs(textAttribute("bar", "baz")), false},
		{"OfferConstraintsFilter.NamedAttributeTextEquals: not text", constraint("r", []*schedulerv1.AttributeConstraint{attrEquals("bar", "baz")}), withAttrs(scalarAttribute("bar", 123)), false},
		{"OfferConstraintsFilter.NamedAttributeTextEquals: different", constraint("r", []*schedulerv1.AttributeConstraint{attrEquals("bar", "baz")}), withAttrs(textAttribute("bar", "zab")), true},
		{"OfferConstraintsFilter.NamedAttributeTextEquals: missing", constraint("r", []*schedulerv1.AttributeConstraint{attrEquals("bar", "baz")}), withAttrs(textAttribute("foo", "baz")), true},
		{"OfferConstraintsFilter.TwoAttributesWithTheSameName: first counts", constraint("r", []*schedulerv1.AttributeConstraint{attrEquals("bar", "baz")}), withAttrs(textAttribute("bar", "foo"), textAttribute("bar", "baz")), true},
		{"OfferConstraintsFilter.NamedAttributeNotExists", constraint("r", []*schedulerv1.AttributeConstraint{attrNotExists("bar")}), withAttrs(scalarAttribute("bar", 1)), true},
		{"hostname matches (full match)", constraint("r", []*schedulerv1.AttributeConstraint{hostMatches("agent-.")}), withAttrs(), false},
		{"hostname does not fully match", constraint("r", []*schedulerv1.AttributeConstraint{hostMatches("agent")}), withAttrs(), true},
		{"OfferConstraintsFilter.TwoConstraintsInGroup: all must hold", constraint("r", []*schedulerv1.AttributeConstraint{attrEquals("a", "1"), attrEquals("b", "2")}), withAttrs(textAttribute("a", "1"), textAttribute("b", "3")), true},
		{"OfferConstraintsFilter.TwoGroups: one suffices", constraint("r", []*schedulerv1.AttributeConstraint{attrEquals("a", "1")}, []*schedulerv1.AttributeConstraint{attrEquals("b", "2")}), withAttrs(textAttribute("b", "2")), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			oc, err := compileOfferConstraints(tt.c)
			if err != nil {
				t.Fatal(err)
			}
			if got := oc.excludes("r", tt.info); got != tt.excluded {
				t.Fatalf("excludes = %v, want %v", got, tt.excluded)
			}
			if oc.excludes("other-role", tt.info) {
				t.Fatal("a role without constraints excludes nothing (OfferConstraintsFilter.TwoRoles)")
			}
		})
	}
	if _, err := compileOfferConstraints(constraint("r", []*schedulerv1.AttributeConstraint{hostMatches("(")})); !errors.Is(err, ErrInvalidOption) {
		t.Fatalf("OfferConstraintsFilter.InvalidTextMatches: %v", err)
	}
}

// Framework lifecycle calls (Mesos's addFramework, removeFramework,
// updateFramework, requestResources).
func TestFrameworks(t *testing.T) {
	r := res("cpus:2;mem:1024")
	runScenarios(t, []scenario{
		{
			name:  "offer constraints exclude agents for a role",
			mesos: "hierarchical.cpp __generateOffers (offerConstraintsFilter.isAgentExcluded)",
			run: func(h *harness) {
				a1 := h.addAgent(r)
				h.addAgent(r, agentOpts{info: func(i *mesos.SlaveInfo) { i.Attributes = []*mesos.Attribute{textAttribute("rack", "r1")} }})
				info := h.frameworkInfo([]string{"role"})
				f := info.GetId().GetValue()
				h.must(h.a.AddFramework(f, info, nil, true, FrameworkOptions{OfferConstraints: constraint("role", []*schedulerv1.AttributeConstraint{attrNotExists("rack")})}))
				h.expect(h.pending(), offer{f, "role", a1, r})
			},
		},
		{
			name:  "resources a framework already uses count towards its share",
			mesos: "HierarchicalAllocatorTest.NoDoubleAccounting (addFramework and addSlave with used resources)",
			run: func(h *harness) {
				info1 := h.frameworkInfo([]string{"ROLE1"})
				f1 := info1.GetId().GetValue()
				info2 := h.frameworkInfo([]string{"ROLE2"})
				f2 := info2.GetId().GetValue()
				one := res("cpus:1")
				h.must(h.a.AddFramework(f1, info1, map[string]resources.Resources{"agent1": one.Allocate("ROLE1")}, true, FrameworkOptions{}))
				h.addAgent(one, agentOpts{used: map[string]resources.Resources{f1: one.Allocate("ROLE1")}})
				h.addAgent(one, agentOpts{used: map[string]resources.Resources{f2: one.Allocate("ROLE2")}})
				h.must(h.a.AddFramework(f2, info2, map[string]resources.Resources{"agent2": one.Allocate("ROLE2")}, true, FrameworkOptions{}))
				r1 := h.a.roles.get("ROLE1").offeredOrAllocatedUnreserved
				r2 := h.a.roles.get("ROLE2").offeredOrAllocatedUnreserved
				if !r1.Equal(r2) || r1.String() != "cpus:1" {
					h.t.Fatalf("ROLE1 %v, ROLE2 %v: want cpus:1 each", r1, r2)
				}
			},
		},
		{
			name:  "removing a framework makes what it held available",
			mesos: "hierarchical.cpp removeFramework",
			run: func(h *harness) {
				a := h.addAgent(r)
				f1 := h.addFramework([]string{"role"})
				h.expect(h.pending(), offer{f1, "role", a, r})
				f2 := h.addFramework([]string{"role"})
				h.expectNone(h.pending())
				h.must(h.a.RemoveFramework(f1))
				h.expect(h.tick(), offer{f2, "role", a, r})
				if err := h.a.RemoveFramework(f1); !errors.Is(err, ErrUnknownFramework) {
					h.t.Fatalf("second removal: %v", err)
				}
			},
		},
		{
			name:  "updating roles tracks new ones and drops old ones with their filters",
			mesos: "hierarchical.cpp updateFramework",
			run: func(h *harness) {
				a := h.addAgent(r)
				info := h.frameworkInfo([]string{"r1"})
				f := info.GetId().GetValue()
				h.must(h.a.AddFramework(f, info, nil, true, FrameworkOptions{}))
				h.expect(h.pending(), offer{f, "r1", a, r})
				h.decline(offer{f, "r1", a, r}, 1000)
				info.Roles = []string{"r2"}
				h.must(h.a.UpdateFramework(f, info, FrameworkOptions{}))
				h.expect(h.tick(), offer{f, "r2", a, r})
				h.recover(offer{f, "r2", a, r})
				info.Roles = []string{"r1", "r2"}
				h.must(h.a.UpdateFramework(f, info, FrameworkOptions{SuppressedRoles: []string{"r2"}}))
				h.expect(h.tick(), offer{f, "r1", a, r}) // the r1 filter went with the role
				h.recover(offer{f, "r1", a, r})
				h.must(h.a.UpdateFramework(f, info, FrameworkOptions{SuppressedRoles: []string{"r1"}}))
				h.expect(h.tick(), offer{f, "r2", a, r})
			},
		},
		{
			name:  "a framework that leaves a role keeps it while it holds resources there",
			mesos: "hierarchical.cpp tryUntrackFrameworkUnderRole / untrackAllocatedResources",
			run: func(h *harness) {
				a := h.addAgent(r)
				info := h.frameworkInfo([]string{"r1"})
				f := info.GetId().GetValue()
				h.must(h.a.AddFramework(f, info, nil, true, FrameworkOptions{}))
				h.expect(h.pending(), offer{f, "r1", a, r})
				info.Roles = []string{"r2"}
				h.must(h.a.UpdateFramework(f, info, FrameworkOptions{}))
				if h.a.roles.get("r1") == nil {
					h.t.Fatal("r1 untracked while the framework holds resources in it")
				}
				h.recover(offer{f, "r1", a, r})
				if h.a.roles.get("r1") != nil {
					h.t.Fatal("r1 still tracked")
				}
				h.expect(h.tick(), offer{f, "r2", a, r})
			},
		},
		{
			name:  "non-MULTI_ROLE frameworks use FrameworkInfo.role",
			mesos: "protobuf::framework::getRoles",
			run: func(h *harness) {
				a := h.addAgent(r)
				info := &mesos.FrameworkInfo{User: proto.String("u"), Name: proto.String("old"), Id: &mesos.FrameworkID{Value: proto.String("old")}, Role: proto.String("legacy")}
				h.must(h.a.AddFramework("old", info, nil, true, FrameworkOptions{}))
				h.expect(h.pending(), offer{"old", "legacy", a, r})
				info2 := &mesos.FrameworkInfo{User: proto.String("u"), Name: proto.String("star"), Id: &mesos.FrameworkID{Value: proto.String("star")}}
				h.must(h.a.AddFramework("star", info2, nil, true, FrameworkOptions{}))
				if h.a.roles.get("*") == nil {
					h.t.Fatal("a framework without role is in \"*\"")
				}
			},
		},
		{
			name:  "invalid roles and calls are rejected without effect",
			mesos: "roles::validate (src/common/roles.cpp) and the allocator's CHECKs",
			run: func(h *harness) {
				for _, role := range []string{"", "/a", "a/", "a//b", ".", "a/..", "a/*", "-a", "a b"} {
					info := h.frameworkInfo([]string{role})
					if err := h.a.AddFramework(info.GetId().GetValue(), info, nil, true, FrameworkOptions{}); !errors.Is(err, ErrInvalidRole) {
						h.t.Fatalf("role %q: %v", role, err)
					}
				}
				f := h.addFramework([]string{"ok"})
				if err := h.a.AddFramework(f, h.frameworkInfo([]string{"ok"}), nil, true, FrameworkOptions{}); err == nil {
					h.t.Fatal("mismatched FrameworkInfo.id accepted")
				}
				info := h.frameworkInfo([]string{"ok"})
				if err := h.a.AddFramework(info.GetId().GetValue(), info, nil, true, FrameworkOptions{SuppressedRoles: []string{"other"}}); !errors.Is(err, ErrInvalidRole) {
					h.t.Fatalf("suppressing an unsubscribed role: %v", err)
				}
				if err := h.a.AddFramework(info.GetId().GetValue(), info, map[string]resources.Resources{"agent1": res("cpus:1")}, true, FrameworkOptions{}); !errors.Is(err, ErrInvalidResources) {
					h.t.Fatalf("used resources without allocation role: %v", err)
				}
				for _, err := range []error{
					h.a.ActivateFramework("nope"),
					h.a.DeactivateFramework("nope"),
					h.a.SuppressOffers("nope", nil),
					h.a.ReviveOffers("nope", nil),
					h.a.RequestResources("nope", nil),
					h.a.UpdateFramework("nope", h.frameworkInfo([]string{"x"}), FrameworkOptions{}),
				} {
					if !errors.Is(err, ErrUnknownFramework) {
						h.t.Fatalf("unknown framework: %v", err)
					}
				}
				h.must(h.a.RequestResources(f, []*mesos.Request{{}}))
				if err := h.a.UpdateWeights([]*mesos.WeightInfo{{Weight: proto.Float64(2)}}); !errors.Is(err, ErrInvalidRole) {
					h.t.Fatalf("weight without role: %v", err)
				}
			},
		},
	})
}

// Initialize, Recover, Pause and Resume.
func TestLifecycle(t *testing.T) {
	t.Run("calls before Initialize fail", func(t *testing.T) {
		a := New(Config{})
		if err := a.AddSlave("a", slaveInfo("a"), AllAgentCapabilities(), nil, nil, nil); !errors.Is(err, ErrNotInitialized) {
			t.Fatalf("AddSlave: %v", err)
		}
		if r := a.Allocate(); !r.Empty() {
			t.Fatal("uninitialized allocator allocated")
		}
		if err := a.Initialize(Options{AllocationInterval: -1}); !errors.Is(err, ErrInvalidOption) {
			t.Fatalf("negative interval: %v", err)
		}
	})
	runScenarios(t, []scenario{
		{
			name:  "pause stops cycles and drops event triggers; resume restarts them",
			mesos: "hierarchical.cpp pause/resume and generateOffers (paused: no candidates)",
			run: func(h *harness) {
				h.a.Pause()
				r := res("cpus:1;mem:64")
				a := h.addAgent(r)
				f := h.addFramework([]string{"role"})
				if h.a.Pending() {
					h.t.Fatal("paused allocator has pending cycles")
				}
				h.expectNone(h.tick())
				h.a.Resume()
				h.expectNone(h.pending())
				h.expect(h.tick(), offer{f, "role", a, r})
			},
		},
		{
			name:  "recovery with quota pauses until enough agents come back",
			mesos: "hierarchical.cpp recover (agentRecoveryFactor) and addSlave (resume)",
			run: func(h *harness) {
				h.must(h.a.Recover(10, map[string]Quota{"q": quota("cpus:1", "cpus:1")}))
				if !h.a.Paused() {
					h.t.Fatal("not paused")
				}
				f := h.addFramework([]string{"q"})
				for i := 0; i < 7; i++ {
					h.addAgent(res("cpus:1;mem:64"))
				}
				h.expectNone(h.tick())
				h.addAgent(res("cpus:1;mem:64")) // 8 = 0.8 × 10
				if h.a.Paused() {
					h.t.Fatal("still paused after 8 of 10 agents")
				}
				if got := flatten(h.tick()); len(got) == 0 || got[0].fw != f {
					h.t.Fatalf("got %v", got)
				}
			},
		},
		{
			name:  "recovery ends at the timeout",
			mesos: "hierarchical.cpp recover (delay(recoveryTimeout, resume))",
			run: func(h *harness) {
				h.must(h.a.Recover(10, map[string]Quota{"q": quota("cpus:1", "cpus:1")}))
				deadline, ok := h.a.RecoveryDeadline()
				if !ok || !deadline.Equal(epoch.Add(DefaultRecoveryTimeout)) {
					h.t.Fatalf("deadline %v %v", deadline, ok)
				}
				a := h.addAgent(res("cpus:1;mem:64"))
				f := h.addFramework([]string{"r"})
				h.expectNone(h.tick(DefaultRecoveryTimeout - 2*time.Second))
				// The cpu is held back as headroom for q's guarantee.
				h.expect(h.tick(2*time.Second), offer{f, "r", a, res("mem:64")})
			},
		},
		{
			name:  "recovery without quota does not pause",
			mesos: "hierarchical.cpp recover (quotas.empty())",
			run: func(h *harness) {
				h.must(h.a.Recover(10, nil))
				if h.a.Paused() {
					h.t.Fatal("paused")
				}
			},
		},
	})
}
