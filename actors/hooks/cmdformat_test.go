package hooks_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/mactor/mactor/actors/hooks"
	"github.com/mactor/mactor/bridge/bridgetest"
	bridgev1 "github.com/mactor/mactor/messages/bridge/v1"
	mesos "github.com/mactor/mactor/messages/mesos"
)

// TestCommandInputRoundTrip encodes every hook call in the command format
// and decodes it back, naming the hook or letting the keys tell it.
func TestCommandInputRoundTrip(t *testing.T) {
	ambiguous := map[string]bool{"masterSlaveLostHook": true, "slaveResourcesDecorator": true, "slaveAttributesDecorator": true}
	for _, hk := range hooks.All() {
		t.Run(hk.Name, func(t *testing.T) {
			call := bridgetest.Sample(hk.Type, 1)
			in, err := hooks.CommandInput(call)
			if err != nil {
				t.Fatal(err)
			}
			got, err := hooks.ParseCommandInput(in, hk.Name)
			if err != nil {
				t.Fatalf("%s: %v", in, err)
			}
			// Mesos JSON spells out fields that have defaults, so compare
			// what the calls encode to.
			again, err := hooks.CommandInput(got)
			if err != nil || string(again) != string(in) || got.GetType() != call.GetType() {
				t.Fatalf("round trip:\n got %s\nwant %s", again, in)
			}
			inferred, err := hooks.ParseCommandInput(in, "")
			switch {
			case ambiguous[hk.Name]:
				if !errors.Is(err, hooks.ErrConfig) {
					t.Fatalf("inferred %v, %v; want an ambiguity error", inferred.GetType(), err)
				}
			case err != nil || inferred.GetType() != hk.Type:
				t.Fatalf("inferred %v, %v", inferred.GetType(), err)
			}
		})
	}
}

func TestCommandInputInference(t *testing.T) {
	cases := []struct {
		in   string
		want bridgev1.Call_Type
		err  string
	}{
		{`{"executor_info":{}}`, bridgev1.Call_SLAVE_EXECUTOR_ENVIRONMENT_DECORATOR, ""},
		{`{"container_id":{"value":"c"}}`, bridgev1.Call_ISOLATOR_CLEANUP, ""},
		{`{"container_id":{"value":"c"},"container_config":{}}`, bridgev1.Call_ISOLATOR_PREPARE, ""},
		{`{"framework_info":{},"executor_info":{}}`, bridgev1.Call_SLAVE_REMOVE_EXECUTOR_HOOK, ""},
		{`{"executor_info":{},"container_name":"c","env":{"A":"1"}}`, bridgev1.Call_SLAVE_PRE_LAUNCH_DOCKER_TASK_EXECUTOR_DECORATOR, ""},
		{`{"slave_info":{}}`, 0, "cannot tell"},
		{`{"pid":12,"container_id":{}}`, 0, "cannot tell"},
		{`[]`, 0, "command input"},
		{`{"executor_info":{"executor_id":12}}`, 0, "executor_info"},
	}
	for _, tc := range cases {
		t.Run(tc.in, func(t *testing.T) {
			c, err := hooks.ParseCommandInput([]byte(tc.in), "")
			if tc.err != "" {
				if err == nil || !strings.Contains(err.Error(), tc.err) {
					t.Fatalf("err %v, want %q", err, tc.err)
				}
				return
			}
			if err != nil || c.GetType() != tc.want {
				t.Fatalf("%v %v", c.GetType(), err)
			}
		})
	}
}

func TestCommandOutput(t *testing.T) {
	call := bridgetest.Sample(bridgev1.Call_SLAVE_RUN_TASK_LABEL_DECORATOR, 1)
	// None: the task's own labels, which Mesos applies as no change.
	b, err := hooks.CommandOutput(call, &bridgev1.HookResult{None: true})
	if err != nil || string(b) != `{"labels":[{"key":"existing","value":"yes"}]}` {
		t.Fatalf("%s %v", b, err)
	}
	env := bridgetest.Sample(bridgev1.Call_SLAVE_EXECUTOR_ENVIRONMENT_DECORATOR, 1)
	if b, err := hooks.CommandOutput(env, &bridgev1.HookResult{None: true}); err != nil || !strings.Contains(string(b), "EXISTING") {
		t.Fatalf("%s %v", b, err)
	}
	prep := bridgetest.Sample(bridgev1.Call_ISOLATOR_PREPARE, 1)
	if b, err := hooks.CommandOutput(prep, &bridgev1.HookResult{None: true}); err != nil || b != nil {
		t.Fatalf("prepare none: %q %v", b, err)
	}
	if _, err := hooks.CommandOutput(call, &bridgev1.HookResult{Error: "no"}); err == nil {
		t.Fatal("an error result must fail the command")
	}
	// Parse back, including the bare-array forms.
	for _, tc := range []struct {
		call *bridgev1.Call
		out  string
		ok   func(*bridgev1.HookResult) bool
	}{
		{call, `{"labels":[{"key":"k","value":"v"}]}`, func(r *bridgev1.HookResult) bool { return r.GetLabels().GetLabels()[0].GetKey() == "k" }},
		{call, "  \n", func(r *bridgev1.HookResult) bool { return r.GetNone() }},
		{bridgetest.Sample(bridgev1.Call_SLAVE_RESOURCES_DECORATOR, 1), `[{"name":"cpus","type":"SCALAR","scalar":{"value":2}}]`, func(r *bridgev1.HookResult) bool {
			return r.GetResources().GetResources()[0].GetScalar().GetValue() == 2
		}},
		{bridgetest.Sample(bridgev1.Call_SLAVE_ATTRIBUTES_DECORATOR, 1), `{"attributes":[{"name":"rack","type":"TEXT","text":{"value":"r1"}}]}`, func(r *bridgev1.HookResult) bool {
			return r.GetAttributes().GetAttributes()[0].GetName() == "rack"
		}},
		{prep, `{"environment":{"variables":[{"name":"A","value":"1"}]}}`, func(r *bridgev1.HookResult) bool {
			return r.GetContainerLaunchInfo().GetEnvironment().GetVariables()[0].GetName() == "A"
		}},
		{bridgetest.Sample(bridgev1.Call_SLAVE_TASK_STATUS_DECORATOR, 1), `{"task_id":{"value":"t"},"state":"TASK_RUNNING","labels":{"labels":[{"key":"x"}]}}`, func(r *bridgev1.HookResult) bool {
			return r.GetTaskStatus().GetState() == mesos.TaskState_TASK_RUNNING
		}},
		{bridgetest.Sample(bridgev1.Call_SLAVE_REMOVE_EXECUTOR_HOOK, 1), `ignored`, func(r *bridgev1.HookResult) bool { return r.GetNone() }},
	} {
		r, err := hooks.ParseCommandOutput(tc.call, []byte(tc.out))
		if err != nil || !tc.ok(r) {
			t.Errorf("%s: %v %v", tc.out, r, err)
		}
	}
	if _, err := hooks.ParseCommandOutput(call, []byte(`{"labels":12}`)); !errors.Is(err, hooks.ErrCommand) {
		t.Errorf("bad output: %v", err)
	}
}

// FuzzParseCommandInput: a command input never crashes the parser, and
// what parses encodes again.
func FuzzParseCommandInput(f *testing.F) {
	for _, hk := range hooks.All() {
		in, err := hooks.CommandInput(bridgetest.Sample(hk.Type, 1))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(in, "")
		f.Add(in, hk.Name)
	}
	f.Fuzz(func(t *testing.T, data []byte, name string) {
		c, err := hooks.ParseCommandInput(data, name)
		if err != nil {
			return
		}
		if _, err := hooks.CommandInput(c); err != nil {
			t.Fatalf("parsed input does not encode: %v", err)
		}
	})
}
