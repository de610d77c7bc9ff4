package hooks

import (
	"context"
	"fmt"
	"path"
	"slices"
	"strings"
	"time"

	bridgev1 "github.com/mactor/mactor/messages/bridge/v1"
	mesos "github.com/mactor/mactor/messages/mesos"
)

// DefaultEnvFileVariable names the environment variable that points an
// executor at its environment file.
const DefaultEnvFileVariable = "MACTOR_ENV_FILE"

// rule is a compiled RuleConfig.
type rule struct {
	name    string
	hooks   map[bridgev1.Call_Type]bool
	match   MatchConfig
	labels  []*mesos.Label
	env     []*mesos.Environment_Variable
	envFile *EnvFileConfig
	command *Command
}

// Rules is the Handler of a --hooks-config file's rules.
type Rules struct {
	rules  []rule
	lookup FrameworkLookup
}

// Handler compiles the file's rules into a Handler; lookup finds
// frameworks by id for hooks whose call carries only the id.
func (c *Config) Handler(lookup FrameworkLookup) (*Rules, error) {
	r := &Rules{lookup: lookup}
	for i, rc := range c.Rules {
		ru, err := compileRule(i, rc, lookup)
		if err != nil {
			return nil, err
		}
		r.rules = append(r.rules, ru)
	}
	return r, nil
}

func compileRule(i int, rc RuleConfig, _ FrameworkLookup) (rule, error) {
	name := rc.Name
	if name == "" {
		name = fmt.Sprintf("rules[%d]", i)
	}
	bad := func(format string, args ...any) (rule, error) {
		return rule{}, fmt.Errorf("%w: rule %s: %s", ErrConfig, name, fmt.Sprintf(format, args...))
	}
	r := rule{name: name, hooks: map[bridgev1.Call_Type]bool{}, match: rc.Match, envFile: rc.EnvFile}
	for _, p := range []string{rc.Match.FrameworkName, rc.Match.Role, rc.Match.Principal} {
		if _, err := path.Match(p, ""); err != nil {
			return bad("bad pattern %q: %v", p, err)
		}
	}
	for _, k := range sortedKeys(rc.Labels) {
		r.labels = append(r.labels, &mesos.Label{Key: ptr(k), Value: ptr(rc.Labels[k])})
	}
	for _, k := range sortedKeys(rc.Env) {
		if k == "" || strings.ContainsAny(k, "=\n\x00") || strings.ContainsAny(rc.Env[k], "\n\x00") {
			return bad("bad environment variable %q", k)
		}
		r.env = append(r.env, &mesos.Environment_Variable{Name: ptr(k), Value: ptr(rc.Env[k])})
	}
	if rc.EnvFile != nil && rc.EnvFile.Dir == "" {
		return bad("env_file needs a dir")
	}
	if rc.Command != nil {
		if rc.Command.Path == "" {
			return bad("command needs a path")
		}
		if len(rc.Hooks) == 0 {
			return bad("a command rule must list its hooks")
		}
		r.command = &Command{Path: rc.Command.Path, Args: rc.Command.Args, Timeout: time.Duration(rc.Command.Timeout)}
	}
	if r.labels == nil && r.env == nil && r.envFile == nil && r.command == nil {
		return bad("no action (labels, env, env_file or command)")
	}
	for _, h := range rc.Hooks {
		hk, ok := ByName(h)
		if !ok {
			return bad("unknown hook %q", h)
		}
		r.hooks[hk.Type] = true
	}
	if len(rc.Hooks) == 0 {
		if r.labels != nil {
			r.hooks[bridgev1.Call_MASTER_LAUNCH_TASK_LABEL_DECORATOR] = true
			r.hooks[bridgev1.Call_SLAVE_RUN_TASK_LABEL_DECORATOR] = true
		}
		if r.env != nil || r.envFile != nil {
			r.hooks[bridgev1.Call_SLAVE_EXECUTOR_ENVIRONMENT_DECORATOR] = true
		}
		if r.envFile != nil {
			r.hooks[bridgev1.Call_SLAVE_REMOVE_EXECUTOR_HOOK] = true
		}
	}
	return r, nil
}

// Handle implements Handler: the rules that apply to the call's hook and
// match its framework run in order, each starting from what the previous
// ones produced (the input's value at first). No rule, no change.
func (rs *Rules) Handle(ctx context.Context, call *bridgev1.Call) (*bridgev1.HookResult, error) {
	var cur *bridgev1.HookResult
	var fw *mesos.FrameworkInfo
	looked := false
	for _, r := range rs.rules {
		if !r.hooks[call.GetType()] {
			continue
		}
		if !r.match.empty() {
			if !looked {
				fw, looked = frameworkOf(ctx, call, rs.lookup), true
			}
			if !r.match.matches(fw) {
				continue
			}
		}
		next, err := r.apply(ctx, call, cur)
		if err != nil {
			return nil, fmt.Errorf("rule %s: %w", r.name, err)
		}
		cur = next
	}
	return cur, nil
}

func (r rule) apply(ctx context.Context, call *bridgev1.Call, cur *bridgev1.HookResult) (*bridgev1.HookResult, error) {
	t := call.GetType()
	switch {
	case r.command != nil:
		res, err := r.command.Run(ctx, call)
		if err != nil {
			return nil, err
		}
		if res.GetNone() {
			return cur, nil
		}
		return res, nil
	case t == bridgev1.Call_MASTER_LAUNCH_TASK_LABEL_DECORATOR || t == bridgev1.Call_SLAVE_RUN_TASK_LABEL_DECORATOR:
		if r.labels == nil {
			return cur, nil
		}
		base := Unchanged(call).(*mesos.Labels)
		if l := cur.GetLabels(); l != nil {
			base = l
		}
		return &bridgev1.HookResult{Value: &bridgev1.HookResult_Labels{Labels: mergeLabels(base, r.labels)}}, nil
	case t == bridgev1.Call_SLAVE_EXECUTOR_ENVIRONMENT_DECORATOR:
		base := Unchanged(call).(*mesos.Environment)
		if e := cur.GetEnvironment(); e != nil {
			base = e
		}
		add := r.env
		if r.envFile != nil {
			p, err := writeEnvFile(r.envFile, call.GetSlaveExecutorEnvironmentDecorator().GetExecutorInfo(), r.env)
			if err != nil {
				return nil, err
			}
			add = append(slices.Clone(add), &mesos.Environment_Variable{Name: ptr(envFileVariable(r.envFile)), Value: ptr(p)})
		}
		return &bridgev1.HookResult{Value: &bridgev1.HookResult_Environment{Environment: mergeEnv(base, add)}}, nil
	case t == bridgev1.Call_SLAVE_REMOVE_EXECUTOR_HOOK && r.envFile != nil:
		rm := call.GetSlaveRemoveExecutorHook()
		return cur, removeEnvFile(r.envFile, rm.GetFrameworkInfo().GetId().GetValue(), rm.GetExecutorInfo())
	}
	return cur, nil
}

// mergeLabels returns base with add, an added key replacing the same key.
func mergeLabels(base *mesos.Labels, add []*mesos.Label) *mesos.Labels {
	out := &mesos.Labels{}
	for _, l := range base.GetLabels() {
		if !slices.ContainsFunc(add, func(a *mesos.Label) bool { return a.GetKey() == l.GetKey() }) {
			out.Labels = append(out.Labels, l)
		}
	}
	out.Labels = append(out.Labels, add...)
	return out
}

// mergeEnv returns base with add, an added name replacing the same name.
func mergeEnv(base *mesos.Environment, add []*mesos.Environment_Variable) *mesos.Environment {
	out := &mesos.Environment{}
	for _, v := range base.GetVariables() {
		if !slices.ContainsFunc(add, func(a *mesos.Environment_Variable) bool { return a.GetName() == v.GetName() }) {
			out.Variables = append(out.Variables, v)
		}
	}
	out.Variables = append(out.Variables, add...)
	return out
}

func sortedKeys(m map[string]string) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

func ptr[T any](v T) *T { return &v }
