package hooks

import (
	"context"
	"fmt"

	bridgev1 "github.com/mactor/mactor/messages/bridge/v1"
	mesos "github.com/mactor/mactor/messages/mesos"
	module "github.com/mactor/mactor/messages/mesos/module"
	slave "github.com/mactor/mactor/messages/mesos/slave"
)

// HookPolicy answers hooks in Go, one method per callback of Mesos 1.11's
// hook.hpp plus the isolator's prepare and cleanup. A nil value (and nil
// error) is None: no change. Embed NoChange to implement only the methods
// you need. Methods are called concurrently on worker goroutines.
//
// The decorators return the new value, which replaces the old one, as
// Mesos's hook manager does: to add a label, return the task's labels plus
// yours; to add an environment variable, return the executor's command
// environment plus yours.
type HookPolicy interface {
	MasterLaunchTaskLabelDecorator(ctx context.Context, c *bridgev1.Call_MasterLaunchTaskLabelDecorator) (*mesos.Labels, error)
	MasterLaunchTaskResourceDecorator(ctx context.Context, c *bridgev1.Call_MasterLaunchTaskResourceDecorator) (*bridgev1.ResourceList, error)
	MasterSlaveLostHook(ctx context.Context, c *bridgev1.Call_MasterSlaveLostHook) error
	SlaveRunTaskLabelDecorator(ctx context.Context, c *bridgev1.Call_SlaveRunTaskLabelDecorator) (*mesos.Labels, error)
	SlaveExecutorEnvironmentDecorator(ctx context.Context, c *bridgev1.Call_SlaveExecutorEnvironmentDecorator) (*mesos.Environment, error)
	SlavePreLaunchDockerTaskExecutorDecorator(ctx context.Context, c *bridgev1.Call_SlavePreLaunchDockerTaskExecutorDecorator) (*module.DockerTaskExecutorPrepareInfo, error)
	SlavePostFetchHook(ctx context.Context, c *bridgev1.Call_SlavePostFetchHook) error
	SlaveRemoveExecutorHook(ctx context.Context, c *bridgev1.Call_SlaveRemoveExecutorHook) error
	SlaveTaskStatusDecorator(ctx context.Context, c *bridgev1.Call_SlaveTaskStatusDecorator) (*mesos.TaskStatus, error)
	SlaveResourcesDecorator(ctx context.Context, c *bridgev1.Call_SlaveInfoDecorator) (*bridgev1.ResourceList, error)
	SlaveAttributesDecorator(ctx context.Context, c *bridgev1.Call_SlaveInfoDecorator) (*bridgev1.AttributeList, error)
	IsolatorPrepare(ctx context.Context, c *bridgev1.Call_IsolatorPrepare) (*slave.ContainerLaunchInfo, error)
	IsolatorCleanup(ctx context.Context, c *bridgev1.Call_IsolatorCleanup) error
}

// NoChange is a HookPolicy that answers None to every hook. Embed it.
type NoChange struct{}

// MasterLaunchTaskLabelDecorator implements HookPolicy.
func (NoChange) MasterLaunchTaskLabelDecorator(context.Context, *bridgev1.Call_MasterLaunchTaskLabelDecorator) (*mesos.Labels, error) {
	return nil, nil
}

// MasterLaunchTaskResourceDecorator implements HookPolicy.
func (NoChange) MasterLaunchTaskResourceDecorator(context.Context, *bridgev1.Call_MasterLaunchTaskResourceDecorator) (*bridgev1.ResourceList, error) {
	return nil, nil
}

// MasterSlaveLostHook implements HookPolicy.
func (NoChange) MasterSlaveLostHook(context.Context, *bridgev1.Call_MasterSlaveLostHook) error {
	return nil
}

// SlaveRunTaskLabelDecorator implements HookPolicy.
func (NoChange) SlaveRunTaskLabelDecorator(context.Context, *bridgev1.Call_SlaveRunTaskLabelDecorator) (*mesos.Labels, error) {
	return nil, nil
}

// SlaveExecutorEnvironmentDecorator implements HookPolicy.
func (NoChange) SlaveExecutorEnvironmentDecorator(context.Context, *bridgev1.Call_SlaveExecutorEnvironmentDecorator) (*mesos.Environment, error) {
	return nil, nil
}

// SlavePreLaunchDockerTaskExecutorDecorator implements HookPolicy.
func (NoChange) SlavePreLaunchDockerTaskExecutorDecorator(context.Context, *bridgev1.Call_SlavePreLaunchDockerTaskExecutorDecorator) (*module.DockerTaskExecutorPrepareInfo, error) {
	return nil, nil
}

// SlavePostFetchHook implements HookPolicy.
func (NoChange) SlavePostFetchHook(context.Context, *bridgev1.Call_SlavePostFetchHook) error {
	return nil
}

// SlaveRemoveExecutorHook implements HookPolicy.
func (NoChange) SlaveRemoveExecutorHook(context.Context, *bridgev1.Call_SlaveRemoveExecutorHook) error {
	return nil
}

// SlaveTaskStatusDecorator implements HookPolicy.
func (NoChange) SlaveTaskStatusDecorator(context.Context, *bridgev1.Call_SlaveTaskStatusDecorator) (*mesos.TaskStatus, error) {
	return nil, nil
}

// SlaveResourcesDecorator implements HookPolicy.
func (NoChange) SlaveResourcesDecorator(context.Context, *bridgev1.Call_SlaveInfoDecorator) (*bridgev1.ResourceList, error) {
	return nil, nil
}

// SlaveAttributesDecorator implements HookPolicy.
func (NoChange) SlaveAttributesDecorator(context.Context, *bridgev1.Call_SlaveInfoDecorator) (*bridgev1.AttributeList, error) {
	return nil, nil
}

// IsolatorPrepare implements HookPolicy.
func (NoChange) IsolatorPrepare(context.Context, *bridgev1.Call_IsolatorPrepare) (*slave.ContainerLaunchInfo, error) {
	return nil, nil
}

// IsolatorCleanup implements HookPolicy.
func (NoChange) IsolatorCleanup(context.Context, *bridgev1.Call_IsolatorCleanup) error {
	return nil
}

// Adapt turns a HookPolicy into a Handler.
func Adapt(p HookPolicy) Handler { return policyHandler{p} }

type policyHandler struct{ p HookPolicy }

func (h policyHandler) Handle(ctx context.Context, c *bridgev1.Call) (*bridgev1.HookResult, error) {
	p := h.p
	switch c.GetType() {
	case bridgev1.Call_MASTER_LAUNCH_TASK_LABEL_DECORATOR:
		return labels(p.MasterLaunchTaskLabelDecorator(ctx, c.GetMasterLaunchTaskLabelDecorator()))
	case bridgev1.Call_MASTER_LAUNCH_TASK_RESOURCE_DECORATOR:
		return resourceList(p.MasterLaunchTaskResourceDecorator(ctx, c.GetMasterLaunchTaskResourceDecorator()))
	case bridgev1.Call_MASTER_SLAVE_LOST_HOOK:
		return nil, p.MasterSlaveLostHook(ctx, c.GetMasterSlaveLostHook())
	case bridgev1.Call_SLAVE_RUN_TASK_LABEL_DECORATOR:
		return labels(p.SlaveRunTaskLabelDecorator(ctx, c.GetSlaveRunTaskLabelDecorator()))
	case bridgev1.Call_SLAVE_EXECUTOR_ENVIRONMENT_DECORATOR:
		env, err := p.SlaveExecutorEnvironmentDecorator(ctx, c.GetSlaveExecutorEnvironmentDecorator())
		if err != nil || env == nil {
			return nil, err
		}
		return &bridgev1.HookResult{Value: &bridgev1.HookResult_Environment{Environment: env}}, nil
	case bridgev1.Call_SLAVE_PRE_LAUNCH_DOCKER_TASK_EXECUTOR_DECORATOR:
		info, err := p.SlavePreLaunchDockerTaskExecutorDecorator(ctx, c.GetSlavePreLaunchDockerTaskExecutorDecorator())
		if err != nil || info == nil {
			return nil, err
		}
		return &bridgev1.HookResult{Value: &bridgev1.HookResult_DockerTaskExecutorPrepareInfo{DockerTaskExecutorPrepareInfo: info}}, nil
	case bridgev1.Call_SLAVE_POST_FETCH_HOOK:
		return nil, p.SlavePostFetchHook(ctx, c.GetSlavePostFetchHook())
	case bridgev1.Call_SLAVE_REMOVE_EXECUTOR_HOOK:
		return nil, p.SlaveRemoveExecutorHook(ctx, c.GetSlaveRemoveExecutorHook())
	case bridgev1.Call_SLAVE_TASK_STATUS_DECORATOR:
		st, err := p.SlaveTaskStatusDecorator(ctx, c.GetSlaveTaskStatusDecorator())
		if err != nil || st == nil {
			return nil, err
		}
		return &bridgev1.HookResult{Value: &bridgev1.HookResult_TaskStatus{TaskStatus: st}}, nil
	case bridgev1.Call_SLAVE_RESOURCES_DECORATOR:
		return resourceList(p.SlaveResourcesDecorator(ctx, c.GetSlaveResourcesDecorator()))
	case bridgev1.Call_SLAVE_ATTRIBUTES_DECORATOR:
		as, err := p.SlaveAttributesDecorator(ctx, c.GetSlaveAttributesDecorator())
		if err != nil || as == nil {
			return nil, err
		}
		return &bridgev1.HookResult{Value: &bridgev1.HookResult_Attributes{Attributes: as}}, nil
	case bridgev1.Call_ISOLATOR_PREPARE:
		li, err := p.IsolatorPrepare(ctx, c.GetIsolatorPrepare())
		if err != nil || li == nil {
			return nil, err
		}
		return &bridgev1.HookResult{Value: &bridgev1.HookResult_ContainerLaunchInfo{ContainerLaunchInfo: li}}, nil
	case bridgev1.Call_ISOLATOR_CLEANUP:
		return nil, p.IsolatorCleanup(ctx, c.GetIsolatorCleanup())
	}
	return nil, fmt.Errorf("%w: %s", ErrNotHook, c.GetType())
}

func labels(l *mesos.Labels, err error) (*bridgev1.HookResult, error) {
	if err != nil || l == nil {
		return nil, err
	}
	return &bridgev1.HookResult{Value: &bridgev1.HookResult_Labels{Labels: l}}, nil
}

func resourceList(l *bridgev1.ResourceList, err error) (*bridgev1.HookResult, error) {
	if err != nil || l == nil {
		return nil, err
	}
	return &bridgev1.HookResult{Value: &bridgev1.HookResult_Resources{Resources: l}}, nil
}
