package module

import (
	"context"
	"fmt"

	bridgev1 "github.com/mactor/mactor/messages/bridge/v1"
	"github.com/mactor/mactor/messages/mesos"
	mesosv1 "github.com/mactor/mactor/messages/mesos/v1"
)

// The hooks, at the moments Mesos calls them. Each answers nil for "no
// change" (the hook said none, or the client fell back after its
// deadline), so that the caller applies only real results.

func hookErr(name string, res *bridgev1.HookResult, err error) error {
	if err != nil {
		return fmt.Errorf("module: %s: %w", name, err)
	}
	if e := res.GetError(); e != "" {
		return fmt.Errorf("%w: %s: %s", ErrHook, name, e)
	}
	return nil
}

// LaunchTaskLabels is masterLaunchTaskLabelDecorator, on the master when
// a task is launched: the labels that replace the task's, or nil.
func (b *Bridge) LaunchTaskLabels(ctx context.Context, task *mesosv1.TaskInfo, fw *mesosv1.FrameworkInfo, agent *mesosv1.AgentInfo) (*mesosv1.Labels, error) {
	ti, err := convert(task, &mesos.TaskInfo{})
	if err != nil {
		return nil, err
	}
	fi, err := convert(fw, &mesos.FrameworkInfo{})
	if err != nil {
		return nil, err
	}
	si, err := convert(agent, &mesos.SlaveInfo{})
	if err != nil {
		return nil, err
	}
	res, err := b.c.MasterLaunchTaskLabelDecorator(ctx, &bridgev1.Call_MasterLaunchTaskLabelDecorator{TaskInfo: ti, FrameworkInfo: fi, SlaveInfo: si})
	if err := hookErr("masterLaunchTaskLabelDecorator", res, err); err != nil {
		return nil, err
	}
	return convert(res.GetLabels(), &mesosv1.Labels{})
}

// RunTaskLabels is slaveRunTaskLabelDecorator, on the agent before it runs
// a task: the labels that replace the task's, or nil.
func (b *Bridge) RunTaskLabels(ctx context.Context, task *mesosv1.TaskInfo, exec *mesosv1.ExecutorInfo, fw *mesosv1.FrameworkInfo, agent *mesosv1.AgentInfo) (*mesosv1.Labels, error) {
	ti, err := convert(task, &mesos.TaskInfo{})
	if err != nil {
		return nil, err
	}
	ei, err := convert(exec, &mesos.ExecutorInfo{})
	if err != nil {
		return nil, err
	}
	fi, err := convert(fw, &mesos.FrameworkInfo{})
	if err != nil {
		return nil, err
	}
	si, err := convert(agent, &mesos.SlaveInfo{})
	if err != nil {
		return nil, err
	}
	res, err := b.c.SlaveRunTaskLabelDecorator(ctx, &bridgev1.Call_SlaveRunTaskLabelDecorator{TaskInfo: ti, ExecutorInfo: ei, FrameworkInfo: fi, SlaveInfo: si})
	if err := hookErr("slaveRunTaskLabelDecorator", res, err); err != nil {
		return nil, err
	}
	return convert(res.GetLabels(), &mesosv1.Labels{})
}

// ExecutorEnvironment is slaveExecutorEnvironmentDecorator, on the agent
// before it starts an executor: the environment that replaces the
// executor's command environment, or nil.
func (b *Bridge) ExecutorEnvironment(ctx context.Context, exec *mesosv1.ExecutorInfo) (*mesosv1.Environment, error) {
	ei, err := convert(exec, &mesos.ExecutorInfo{})
	if err != nil {
		return nil, err
	}
	res, err := b.c.SlaveExecutorEnvironmentDecorator(ctx, &bridgev1.Call_SlaveExecutorEnvironmentDecorator{ExecutorInfo: ei})
	if err := hookErr("slaveExecutorEnvironmentDecorator", res, err); err != nil {
		return nil, err
	}
	return convert(res.GetEnvironment(), &mesosv1.Environment{})
}

// RemoveExecutor is slaveRemoveExecutorHook, on the agent when an executor
// has exited.
func (b *Bridge) RemoveExecutor(ctx context.Context, fw *mesosv1.FrameworkInfo, exec *mesosv1.ExecutorInfo) error {
	fi, err := convert(fw, &mesos.FrameworkInfo{})
	if err != nil {
		return err
	}
	ei, err := convert(exec, &mesos.ExecutorInfo{})
	if err != nil {
		return err
	}
	res, err := b.c.SlaveRemoveExecutorHook(ctx, &bridgev1.Call_SlaveRemoveExecutorHook{FrameworkInfo: fi, ExecutorInfo: ei})
	return hookErr("slaveRemoveExecutorHook", res, err)
}

// TaskStatus is slaveTaskStatusDecorator, on the agent for every status
// update: the status with the hook's labels and container status applied
// (Mesos keeps only those two fields of the answer).
func (b *Bridge) TaskStatus(ctx context.Context, fw *mesosv1.FrameworkID, st *mesosv1.TaskStatus) (*mesosv1.TaskStatus, error) {
	s, err := convert(st, &mesos.TaskStatus{})
	if err != nil {
		return st, err
	}
	res, err := b.c.SlaveTaskStatusDecorator(ctx, &bridgev1.Call_SlaveTaskStatusDecorator{FrameworkId: frameworkID(fw), Status: s})
	if err := hookErr("slaveTaskStatusDecorator", res, err); err != nil {
		return st, err
	}
	got, err := convert(res.GetTaskStatus(), &mesosv1.TaskStatus{})
	if err != nil || got == nil {
		return st, err
	}
	out := cloneStatus(st)
	if got.Labels != nil {
		out.Labels = got.Labels
	}
	if got.ContainerStatus != nil {
		out.ContainerStatus = got.ContainerStatus
	}
	return out, nil
}
