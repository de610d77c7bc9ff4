package module

import (
	"context"

	"github.com/mactor/mactor/bridge/client"
	bridgev1 "github.com/mactor/mactor/messages/bridge/v1"
)

// MesosOptions are the allocator options a Mesos master started with its
// default flags passes to Allocator::initialize: a 1 s allocation
// interval, --min_allocatable_resources cpus:0.01|mem:32, GPU filtering,
// 50 completed frameworks kept, a 10 min recovery timeout and an agent
// recovery factor of 0.8.
func MesosOptions() *bridgev1.Call_Initialize {
	return &bridgev1.Call_Initialize{
		AllocationIntervalSeconds: 1,
		FilterGpuResources:        true,
		MinAllocatableResources: []*bridgev1.ResourceQuantities{
			{Quantities: map[string]float64{"cpus": 0.01}},
			{Quantities: map[string]float64{"mem": 32}},
		},
		MaxCompletedFrameworks:     50,
		PublishPerFrameworkMetrics: true,
		RecoveryTimeoutSeconds:     600,
		AgentRecoveryFactor:        0.8,
	}
}

// Initialize is Allocator::initialize, the first call a master makes when
// it starts (the callbacks are the SUBSCRIBE stream).
func (b *Bridge) Initialize(ctx context.Context, opts *bridgev1.Call_Initialize) error {
	return b.queue(ctx, client.InitializeCall(opts))
}

// Recover is Allocator::recover, which a Mesos master calls once it has
// read its registry: the number of agents it expects back and the quotas.
// A fresh simulated master expects none and has no quotas.
func (b *Bridge) Recover(ctx context.Context, expectedAgents int32) error {
	return b.queue(ctx, client.RecoverCall(&bridgev1.Call_Recover{ExpectedAgentCount: expectedAgents}))
}
