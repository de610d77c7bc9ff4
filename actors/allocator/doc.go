// Package allocator is mactor's allocation core: the semantics of Apache
// Mesos 1.11's default (hierarchical DRF) allocator as a Go library, with
// the ordering pluggable through a Policy.
//
// An Allocator has one method per call of Mesos's allocator interface
// (include/mesos/allocator/allocator.hpp): AddFramework, RemoveFramework,
// ActivateFramework, DeactivateFramework, UpdateFramework, AddSlave,
// RemoveSlave, UpdateSlave, AddResourceProvider, ActivateSlave,
// DeactivateSlave, UpdateWhitelist, RequestResources, UpdateAllocation,
// UpdateAvailable, UpdateUnavailability, UpdateInverseOffer,
// GetInverseOfferStatuses, TransitionOfferedToAllocated, RecoverResources,
// SuppressOffers, ReviveOffers, UpdateQuota, UpdateWeights, Pause, Resume,
// Recover and Initialize. Where Mesos calls its offer callbacks from a
// timer, the caller drives cycles: Allocate runs a periodic cycle over all
// agents and AllocatePending the batched event-driven one (Pending says
// one is due). Both return a Result, per framework role → agent →
// resources, the shape of the bridge's OFFERS event.
//
// Time comes from a Clock and randomness from Config.Seed, so the same
// calls give the same decisions; Config.Debug checks the invariants after
// every call. The package is a library: the allocator actor owns one
// Allocator and is its only caller. docs/allocator.md describes the
// algorithm, how it matches and differs from Mesos's, how to write a
// Policy, and the benchmark figures.
package allocator
