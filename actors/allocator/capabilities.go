//lint:file-ignore SA1019 non-MULTI_ROLE frameworks still subscribe through FrameworkInfo.role

package allocator

import (
	"github.com/mactor/mactor/messages/mesos"
)

// frameworkCaps are the FrameworkInfo capabilities the allocator looks at.
type frameworkCaps struct {
	multiRole, revocable, gpu, shared, regionAware, refinement bool
}

func frameworkCapsOf(info *mesos.FrameworkInfo) frameworkCaps {
	var c frameworkCaps
	for _, cap := range info.GetCapabilities() {
		switch cap.GetType() {
		case mesos.FrameworkInfo_Capability_MULTI_ROLE:
			c.multiRole = true
		case mesos.FrameworkInfo_Capability_REVOCABLE_RESOURCES:
			c.revocable = true
		case mesos.FrameworkInfo_Capability_GPU_RESOURCES:
			c.gpu = true
		case mesos.FrameworkInfo_Capability_SHARED_RESOURCES:
			c.shared = true
		case mesos.FrameworkInfo_Capability_REGION_AWARE:
			c.regionAware = true
		case mesos.FrameworkInfo_Capability_RESERVATION_REFINEMENT:
			c.refinement = true
		}
	}
	return c
}

// frameworkRoles is Mesos's protobuf::framework::getRoles: the roles field
// for MULTI_ROLE frameworks, otherwise the single (deprecated) role, "*" by
// default.
func frameworkRoles(info *mesos.FrameworkInfo) []string {
	if frameworkCapsOf(info).multiRole {
		return info.GetRoles()
	}
	return []string{info.GetRole()}
}

// AgentCapabilities are the SlaveInfo capabilities an agent registered
// with (Mesos's protobuf::slave::Capabilities).
type AgentCapabilities struct {
	MultiRole              bool
	HierarchicalRole       bool
	ReservationRefinement  bool
	ResourceProvider       bool
	ResizeVolume           bool
	AgentOperationFeedback bool
	AgentDraining          bool
	TaskResourceLimits     bool
}

// AgentCapabilitiesOf reads SlaveInfo capabilities.
func AgentCapabilitiesOf(caps []*mesos.SlaveInfo_Capability) AgentCapabilities {
	var c AgentCapabilities
	for _, cap := range caps {
		switch cap.GetType() {
		case mesos.SlaveInfo_Capability_MULTI_ROLE:
			c.MultiRole = true
		case mesos.SlaveInfo_Capability_HIERARCHICAL_ROLE:
			c.HierarchicalRole = true
		case mesos.SlaveInfo_Capability_RESERVATION_REFINEMENT:
			c.ReservationRefinement = true
		case mesos.SlaveInfo_Capability_RESOURCE_PROVIDER:
			c.ResourceProvider = true
		case mesos.SlaveInfo_Capability_RESIZE_VOLUME:
			c.ResizeVolume = true
		case mesos.SlaveInfo_Capability_AGENT_OPERATION_FEEDBACK:
			c.AgentOperationFeedback = true
		case mesos.SlaveInfo_Capability_AGENT_DRAINING:
			c.AgentDraining = true
		case mesos.SlaveInfo_Capability_TASK_RESOURCE_LIMITS:
			c.TaskResourceLimits = true
		}
	}
	return c
}

// AllAgentCapabilities is what a Mesos 1.11 agent registers with (the
// AGENT_CAPABILITIES() of Mesos's tests).
func AllAgentCapabilities() AgentCapabilities {
	return AgentCapabilities{true, true, true, true, true, true, true, true}
}
