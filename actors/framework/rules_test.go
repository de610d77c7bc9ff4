package framework_test

import (
	"slices"
	"testing"
	"time"

	"github.com/mactor/mactor/actors/framework"
	"github.com/mactor/mactor/bridge/bridgetest"
	"github.com/mactor/mactor/bridge/owner"
	bridgev1 "github.com/mactor/mactor/messages/bridge/v1"
	mesos "github.com/mactor/mactor/messages/mesos"
)

var at = time.Unix(1000, 0)

func fold(calls ...*bridgev1.Call) *bridgev1.FrameworkRecord {
	r := framework.Rules()
	rec := r.New(owner.Key{Kind: owner.Framework, ID: "fw-1"})
	for _, c := range calls {
		r.Apply(rec, c, at)
	}
	return rec
}

func sample(t bridgev1.Call_Type) *bridgev1.Call { return bridgetest.Sample(t, 1) }

func cpus(r []*mesos.Resource) float64 {
	var sum float64
	for _, x := range r {
		if x.GetName() == "cpus" {
			sum += x.GetScalar().GetValue()
		}
	}
	return sum
}

func TestFrameworkRules(t *testing.T) {
	recoverCall := func(allocated bool, cpu, refuse float64) *bridgev1.Call {
		c := sample(bridgev1.Call_RECOVER_RESOURCES)
		rr := c.GetRecoverResources()
		rr.IsAllocated, rr.Resources = allocated, []*mesos.Resource{bridgetest.Scalar("cpus", cpu)}
		rr.Filters = &mesos.Filters{RefuseSeconds: &refuse}
		return c
	}
	suppress := func(roles ...string) *bridgev1.Call {
		c := sample(bridgev1.Call_SUPPRESS_OFFERS)
		c.GetSuppressOffers().Roles = roles
		return c
	}
	revive := func(roles ...string) *bridgev1.Call {
		c := sample(bridgev1.Call_REVIVE_OFFERS)
		c.GetReviveOffers().Roles = roles
		return c
	}
	cases := []struct {
		name  string
		calls []*bridgev1.Call
		check func(*bridgev1.FrameworkRecord) bool
	}{
		{"add", []*bridgev1.Call{sample(bridgev1.Call_ADD_FRAMEWORK)}, func(r *bridgev1.FrameworkRecord) bool {
			return r.GetAdded() && r.GetActive() && !r.GetRemoved() && r.GetFrameworkInfo().GetName() == "framework-1" && cpus(r.GetAllocations()[0].GetAllocated()) == 1
		}},
		{"remove clears", []*bridgev1.Call{sample(bridgev1.Call_ADD_FRAMEWORK), suppress(), sample(bridgev1.Call_REMOVE_FRAMEWORK)}, func(r *bridgev1.FrameworkRecord) bool {
			return r.GetRemoved() && !r.GetAdded() && !r.GetActive() && len(r.GetAllocations()) == 0 && len(r.GetSuppressedRoles()) == 0
		}},
		{"re-add after remove", []*bridgev1.Call{sample(bridgev1.Call_ADD_FRAMEWORK), sample(bridgev1.Call_REMOVE_FRAMEWORK), sample(bridgev1.Call_ADD_FRAMEWORK)}, func(r *bridgev1.FrameworkRecord) bool {
			return r.GetAdded() && !r.GetRemoved()
		}},
		{"deactivate, activate", []*bridgev1.Call{sample(bridgev1.Call_ADD_FRAMEWORK), sample(bridgev1.Call_DEACTIVATE_FRAMEWORK)}, func(r *bridgev1.FrameworkRecord) bool { return !r.GetActive() }},
		{"update takes the options' suppressed roles", []*bridgev1.Call{sample(bridgev1.Call_ADD_FRAMEWORK), sample(bridgev1.Call_UPDATE_FRAMEWORK)}, func(r *bridgev1.FrameworkRecord) bool {
			return slices.Equal(r.GetSuppressedRoles(), []string{"batch"}) && r.GetFrameworkInfo().GetRoles()[0] == "batch"
		}},
		{"suppress all roles", []*bridgev1.Call{sample(bridgev1.Call_ADD_FRAMEWORK), suppress()}, func(r *bridgev1.FrameworkRecord) bool {
			return slices.Equal(r.GetSuppressedRoles(), []string{"analytics"})
		}},
		{"suppress twice is a set", []*bridgev1.Call{suppress("b", "a"), suppress("a")}, func(r *bridgev1.FrameworkRecord) bool {
			return slices.Equal(r.GetSuppressedRoles(), []string{"a", "b"})
		}},
		{"revive one role", []*bridgev1.Call{suppress("a", "b"), revive("a")}, func(r *bridgev1.FrameworkRecord) bool {
			return slices.Equal(r.GetSuppressedRoles(), []string{"b"})
		}},
		{"revive all clears filters", []*bridgev1.Call{sample(bridgev1.Call_ADD_FRAMEWORK), recoverCall(true, 1, 5), suppress("a"), revive()}, func(r *bridgev1.FrameworkRecord) bool {
			return len(r.GetSuppressedRoles()) == 0 && len(r.GetRefuseFilters()) == 0
		}},
		{"recover allocated with a filter", []*bridgev1.Call{sample(bridgev1.Call_ADD_FRAMEWORK), recoverCall(true, 1, 10)}, func(r *bridgev1.FrameworkRecord) bool {
			f := r.GetRefuseFilters()
			return len(r.GetAllocations()) == 0 && len(f) == 1 && f[0].GetExpiresUnixNanos() == at.Add(10*time.Second).UnixNano()
		}},
		{"recover without a filter", []*bridgev1.Call{sample(bridgev1.Call_ADD_FRAMEWORK), recoverCall(true, 1, 0)}, func(r *bridgev1.FrameworkRecord) bool {
			return len(r.GetRefuseFilters()) == 0
		}},
		{"recover as offered falls back to allocated", []*bridgev1.Call{sample(bridgev1.Call_ADD_FRAMEWORK), recoverCall(false, 1, 0)}, func(r *bridgev1.FrameworkRecord) bool {
			return len(r.GetAllocations()) == 0
		}},
		{"recover part of it", []*bridgev1.Call{sample(bridgev1.Call_ADD_FRAMEWORK), recoverCall(true, 0.25, 0)}, func(r *bridgev1.FrameworkRecord) bool {
			return cpus(r.GetAllocations()[0].GetAllocated()) == 0.75
		}},
		{"request resources", []*bridgev1.Call{sample(bridgev1.Call_REQUEST_RESOURCES)}, func(r *bridgev1.FrameworkRecord) bool { return len(r.GetRequests()) == 1 }},
		{"update allocation without conversions", []*bridgev1.Call{sample(bridgev1.Call_ADD_FRAMEWORK), sample(bridgev1.Call_UPDATE_ALLOCATION)}, func(r *bridgev1.FrameworkRecord) bool {
			return cpus(r.GetAllocations()[0].GetAllocated()) == 1
		}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if r := fold(tc.calls...); !tc.check(r) {
				t.Fatalf("record %v", r)
			}
		})
	}
}

func TestRoles(t *testing.T) {
	multi := bridgetest.FrameworkInfo(1, "f", "a")
	//lint:ignore SA1019 the single-role form is what is tested
	single := &mesos.FrameworkInfo{Role: ptr("b")}
	if !slices.Equal(framework.Roles(multi), []string{"a"}) || !slices.Equal(framework.Roles(single), []string{"b"}) || !slices.Equal(framework.Roles(nil), []string{"*"}) {
		t.Fatal("roles")
	}
}

func ptr[T any](v T) *T { return &v }
