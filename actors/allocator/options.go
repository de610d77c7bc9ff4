package allocator

import (
	"fmt"
	"time"

	"github.com/mactor/mactor/internal/resources"
	"github.com/mactor/mactor/messages/mesos"
)

// Mesos's defaults (src/master/constants.hpp, src/master/flags.cpp,
// include/mesos/allocator/allocator.hpp).
const (
	// DefaultAllocationInterval is --allocation_interval.
	DefaultAllocationInterval = time.Second
	// DefaultRefuseSeconds is Filters.refuse_seconds' default.
	DefaultRefuseSeconds = 5.0
	// MaxRefuse caps refuse filters (365 days).
	MaxRefuse = 365 * 24 * time.Hour
	// DefaultWeight is a role's weight until updateWeights says otherwise.
	DefaultWeight = 1.0
	// DefaultRecoveryTimeout is --allocator_recovery_timeout.
	DefaultRecoveryTimeout = 10 * time.Minute
	// DefaultAgentRecoveryFactor is --allocator_agent_recovery_factor.
	DefaultAgentRecoveryFactor = 0.8
	// DefaultMinAllocatableResources is --min_allocatable_resources.
	DefaultMinAllocatableResources = "cpus:0.01|mem:32"
)

// Options are the arguments of Initialize: Mesos's allocator::Options.
// DefaultOptions returns Mesos's defaults; the zero value differs from them
// (no minimum allocatable resources, no GPU filtering, default interval).
type Options struct {
	// AllocationInterval is the period of allocation cycles; zero means
	// DefaultAllocationInterval. Refuse filters last at least this long.
	AllocationInterval time.Duration
	// FairnessExcludeResourceNames do not count towards DRF shares.
	FairnessExcludeResourceNames []string
	// FilterGPUResources offers agents with GPUs only to frameworks with
	// the GPU_RESOURCES capability (Mesos's default: true).
	FilterGPUResources bool
	// Domain is the master's fault domain; agents in another region are
	// offered only to REGION_AWARE frameworks.
	Domain *mesos.DomainInfo
	// MinAllocatableResources are alternatives: resources are offered only
	// if they contain at least one entry. Nil means any non-empty
	// resources are allocatable.
	MinAllocatableResources []resources.Quantities
	// MaxCompletedFrameworks and PublishPerFrameworkMetrics are accepted
	// for completeness; this allocator keeps no metrics of its own.
	MaxCompletedFrameworks     int
	PublishPerFrameworkMetrics bool
	// RecoveryTimeout bounds the pause that Recover starts when quota
	// exists (zero means DefaultRecoveryTimeout).
	RecoveryTimeout time.Duration
	// AgentRecoveryFactor is the fraction of the expected agents that must
	// come back before Recover's pause ends (zero means the default).
	AgentRecoveryFactor float64
}

// DefaultOptions returns the options a Mesos master starts its allocator
// with by default.
func DefaultOptions() Options {
	min, err := resources.ParseMinAllocatable(DefaultMinAllocatableResources)
	if err != nil {
		panic(err)
	}
	return Options{
		AllocationInterval:         DefaultAllocationInterval,
		FilterGPUResources:         true,
		MinAllocatableResources:    min,
		MaxCompletedFrameworks:     50,
		PublishPerFrameworkMetrics: true,
		RecoveryTimeout:            DefaultRecoveryTimeout,
		AgentRecoveryFactor:        DefaultAgentRecoveryFactor,
	}
}

func (o *Options) normalize() error {
	if o.AllocationInterval == 0 {
		o.AllocationInterval = DefaultAllocationInterval
	}
	if o.AllocationInterval < 0 {
		return fmt.Errorf("%w: negative allocation interval %v", ErrInvalidOption, o.AllocationInterval)
	}
	if o.RecoveryTimeout == 0 {
		o.RecoveryTimeout = DefaultRecoveryTimeout
	}
	if o.AgentRecoveryFactor == 0 {
		o.AgentRecoveryFactor = DefaultAgentRecoveryFactor
	}
	if o.AgentRecoveryFactor < 0 || o.AgentRecoveryFactor > 1 {
		return fmt.Errorf("%w: agent recovery factor %v outside [0, 1]", ErrInvalidOption, o.AgentRecoveryFactor)
	}
	return nil
}

// Config configures New: the parts of the allocator that are mactor's own
// rather than Mesos's options.
type Config struct {
	// Policy orders roles and frameworks; nil means DRF().
	Policy Policy
	// Clock tells time; nil means SystemClock.
	Clock Clock
	// Seed seeds every random choice (agent shuffles, shrinking, random
	// sorters), so the same calls with the same seed make the same
	// decisions.
	Seed uint64
	// Debug checks every invariant after every call and allocation cycle
	// and panics with an error wrapping ErrInvariant when one breaks. It
	// costs a full scan of the state per call.
	Debug bool
}
