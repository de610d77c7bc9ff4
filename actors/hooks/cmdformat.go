package hooks

import (
	"bytes"
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"google.golang.org/protobuf/proto"

	bridgev1 "github.com/mactor/mactor/messages/bridge/v1"
	mesos "github.com/mactor/mactor/messages/mesos"
	module "github.com/mactor/mactor/messages/mesos/module"
	slave "github.com/mactor/mactor/messages/mesos/slave"
	"github.com/mactor/mactor/messages/mesosjson"
)

// The command format is the one criteo/mesos-command-modules uses to run an
// external command for a hook: the command gets three file paths, INPUT,
// OUTPUT and ERROR; INPUT holds one JSON object whose keys are the hook's
// parameters in snake_case and whose values are Mesos-JSON protobufs, e.g.
// {"executor_info": {...}} for slaveExecutorEnvironmentDecorator; the
// command writes the answer to OUTPUT as Mesos JSON, and on failure exits
// non-zero with the reason in ERROR.
//
// The keys are the field names of the hook's payload in the bridge
// protocol, which criteo chose the same way; the Docker pre-launch
// decorator's env is a plain JSON object of strings.

// MaxCommandInput bounds the input a command or hook-command reads.
const MaxCommandInput = 16 << 20

// CommandInput encodes a hook call as a command's INPUT.
func CommandInput(call *bridgev1.Call) ([]byte, error) {
	p, err := payload(call)
	if err != nil {
		return nil, err
	}
	env := call.GetSlavePreLaunchDockerTaskExecutorDecorator().GetEnv()
	if env != nil {
		p = proto.Clone(p)
		p.(*bridgev1.Call_SlavePreLaunchDockerTaskExecutorDecorator).Env = nil
	}
	b, err := mesosjson.Marshal(p)
	if err != nil {
		return nil, fmt.Errorf("hooks: command input: %w", err)
	}
	if env == nil {
		return b, nil
	}
	e, err := json.Marshal(env.GetEntries())
	if err != nil {
		return nil, fmt.Errorf("hooks: command input env: %w", err)
	}
	b = bytes.TrimSuffix(b, []byte("}"))
	if len(b) > 1 {
		b = append(b, ',')
	}
	b = append(b, `"env":`...)
	return append(append(b, e...), '}'), nil
}

// ParseCommandInput decodes a command INPUT into a hook call. name is the
// hook (Hook.Name); empty infers it from the object's keys, which works
// for every hook whose set of keys is unique (all of criteo's five, and all
// but the three that take only slave_info: masterSlaveLostHook,
// slaveResourcesDecorator and slaveAttributesDecorator).
func ParseCommandInput(data []byte, name string) (*bridgev1.Call, error) {
	if len(data) > MaxCommandInput {
		return nil, fmt.Errorf("hooks: command input larger than %d bytes", MaxCommandInput)
	}
	var keys map[string]json.RawMessage
	if err := json.Unmarshal(data, &keys); err != nil {
		return nil, fmt.Errorf("hooks: command input: %w", err)
	}
	var hk Hook
	if name != "" {
		var ok bool
		if hk, ok = ByName(name); !ok {
			return nil, fmt.Errorf("%w: unknown hook %q", ErrConfig, name)
		}
	} else {
		var err error
		if hk, err = inferHook(keys); err != nil {
			return nil, err
		}
	}
	call := &bridgev1.Call{Type: hk.Type}
	fd := bridgev1.PayloadField(hk.Type)
	m := call.ProtoReflect().Mutable(fd).Message()
	var env map[string]string
	if raw, ok := keys["env"]; ok && hk.Type == bridgev1.Call_SLAVE_PRE_LAUNCH_DOCKER_TASK_EXECUTOR_DECORATOR {
		if string(bytes.TrimSpace(raw)) != "null" {
			if err := json.Unmarshal(raw, &env); err != nil {
				return nil, fmt.Errorf("hooks: command input env: %w", err)
			}
		}
		delete(keys, "env")
		var err error
		if data, err = json.Marshal(keys); err != nil {
			return nil, fmt.Errorf("hooks: command input: %w", err)
		}
	}
	if err := (mesosjson.UnmarshalOptions{AllowPartial: true}).Unmarshal(data, m.Interface()); err != nil {
		return nil, fmt.Errorf("hooks: command input for %s: %w", hk.Name, err)
	}
	if env != nil {
		call.GetSlavePreLaunchDockerTaskExecutorDecorator().Env = &bridgev1.StringMap{Entries: env}
	}
	return call, nil
}

func inferHook(keys map[string]json.RawMessage) (Hook, error) {
	got := make([]string, 0, len(keys))
	for k := range keys {
		got = append(got, k)
	}
	slices.Sort(got)
	var found []Hook
	for _, hk := range all {
		if slices.Equal(got, hookKeys(hk)) {
			found = append(found, hk)
		}
	}
	if len(found) == 1 {
		return found[0], nil
	}
	// Optional parameters may be absent (a Docker pre-launch call without
	// a task): accept a unique hook whose keys include all of these.
	found = found[:0]
	for _, hk := range all {
		if len(got) > 0 && isSubset(got, hookKeys(hk)) {
			found = append(found, hk)
		}
	}
	if len(found) == 1 {
		return found[0], nil
	}
	return Hook{}, fmt.Errorf("%w: cannot tell the hook from the input keys %v; name it (--hook)", ErrConfig, got)
}

// hookKeys lists the input keys of a hook, sorted.
func hookKeys(hk Hook) []string {
	fields := bridgev1.PayloadField(hk.Type).Message().Fields()
	keys := make([]string, 0, fields.Len())
	for i := 0; i < fields.Len(); i++ {
		keys = append(keys, string(fields.Get(i).Name()))
	}
	slices.Sort(keys)
	return keys
}

func isSubset(sub, set []string) bool {
	for _, s := range sub {
		if !slices.Contains(set, s) {
			return false
		}
	}
	return true
}

func payload(call *bridgev1.Call) (proto.Message, error) {
	if _, ok := ByType(call.GetType()); !ok {
		return nil, fmt.Errorf("%w: %s", ErrNotHook, call.GetType())
	}
	m := call.ProtoReflect()
	fd := bridgev1.PayloadField(call.GetType())
	if !m.Has(fd) {
		return nil, fmt.Errorf("hooks: %s call without its payload", call.GetType())
	}
	return m.Get(fd).Message().Interface(), nil
}

// CommandOutput encodes a hook's answer as a command's OUTPUT, the way a
// command-module hook expects it. For None, criteo's hook decorators
// cannot take an empty output (they report "No content to parse"), so the
// label and environment decorators get their input's current value back,
// which Mesos applies as no change; every other hook gets no output.
// An error result is returned as an error (the command fails with it).
func CommandOutput(call *bridgev1.Call, res *bridgev1.HookResult) ([]byte, error) {
	if res.GetError() != "" {
		return nil, fmt.Errorf("%s", res.GetError())
	}
	var m proto.Message
	switch v := res.GetValue().(type) {
	case *bridgev1.HookResult_Labels:
		m = v.Labels
	case *bridgev1.HookResult_Resources:
		m = v.Resources
	case *bridgev1.HookResult_Environment:
		m = v.Environment
	case *bridgev1.HookResult_TaskStatus:
		m = v.TaskStatus
	case *bridgev1.HookResult_Attributes:
		m = v.Attributes
	case *bridgev1.HookResult_DockerTaskExecutorPrepareInfo:
		m = v.DockerTaskExecutorPrepareInfo
	case *bridgev1.HookResult_ContainerLaunchInfo:
		m = v.ContainerLaunchInfo
	default:
		m = Unchanged(call)
	}
	if m == nil {
		return nil, nil
	}
	b, err := mesosjson.Marshal(m)
	if err != nil {
		return nil, fmt.Errorf("hooks: command output: %w", err)
	}
	return b, nil
}

// Unchanged returns the value that, given back to Mesos, changes nothing:
// the task's labels for the label decorators, the executor's command
// environment for the environment decorator; nil for other hooks.
func Unchanged(call *bridgev1.Call) proto.Message {
	switch call.GetType() {
	case bridgev1.Call_MASTER_LAUNCH_TASK_LABEL_DECORATOR:
		return orEmptyLabels(call.GetMasterLaunchTaskLabelDecorator().GetTaskInfo().GetLabels())
	case bridgev1.Call_SLAVE_RUN_TASK_LABEL_DECORATOR:
		return orEmptyLabels(call.GetSlaveRunTaskLabelDecorator().GetTaskInfo().GetLabels())
	case bridgev1.Call_SLAVE_EXECUTOR_ENVIRONMENT_DECORATOR:
		if env := call.GetSlaveExecutorEnvironmentDecorator().GetExecutorInfo().GetCommand().GetEnvironment(); env != nil {
			return env
		}
		return &mesos.Environment{}
	}
	return nil
}

func orEmptyLabels(l *mesos.Labels) *mesos.Labels {
	if l == nil {
		return &mesos.Labels{}
	}
	return l
}

// ParseCommandOutput decodes a command's OUTPUT as the answer to call.
// Empty output (or only white space) is None.
func ParseCommandOutput(call *bridgev1.Call, data []byte) (*bridgev1.HookResult, error) {
	hk, ok := ByType(call.GetType())
	if !ok {
		return nil, fmt.Errorf("%w: %s", ErrNotHook, call.GetType())
	}
	data = bytes.TrimSpace(data)
	if len(data) == 0 || hk.Result == "" {
		return &bridgev1.HookResult{None: true}, nil
	}
	res := &bridgev1.HookResult{}
	var m proto.Message
	switch hk.Result {
	case "labels":
		l := &mesos.Labels{}
		m, res.Value = l, &bridgev1.HookResult_Labels{Labels: l}
	case "resources":
		l := &bridgev1.ResourceList{}
		if data[0] == '[' {
			data = append(append([]byte(`{"resources":`), data...), '}')
		}
		m, res.Value = l, &bridgev1.HookResult_Resources{Resources: l}
	case "environment":
		e := &mesos.Environment{}
		m, res.Value = e, &bridgev1.HookResult_Environment{Environment: e}
	case "task_status":
		s := &mesos.TaskStatus{}
		m, res.Value = s, &bridgev1.HookResult_TaskStatus{TaskStatus: s}
	case "attributes":
		l := &bridgev1.AttributeList{}
		if data[0] == '[' {
			data = append(append([]byte(`{"attributes":`), data...), '}')
		}
		m, res.Value = l, &bridgev1.HookResult_Attributes{Attributes: l}
	case "docker_task_executor_prepare_info":
		d := &module.DockerTaskExecutorPrepareInfo{}
		m, res.Value = d, &bridgev1.HookResult_DockerTaskExecutorPrepareInfo{DockerTaskExecutorPrepareInfo: d}
	case "container_launch_info":
		c := &slave.ContainerLaunchInfo{}
		m, res.Value = c, &bridgev1.HookResult_ContainerLaunchInfo{ContainerLaunchInfo: c}
	}
	if err := mesosjson.Unmarshal(data, m); err != nil {
		return nil, fmt.Errorf("%w: output of %s is not %s: %v", ErrCommand, hk.Name, strings.ReplaceAll(hk.Result, "_", " "), err)
	}
	return res, nil
}
