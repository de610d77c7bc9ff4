package bench

import (
	"fmt"
	"slices"
	"time"

	"google.golang.org/protobuf/proto"

	"github.com/mactor/mactor/actors/allocator"
	"github.com/mactor/mactor/internal/resources"
	"github.com/mactor/mactor/messages/mesos"
)

// start is the simulated clock's origin.
var start = time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)

// newAllocator returns an initialized allocator with Mesos's default
// options, the named sorters and a manual clock.
func newAllocator(sorter string, seed uint64) (*allocator.Allocator, *allocator.ManualClock, error) {
	if sorter == "" {
		sorter = allocator.SorterDRF
	}
	policy, err := allocator.Sorted(sorter, sorter)
	if err != nil {
		return nil, nil, err
	}
	clock := allocator.NewManualClock(start)
	a := allocator.New(allocator.Config{Policy: policy, Clock: clock, Seed: seed})
	if err := a.Initialize(allocator.DefaultOptions()); err != nil {
		return nil, nil, err
	}
	return a, clock, nil
}

func agentInfo(id string) *mesos.SlaveInfo {
	return &mesos.SlaveInfo{Hostname: proto.String(id), Id: &mesos.SlaveID{Value: proto.String(id)}}
}

func frameworkInfo(id string, roles ...string) *mesos.FrameworkInfo {
	return &mesos.FrameworkInfo{
		User: proto.String("user"), Name: proto.String(id),
		Id:           &mesos.FrameworkID{Value: proto.String(id)},
		Roles:        roles,
		Capabilities: []*mesos.FrameworkInfo_Capability{{Type: mesos.FrameworkInfo_Capability_MULTI_ROLE.Enum()}},
	}
}

func mustParse(s string) resources.Resources {
	r, err := resources.Parse(s, resources.RoleStar)
	if err != nil {
		panic(fmt.Sprintf("bench: %s: %v", s, err))
	}
	return r
}

// Stats summarises durations.
type Stats struct {
	N        int
	P50, Max time.Duration
	Total    time.Duration
}

// StatsOf computes the median, maximum and sum of ds.
func StatsOf(ds []time.Duration) Stats {
	if len(ds) == 0 {
		return Stats{}
	}
	s := slices.Clone(ds)
	slices.Sort(s)
	var total time.Duration
	for _, d := range s {
		total += d
	}
	return Stats{N: len(s), P50: s[len(s)/2], Max: s[len(s)-1], Total: total}
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
