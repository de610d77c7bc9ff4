package master

import (
	"context"

	mesosv1 "github.com/mactor/mactor/messages/mesos/v1"
)

// Module is what the master tells the allocator and hook modules, at the
// moments a real Mesos master calls them. Allocator calls are one-way: an
// implementation queues them and returns. The master calls them in order,
// one at a time.
type Module interface {
	// AddFramework is allocator addFramework, on a first SUBSCRIBE.
	AddFramework(ctx context.Context, info *mesosv1.FrameworkInfo, suppressedRoles []string) error
	// UpdateFramework is allocator updateFramework, on a resubscription or
	// UPDATE_FRAMEWORK.
	UpdateFramework(ctx context.Context, info *mesosv1.FrameworkInfo, suppressedRoles []string) error
	// ActivateFramework and DeactivateFramework follow the framework's
	// connection; RemoveFramework ends it (TEARDOWN, failover timeout).
	ActivateFramework(ctx context.Context, id *mesosv1.FrameworkID) error
	DeactivateFramework(ctx context.Context, id *mesosv1.FrameworkID) error
	RemoveFramework(ctx context.Context, id *mesosv1.FrameworkID) error
	// SuppressOffers and ReviveOffers are SUPPRESS and REVIVE (no roles:
	// all of the framework's roles).
	SuppressOffers(ctx context.Context, id *mesosv1.FrameworkID, roles []string) error
	ReviveOffers(ctx context.Context, id *mesosv1.FrameworkID, roles []string) error
	// RecoverResources returns resources to the allocator: declined or
	// unused offers (with the framework's filters; allocated false) and
	// the resources of ended tasks and executors (allocated true).
	RecoverResources(ctx context.Context, fw *mesosv1.FrameworkID, agent *mesosv1.AgentID, res []*mesosv1.Resource, filters *mesosv1.Filters, allocated bool) error
	// TransitionOfferedToAllocated reports the offered resources an
	// ACCEPT's tasks and executors now use (allocator
	// transitionOfferedToAllocated, as Mesos 1.11's master calls it on a
	// launch).
	TransitionOfferedToAllocated(ctx context.Context, fw *mesosv1.FrameworkID, agent *mesosv1.AgentID, res []*mesosv1.Resource) error
	// RequestResources is REQUEST.
	RequestResources(ctx context.Context, fw *mesosv1.FrameworkID, requests []*mesosv1.Request) error
	// LaunchTaskLabels is the masterLaunchTaskLabelDecorator hook: the
	// labels that replace the task's, or nil for no change.
	LaunchTaskLabels(ctx context.Context, task *mesosv1.TaskInfo, fw *mesosv1.FrameworkInfo, agent *mesosv1.AgentInfo) (*mesosv1.Labels, error)
}

// NopModule accepts every call and changes nothing.
type NopModule struct{}

var _ Module = NopModule{}

// AddFramework does nothing.
func (NopModule) AddFramework(context.Context, *mesosv1.FrameworkInfo, []string) error { return nil }

// UpdateFramework does nothing.
func (NopModule) UpdateFramework(context.Context, *mesosv1.FrameworkInfo, []string) error {
	return nil
}

// ActivateFramework does nothing.
func (NopModule) ActivateFramework(context.Context, *mesosv1.FrameworkID) error { return nil }

// DeactivateFramework does nothing.
func (NopModule) DeactivateFramework(context.Context, *mesosv1.FrameworkID) error { return nil }

// RemoveFramework does nothing.
func (NopModule) RemoveFramework(context.Context, *mesosv1.FrameworkID) error { return nil }

// SuppressOffers does nothing.
func (NopModule) SuppressOffers(context.Context, *mesosv1.FrameworkID, []string) error { return nil }

// ReviveOffers does nothing.
func (NopModule) ReviveOffers(context.Context, *mesosv1.FrameworkID, []string) error { return nil }

// RecoverResources does nothing.
func (NopModule) RecoverResources(context.Context, *mesosv1.FrameworkID, *mesosv1.AgentID, []*mesosv1.Resource, *mesosv1.Filters, bool) error {
	return nil
}

// TransitionOfferedToAllocated does nothing.
func (NopModule) TransitionOfferedToAllocated(context.Context, *mesosv1.FrameworkID, *mesosv1.AgentID, []*mesosv1.Resource) error {
	return nil
}

// RequestResources does nothing.
func (NopModule) RequestResources(context.Context, *mesosv1.FrameworkID, []*mesosv1.Request) error {
	return nil
}

// LaunchTaskLabels leaves the labels alone.
func (NopModule) LaunchTaskLabels(context.Context, *mesosv1.TaskInfo, *mesosv1.FrameworkInfo, *mesosv1.AgentInfo) (*mesosv1.Labels, error) {
	return nil, nil
}
