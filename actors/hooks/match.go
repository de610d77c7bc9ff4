package hooks

import (
	"context"
	"path"

	bridgev1 "github.com/mactor/mactor/messages/bridge/v1"
	mesos "github.com/mactor/mactor/messages/mesos"
)

// FrameworkLookup finds the FrameworkInfo of a framework id, for hooks
// whose call carries only the id (the agent's environment decorator, the
// task status decorator, …). The engine answers from the framework actors'
// records; nil (or a nil answer) means unknown.
type FrameworkLookup func(ctx context.Context, frameworkID string) *mesos.FrameworkInfo

// frameworkOf returns the framework a hook call is about, from the call or
// through lookup.
func frameworkOf(ctx context.Context, c *bridgev1.Call, lookup FrameworkLookup) *mesos.FrameworkInfo {
	var id string
	switch c.GetType() {
	case bridgev1.Call_MASTER_LAUNCH_TASK_LABEL_DECORATOR:
		return c.GetMasterLaunchTaskLabelDecorator().GetFrameworkInfo()
	case bridgev1.Call_SLAVE_RUN_TASK_LABEL_DECORATOR:
		return c.GetSlaveRunTaskLabelDecorator().GetFrameworkInfo()
	case bridgev1.Call_SLAVE_REMOVE_EXECUTOR_HOOK:
		return c.GetSlaveRemoveExecutorHook().GetFrameworkInfo()
	case bridgev1.Call_SLAVE_EXECUTOR_ENVIRONMENT_DECORATOR:
		id = c.GetSlaveExecutorEnvironmentDecorator().GetExecutorInfo().GetFrameworkId().GetValue()
	case bridgev1.Call_SLAVE_PRE_LAUNCH_DOCKER_TASK_EXECUTOR_DECORATOR:
		id = c.GetSlavePreLaunchDockerTaskExecutorDecorator().GetExecutorInfo().GetFrameworkId().GetValue()
	case bridgev1.Call_SLAVE_TASK_STATUS_DECORATOR:
		id = c.GetSlaveTaskStatusDecorator().GetFrameworkId().GetValue()
	case bridgev1.Call_ISOLATOR_PREPARE:
		id = c.GetIsolatorPrepare().GetContainerConfig().GetExecutorInfo().GetFrameworkId().GetValue()
	}
	if id == "" || lookup == nil {
		return nil
	}
	return lookup(ctx, id)
}

func (m MatchConfig) empty() bool { return m == MatchConfig{} }

// matches reports whether fw satisfies every pattern given (an unknown
// framework satisfies none).
func (m MatchConfig) matches(fw *mesos.FrameworkInfo) bool {
	if m.empty() {
		return true
	}
	if fw == nil {
		return false
	}
	if m.FrameworkName != "" && !glob(m.FrameworkName, fw.GetName()) {
		return false
	}
	if m.Principal != "" && !glob(m.Principal, fw.GetPrincipal()) {
		return false
	}
	if m.Role != "" {
		roles := fw.GetRoles()
		if len(roles) == 0 {
			//lint:ignore SA1019 frameworks without MULTI_ROLE still use the single role
			roles = []string{fw.GetRole()}
		}
		for _, r := range roles {
			if glob(m.Role, r) {
				return true
			}
		}
		return false
	}
	return true
}

func glob(pattern, s string) bool {
	ok, err := path.Match(pattern, s)
	return err == nil && ok
}
