package bench

import (
	"fmt"
	"runtime"
	"time"

	"github.com/mactor/mactor/actors/allocator"
	"github.com/mactor/mactor/internal/resources"
)

// LargeAndSmallQuotaConfig configures LargeAndSmallQuota. Mesos's /2 is
// 2,500 small and 500 large roles, one framework each, with the "drf"
// sorter.
type LargeAndSmallQuotaConfig struct {
	SmallRoles, LargeRoles int
	FrameworksPerRole      int
	Sorter                 string
	Seed                   uint64
}

// LargeAndSmallQuotaResult holds the measurements.
type LargeAndSmallQuotaResult struct {
	Agents, Roles, Frameworks int
	AddAgents, AddFrameworks  time.Duration
	// Allocation is the cycle that satisfies the quotas; Offers the
	// offers it made (Mesos: "Made 3500 allocations").
	Allocation time.Duration
	Offers     int
	// EmptyCycle is the next cycle, which has nothing to offer;
	// EmptyOffers should be 0.
	EmptyCycle  time.Duration
	EmptyOffers int
}

// LargeAndSmallQuota runs Mesos's
// BENCHMARK_HierarchicalAllocator_WithQuotaParam.LargeAndSmallQuota:
// agents of cpus:2;mem:2048;disk:2048 (small/5 + large×5 of them), roles
// with quota guarantee = limit of cpus:1;mem:1024;disk:1024 (small, half an
// agent) or cpus:4;mem:4096;disk:4096 (large, two agents), frameworks
// added and quotas set while paused, then one periodic cycle that makes
// the quota allocations and another that finds nothing to do.
func LargeAndSmallQuota(cfg LargeAndSmallQuotaConfig) (*LargeAndSmallQuotaResult, error) {
	if cfg.FrameworksPerRole <= 0 {
		cfg.FrameworksPerRole = 1
	}
	a, clock, err := newAllocator(cfg.Sorter, cfg.Seed)
	if err != nil {
		return nil, err
	}
	agents := cfg.SmallRoles/5 + cfg.LargeRoles*5
	out := &LargeAndSmallQuotaResult{Agents: agents, Roles: cfg.SmallRoles + cfg.LargeRoles}
	total := mustParse("cpus:2;mem:2048;disk:2048")
	t0 := time.Now()
	for i := 0; i < agents; i++ {
		id := fmt.Sprintf("agent-%d", i)
		if err := a.AddSlave(id, agentInfo(id), allocator.AllAgentCapabilities(), nil, total, nil); err != nil {
			return nil, err
		}
	}
	out.AddAgents = time.Since(t0)

	a.Pause()
	type quotaRole struct {
		name  string
		quota allocator.Quota
	}
	var roles []quotaRole
	small := quotaOf("cpus:1;mem:1024;disk:1024")
	large := quotaOf("cpus:4;mem:4096;disk:4096")
	for i := 0; i < cfg.SmallRoles; i++ {
		roles = append(roles, quotaRole{fmt.Sprintf("smallQuotaRole%d", i), small})
	}
	for i := 0; i < cfg.LargeRoles; i++ {
		roles = append(roles, quotaRole{fmt.Sprintf("largeQuotaRole%d", i), large})
	}
	t0 = time.Now()
	for _, r := range roles {
		for j := 0; j < cfg.FrameworksPerRole; j++ {
			id := fmt.Sprintf("framework_%s-%d", r.name, j)
			if err := a.AddFramework(id, frameworkInfo(id, r.name), nil, true, allocator.FrameworkOptions{}); err != nil {
				return nil, err
			}
			out.Frameworks++
		}
	}
	out.AddFrameworks = time.Since(t0)
	for _, r := range roles {
		if err := a.UpdateQuota(r.name, r.quota); err != nil {
			return nil, err
		}
	}
	a.Resume()

	clock.Advance(allocator.DefaultAllocationInterval)
	t0 = time.Now()
	res := a.Allocate()
	out.Allocation = time.Since(t0)
	out.Offers = res.Count()

	clock.Advance(allocator.DefaultAllocationInterval)
	t0 = time.Now()
	res = a.Allocate()
	out.EmptyCycle = time.Since(t0)
	out.EmptyOffers = res.Count()
	runtime.KeepAlive(a)
	return out, nil
}

func quotaOf(s string) allocator.Quota {
	q, err := resources.ParseQuantities(s)
	if err != nil {
		panic(err)
	}
	return allocator.Quota{Guarantees: q, Limits: resources.Limits(q.Clone())}
}
