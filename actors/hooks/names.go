package hooks

import (
	"slices"

	bridgev1 "github.com/mactor/mactor/messages/bridge/v1"
)

// Hook describes one hook callback.
type Hook struct {
	// Name is the Mesos method name, e.g. "slaveRunTaskLabelDecorator";
	// isolator calls are "isolatorPrepare" and "isolatorCleanup". It is
	// also the hook actor's child id and the name used in YAML and metrics.
	Name string
	// Type is the bridge call type.
	Type bridgev1.Call_Type
	// Result is what the hook answers: "labels", "resources",
	// "environment", "task_status", "attributes",
	// "docker_task_executor_prepare_info", "container_launch_info", or ""
	// for hooks that only acknowledge (Try<Nothing>).
	Result string
}

var all = []Hook{
	{"masterLaunchTaskLabelDecorator", bridgev1.Call_MASTER_LAUNCH_TASK_LABEL_DECORATOR, "labels"},
	{"masterLaunchTaskResourceDecorator", bridgev1.Call_MASTER_LAUNCH_TASK_RESOURCE_DECORATOR, "resources"},
	{"masterSlaveLostHook", bridgev1.Call_MASTER_SLAVE_LOST_HOOK, ""},
	{"slaveRunTaskLabelDecorator", bridgev1.Call_SLAVE_RUN_TASK_LABEL_DECORATOR, "labels"},
	{"slaveExecutorEnvironmentDecorator", bridgev1.Call_SLAVE_EXECUTOR_ENVIRONMENT_DECORATOR, "environment"},
	{"slavePreLaunchDockerTaskExecutorDecorator", bridgev1.Call_SLAVE_PRE_LAUNCH_DOCKER_TASK_EXECUTOR_DECORATOR, "docker_task_executor_prepare_info"},
	{"slavePostFetchHook", bridgev1.Call_SLAVE_POST_FETCH_HOOK, ""},
	{"slaveRemoveExecutorHook", bridgev1.Call_SLAVE_REMOVE_EXECUTOR_HOOK, ""},
	{"slaveTaskStatusDecorator", bridgev1.Call_SLAVE_TASK_STATUS_DECORATOR, "task_status"},
	{"slaveResourcesDecorator", bridgev1.Call_SLAVE_RESOURCES_DECORATOR, "resources"},
	{"slaveAttributesDecorator", bridgev1.Call_SLAVE_ATTRIBUTES_DECORATOR, "attributes"},
	{"isolatorPrepare", bridgev1.Call_ISOLATOR_PREPARE, "container_launch_info"},
	{"isolatorCleanup", bridgev1.Call_ISOLATOR_CLEANUP, ""},
}

// All lists every hook, in call type order.
func All() []Hook { return slices.Clone(all) }

// ByName returns the hook named name.
func ByName(name string) (Hook, bool) {
	for _, h := range all {
		if h.Name == name {
			return h, true
		}
	}
	return Hook{}, false
}

// ByType returns the hook of a call type.
func ByType(t bridgev1.Call_Type) (Hook, bool) {
	for _, h := range all {
		if h.Type == t {
			return h, true
		}
	}
	return Hook{}, false
}
