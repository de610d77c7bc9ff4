package bridgetest

import (
	"fmt"

	bridgev1 "github.com/mactor/mactor/messages/bridge/v1"
	mesos "github.com/mactor/mactor/messages/mesos"
	mesosallocator "github.com/mactor/mactor/messages/mesos/allocator"
	slave "github.com/mactor/mactor/messages/mesos/slave"
)

func ptr[T any](v T) *T { return &v }

// FrameworkID returns the id of sample framework n.
func FrameworkID(n int) *mesos.FrameworkID {
	return &mesos.FrameworkID{Value: ptr(fmt.Sprintf("fw-%d", n))}
}

// SlaveID returns the id of sample agent n.
func SlaveID(n int) *mesos.SlaveID { return &mesos.SlaveID{Value: ptr(fmt.Sprintf("agent-%d", n))} }

// Scalar is a scalar resource.
func Scalar(name string, v float64) *mesos.Resource {
	return &mesos.Resource{Name: ptr(name), Type: mesos.Value_SCALAR.Enum(), Scalar: &mesos.Value_Scalar{Value: ptr(v)}}
}

// FrameworkInfo is a sample framework named name with role role.
func FrameworkInfo(n int, name, role string) *mesos.FrameworkInfo {
	return &mesos.FrameworkInfo{
		Id: FrameworkID(n), User: ptr("nobody"), Name: ptr(name), Roles: []string{role}, Principal: ptr("principal-" + name),
		Capabilities: []*mesos.FrameworkInfo_Capability{{Type: mesos.FrameworkInfo_Capability_MULTI_ROLE.Enum()}},
	}
}

// SlaveInfo is a sample agent.
func SlaveInfo(n int) *mesos.SlaveInfo {
	return &mesos.SlaveInfo{Id: SlaveID(n), Hostname: ptr(fmt.Sprintf("host-%d", n)), Resources: []*mesos.Resource{Scalar("cpus", 4), Scalar("mem", 4096)}}
}

// ExecutorInfo is a sample executor of framework n.
func ExecutorInfo(n int) *mesos.ExecutorInfo {
	return &mesos.ExecutorInfo{
		ExecutorId: &mesos.ExecutorID{Value: ptr(fmt.Sprintf("exec-%d", n))}, FrameworkId: FrameworkID(n),
		Command: &mesos.CommandInfo{Value: ptr("sleep 10"), Environment: &mesos.Environment{Variables: []*mesos.Environment_Variable{{Name: ptr("EXISTING"), Value: ptr("1")}}}},
	}
}

// TaskInfo is a sample task on agent n, with one label.
func TaskInfo(n int) *mesos.TaskInfo {
	return &mesos.TaskInfo{
		Name: ptr("task"), TaskId: &mesos.TaskID{Value: ptr(fmt.Sprintf("task-%d", n))}, SlaveId: SlaveID(n),
		Resources: []*mesos.Resource{Scalar("cpus", 1)},
		Labels:    &mesos.Labels{Labels: []*mesos.Label{{Key: ptr("existing"), Value: ptr("yes")}}},
	}
}

// Sample returns a well-formed call of type t about framework and agent n
// (unsequenced; set SessionId and Sequence to sequence it). UNKNOWN gives a
// call without payload.
func Sample(t bridgev1.Call_Type, n int) *bridgev1.Call {
	c := &bridgev1.Call{Type: t}
	fw, ag := FrameworkID(n), SlaveID(n)
	res := []*mesos.Resource{Scalar("cpus", 1)}
	switch t {
	case bridgev1.Call_SUBSCRIBE:
		c.Payload = &bridgev1.Call_Subscribe_{Subscribe: &bridgev1.Call_Subscribe{MasterId: "master-1", Module: "bridgetest"}}
	case bridgev1.Call_INITIALIZE:
		c.Payload = &bridgev1.Call_Initialize_{Initialize: &bridgev1.Call_Initialize{AllocationIntervalSeconds: 1, FilterGpuResources: true}}
	case bridgev1.Call_RECOVER:
		c.Payload = &bridgev1.Call_Recover_{Recover: &bridgev1.Call_Recover{ExpectedAgentCount: 3, Quotas: map[string]*bridgev1.Quota{"analytics": {Guarantees: map[string]float64{"cpus": 2}}}}}
	case bridgev1.Call_ADD_FRAMEWORK:
		c.Payload = &bridgev1.Call_AddFramework_{AddFramework: &bridgev1.Call_AddFramework{
			FrameworkId: fw, FrameworkInfo: FrameworkInfo(n, fmt.Sprintf("framework-%d", n), "analytics"), Active: true,
			Used: []*bridgev1.SlaveResources{{SlaveId: ag, Resources: res}},
		}}
	case bridgev1.Call_REMOVE_FRAMEWORK:
		c.Payload = &bridgev1.Call_RemoveFramework{RemoveFramework: &bridgev1.FrameworkTarget{FrameworkId: fw}}
	case bridgev1.Call_ACTIVATE_FRAMEWORK:
		c.Payload = &bridgev1.Call_ActivateFramework{ActivateFramework: &bridgev1.FrameworkTarget{FrameworkId: fw}}
	case bridgev1.Call_DEACTIVATE_FRAMEWORK:
		c.Payload = &bridgev1.Call_DeactivateFramework{DeactivateFramework: &bridgev1.FrameworkTarget{FrameworkId: fw}}
	case bridgev1.Call_UPDATE_FRAMEWORK:
		c.Payload = &bridgev1.Call_UpdateFramework_{UpdateFramework: &bridgev1.Call_UpdateFramework{
			FrameworkId: fw, FrameworkInfo: FrameworkInfo(n, fmt.Sprintf("framework-%d", n), "batch"),
			Options: &bridgev1.FrameworkOptions{SuppressedRoles: []string{"batch"}},
		}}
	case bridgev1.Call_ADD_SLAVE:
		c.Payload = &bridgev1.Call_AddSlave_{AddSlave: &bridgev1.Call_AddSlave{
			SlaveId: ag, SlaveInfo: SlaveInfo(n), Total: []*mesos.Resource{Scalar("cpus", 4), Scalar("mem", 4096)},
			Used: []*bridgev1.FrameworkResources{{FrameworkId: fw, Resources: res}},
		}}
	case bridgev1.Call_REMOVE_SLAVE:
		c.Payload = &bridgev1.Call_RemoveSlave{RemoveSlave: &bridgev1.SlaveTarget{SlaveId: ag}}
	case bridgev1.Call_UPDATE_SLAVE:
		c.Payload = &bridgev1.Call_UpdateSlave_{UpdateSlave: &bridgev1.Call_UpdateSlave{
			SlaveId: ag, SlaveInfo: SlaveInfo(n), Total: &bridgev1.ResourceList{Resources: []*mesos.Resource{Scalar("cpus", 8), Scalar("mem", 8192)}},
		}}
	case bridgev1.Call_ADD_RESOURCE_PROVIDER:
		c.Payload = &bridgev1.Call_AddResourceProvider_{AddResourceProvider: &bridgev1.Call_AddResourceProvider{SlaveId: ag, Total: []*mesos.Resource{Scalar("disk", 100)}}}
	case bridgev1.Call_ACTIVATE_SLAVE:
		c.Payload = &bridgev1.Call_ActivateSlave{ActivateSlave: &bridgev1.SlaveTarget{SlaveId: ag}}
	case bridgev1.Call_DEACTIVATE_SLAVE:
		c.Payload = &bridgev1.Call_DeactivateSlave{DeactivateSlave: &bridgev1.SlaveTarget{SlaveId: ag}}
	case bridgev1.Call_UPDATE_WHITELIST:
		c.Payload = &bridgev1.Call_UpdateWhitelist_{UpdateWhitelist: &bridgev1.Call_UpdateWhitelist{Whitelist: &bridgev1.Hostnames{Hostnames: []string{"host-1"}}}}
	case bridgev1.Call_REQUEST_RESOURCES:
		c.Payload = &bridgev1.Call_RequestResources_{RequestResources: &bridgev1.Call_RequestResources{FrameworkId: fw, Requests: []*mesos.Request{{SlaveId: ag, Resources: res}}}}
	case bridgev1.Call_UPDATE_ALLOCATION:
		c.Payload = &bridgev1.Call_UpdateAllocation_{UpdateAllocation: &bridgev1.Call_UpdateAllocation{FrameworkId: fw, SlaveId: ag, OfferedResources: res}}
	case bridgev1.Call_UPDATE_AVAILABLE:
		c.Payload = &bridgev1.Call_UpdateAvailable_{UpdateAvailable: &bridgev1.Call_UpdateAvailable{SlaveId: ag}}
	case bridgev1.Call_UPDATE_UNAVAILABILITY:
		c.Payload = &bridgev1.Call_UpdateUnavailability_{UpdateUnavailability: &bridgev1.Call_UpdateUnavailability{
			SlaveId: ag, Unavailability: &mesos.Unavailability{Start: &mesos.TimeInfo{Nanoseconds: ptr(int64(1e18))}},
		}}
	case bridgev1.Call_UPDATE_INVERSE_OFFER:
		c.Payload = &bridgev1.Call_UpdateInverseOffer_{UpdateInverseOffer: &bridgev1.Call_UpdateInverseOffer{
			SlaveId: ag, FrameworkId: fw,
			Status: &mesosallocator.InverseOfferStatus{Status: mesosallocator.InverseOfferStatus_ACCEPT.Enum(), FrameworkId: fw, Timestamp: &mesos.TimeInfo{Nanoseconds: ptr(int64(1))}},
		}}
	case bridgev1.Call_TRANSITION_OFFERED_TO_ALLOCATED:
		c.Payload = &bridgev1.Call_TransitionOfferedToAllocated_{TransitionOfferedToAllocated: &bridgev1.Call_TransitionOfferedToAllocated{SlaveId: ag, Resources: res}}
	case bridgev1.Call_RECOVER_RESOURCES:
		c.Payload = &bridgev1.Call_RecoverResources_{RecoverResources: &bridgev1.Call_RecoverResources{
			FrameworkId: fw, SlaveId: ag, Resources: res, Filters: &mesos.Filters{RefuseSeconds: ptr(5.0)}, IsAllocated: true,
		}}
	case bridgev1.Call_SUPPRESS_OFFERS:
		c.Payload = &bridgev1.Call_SuppressOffers{SuppressOffers: &bridgev1.RoleTargets{FrameworkId: fw, Roles: []string{"analytics"}}}
	case bridgev1.Call_REVIVE_OFFERS:
		c.Payload = &bridgev1.Call_ReviveOffers{ReviveOffers: &bridgev1.RoleTargets{FrameworkId: fw}}
	case bridgev1.Call_UPDATE_QUOTA:
		c.Payload = &bridgev1.Call_UpdateQuota_{UpdateQuota: &bridgev1.Call_UpdateQuota{Role: "analytics", Quota: &bridgev1.Quota{Limits: map[string]float64{"cpus": 10}}}}
	case bridgev1.Call_UPDATE_WEIGHTS:
		c.Payload = &bridgev1.Call_UpdateWeights_{UpdateWeights: &bridgev1.Call_UpdateWeights{WeightInfos: []*mesos.WeightInfo{{Weight: ptr(2.0), Role: ptr("analytics")}}}}
	case bridgev1.Call_MASTER_LAUNCH_TASK_LABEL_DECORATOR:
		c.Payload = &bridgev1.Call_MasterLaunchTaskLabelDecorator_{MasterLaunchTaskLabelDecorator: &bridgev1.Call_MasterLaunchTaskLabelDecorator{
			TaskInfo: TaskInfo(n), FrameworkInfo: FrameworkInfo(n, fmt.Sprintf("framework-%d", n), "analytics"), SlaveInfo: SlaveInfo(n),
		}}
	case bridgev1.Call_MASTER_LAUNCH_TASK_RESOURCE_DECORATOR:
		c.Payload = &bridgev1.Call_MasterLaunchTaskResourceDecorator_{MasterLaunchTaskResourceDecorator: &bridgev1.Call_MasterLaunchTaskResourceDecorator{
			TaskInfo: TaskInfo(n), SlaveResources: SlaveInfo(n).Resources,
		}}
	case bridgev1.Call_MASTER_SLAVE_LOST_HOOK:
		c.Payload = &bridgev1.Call_MasterSlaveLostHook_{MasterSlaveLostHook: &bridgev1.Call_MasterSlaveLostHook{SlaveInfo: SlaveInfo(n)}}
	case bridgev1.Call_SLAVE_RUN_TASK_LABEL_DECORATOR:
		c.Payload = &bridgev1.Call_SlaveRunTaskLabelDecorator_{SlaveRunTaskLabelDecorator: &bridgev1.Call_SlaveRunTaskLabelDecorator{
			TaskInfo: TaskInfo(n), ExecutorInfo: ExecutorInfo(n), FrameworkInfo: FrameworkInfo(n, fmt.Sprintf("framework-%d", n), "analytics"), SlaveInfo: SlaveInfo(n),
		}}
	case bridgev1.Call_SLAVE_EXECUTOR_ENVIRONMENT_DECORATOR:
		c.Payload = &bridgev1.Call_SlaveExecutorEnvironmentDecorator_{SlaveExecutorEnvironmentDecorator: &bridgev1.Call_SlaveExecutorEnvironmentDecorator{ExecutorInfo: ExecutorInfo(n)}}
	case bridgev1.Call_SLAVE_PRE_LAUNCH_DOCKER_TASK_EXECUTOR_DECORATOR:
		c.Payload = &bridgev1.Call_SlavePreLaunchDockerTaskExecutorDecorator_{SlavePreLaunchDockerTaskExecutorDecorator: &bridgev1.Call_SlavePreLaunchDockerTaskExecutorDecorator{
			TaskInfo: TaskInfo(n), ExecutorInfo: ExecutorInfo(n), ContainerName: "mesos-c1", ContainerWorkDirectory: "/var/lib/mesos/c1",
			MappedSandboxDirectory: "/mnt/mesos/sandbox", Env: &bridgev1.StringMap{Entries: map[string]string{"A": "1"}},
		}}
	case bridgev1.Call_SLAVE_POST_FETCH_HOOK:
		c.Payload = &bridgev1.Call_SlavePostFetchHook_{SlavePostFetchHook: &bridgev1.Call_SlavePostFetchHook{ContainerId: &mesos.ContainerID{Value: ptr("c1")}, Directory: "/sandbox"}}
	case bridgev1.Call_SLAVE_REMOVE_EXECUTOR_HOOK:
		c.Payload = &bridgev1.Call_SlaveRemoveExecutorHook_{SlaveRemoveExecutorHook: &bridgev1.Call_SlaveRemoveExecutorHook{
			FrameworkInfo: FrameworkInfo(n, fmt.Sprintf("framework-%d", n), "analytics"), ExecutorInfo: ExecutorInfo(n),
		}}
	case bridgev1.Call_SLAVE_TASK_STATUS_DECORATOR:
		c.Payload = &bridgev1.Call_SlaveTaskStatusDecorator_{SlaveTaskStatusDecorator: &bridgev1.Call_SlaveTaskStatusDecorator{
			FrameworkId: fw, Status: &mesos.TaskStatus{TaskId: &mesos.TaskID{Value: ptr("task-1")}, State: mesos.TaskState_TASK_RUNNING.Enum()},
		}}
	case bridgev1.Call_SLAVE_RESOURCES_DECORATOR:
		c.Payload = &bridgev1.Call_SlaveResourcesDecorator{SlaveResourcesDecorator: &bridgev1.Call_SlaveInfoDecorator{SlaveInfo: SlaveInfo(n)}}
	case bridgev1.Call_SLAVE_ATTRIBUTES_DECORATOR:
		c.Payload = &bridgev1.Call_SlaveAttributesDecorator{SlaveAttributesDecorator: &bridgev1.Call_SlaveInfoDecorator{SlaveInfo: SlaveInfo(n)}}
	case bridgev1.Call_ISOLATOR_PREPARE:
		c.Payload = &bridgev1.Call_IsolatorPrepare_{IsolatorPrepare: &bridgev1.Call_IsolatorPrepare{
			ContainerId: &mesos.ContainerID{Value: ptr("c1")}, ContainerConfig: &slave.ContainerConfig{Directory: ptr("/sandbox"), ExecutorInfo: ExecutorInfo(n)},
		}}
	case bridgev1.Call_ISOLATOR_CLEANUP:
		c.Payload = &bridgev1.Call_IsolatorCleanup_{IsolatorCleanup: &bridgev1.Call_IsolatorCleanup{ContainerId: &mesos.ContainerID{Value: ptr("c1")}}}
	}
	return c
}

// Types lists every call type of the protocol, UNKNOWN included.
func Types() []bridgev1.Call_Type {
	var out []bridgev1.Call_Type
	for n := range bridgev1.Call_Type_name {
		out = append(out, bridgev1.Call_Type(n))
	}
	sortTypes(out)
	return out
}

func sortTypes(ts []bridgev1.Call_Type) {
	for i := 1; i < len(ts); i++ {
		for j := i; j > 0 && ts[j] < ts[j-1]; j-- {
			ts[j], ts[j-1] = ts[j-1], ts[j]
		}
	}
}
