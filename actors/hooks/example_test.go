package hooks_test

import (
	"context"
	"fmt"
	"strings"

	"github.com/mactor/mactor/actors/hooks"
	bridgev1 "github.com/mactor/mactor/messages/bridge/v1"
	mesos "github.com/mactor/mactor/messages/mesos"
)

// teamLabels labels the tasks of analytics frameworks, keeping the labels
// they have (Mesos replaces a task's labels with the decorator's answer).
type teamLabels struct{ hooks.NoChange }

func (teamLabels) MasterLaunchTaskLabelDecorator(_ context.Context, c *bridgev1.Call_MasterLaunchTaskLabelDecorator) (*mesos.Labels, error) {
	for _, role := range c.GetFrameworkInfo().GetRoles() {
		if strings.HasPrefix(role, "analytics") {
			k, v := "team", "data"
			return &mesos.Labels{Labels: append(c.GetTaskInfo().GetLabels().GetLabels(), &mesos.Label{Key: &k, Value: &v})}, nil
		}
	}
	return nil, nil // no change
}

// A Go HookPolicy, chained before YAML rules as the engine does.
func ExampleAdapt() {
	cfg, _ := hooks.ParseConfig([]byte("rules:\n  - labels: {from: yaml}\n"), "inline")
	rules, _ := cfg.Handler(nil)
	h := hooks.Chain(hooks.Adapt(teamLabels{}), rules)

	call := func(role string) *bridgev1.Call {
		return &bridgev1.Call{Type: bridgev1.Call_MASTER_LAUNCH_TASK_LABEL_DECORATOR, Payload: &bridgev1.Call_MasterLaunchTaskLabelDecorator_{
			MasterLaunchTaskLabelDecorator: &bridgev1.Call_MasterLaunchTaskLabelDecorator{
				TaskInfo: &mesos.TaskInfo{}, FrameworkInfo: &mesos.FrameworkInfo{Roles: []string{role}},
			},
		}}
	}
	for _, role := range []string{"analytics/etl", "web"} {
		res, _ := h.Handle(context.Background(), call(role))
		for _, l := range res.GetLabels().GetLabels() {
			fmt.Printf("%s: %s=%s\n", role, l.GetKey(), l.GetValue())
		}
	}
	// Output:
	// analytics/etl: team=data
	// web: from=yaml
}
