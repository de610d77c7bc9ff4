package executor_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/mactor/mactor/actors/executor"
)

// agentEnv is the environment a Mesos 1.11 agent gives a checkpointing
// framework's executor.
func agentEnv() map[string]string {
	return map[string]string{
		"MESOS_FRAMEWORK_ID":                   "5a1d2c3e-8f4b-4c1e-9d7a-2b6e0f3c4d5e-0000",
		"MESOS_EXECUTOR_ID":                    "hello-executor",
		"MESOS_SLAVE_ID":                       "0f9c5b7e-3a2d-4e8f-b1c6-7d5a4e3b2c1f-S0",
		"MESOS_SLAVE_PID":                      "slave(1)@10.0.0.11:5051",
		"MESOS_AGENT_ENDPOINT":                 "10.0.0.11:5051",
		"MESOS_DIRECTORY":                      "/var/lib/mesos/slaves/S0/frameworks/F/executors/E/runs/R",
		"MESOS_SANDBOX":                        "/mnt/mesos/sandbox",
		"MESOS_CHECKPOINT":                     "1",
		"MESOS_HTTP_COMMAND_EXECUTOR":          "0",
		"MESOS_EXECUTOR_SHUTDOWN_GRACE_PERIOD": "5secs",
		"MESOS_RECOVERY_TIMEOUT":               "15mins",
		"MESOS_SUBSCRIPTION_BACKOFF_MAX":       "2secs",
	}
}

func lookupIn(m map[string]string) func(string) (string, bool) {
	return func(k string) (string, bool) { v, ok := m[k]; return v, ok }
}

func TestParseEnv(t *testing.T) {
	env, err := executor.ParseEnv(lookupIn(agentEnv()))
	if err != nil {
		t.Fatal(err)
	}
	want := executor.Env{
		FrameworkID:            "5a1d2c3e-8f4b-4c1e-9d7a-2b6e0f3c4d5e-0000",
		ExecutorID:             "hello-executor",
		AgentEndpoint:          "10.0.0.11:5051",
		AgentID:                "0f9c5b7e-3a2d-4e8f-b1c6-7d5a4e3b2c1f-S0",
		Directory:              "/var/lib/mesos/slaves/S0/frameworks/F/executors/E/runs/R",
		Sandbox:                "/mnt/mesos/sandbox",
		Checkpoint:             true,
		ShutdownGracePeriod:    5 * time.Second,
		RecoveryTimeout:        15 * time.Minute,
		SubscriptionBackoffMax: 2 * time.Second,
	}
	if env != want {
		t.Fatalf("ParseEnv =\n%+v\nwant\n%+v", env, want)
	}
}

func TestParseEnvErrors(t *testing.T) {
	tests := []struct {
		name     string
		edit     func(m map[string]string)
		sentinel error
		vars     []string // the variables the error must name
	}{
		{"nothing set", func(m map[string]string) { clear(m) }, executor.ErrMissingEnv,
			[]string{"MESOS_FRAMEWORK_ID", "MESOS_EXECUTOR_ID", "MESOS_AGENT_ENDPOINT", "MESOS_EXECUTOR_SHUTDOWN_GRACE_PERIOD"}},
		{"checkpointing without recovery settings", func(m map[string]string) {
			delete(m, "MESOS_RECOVERY_TIMEOUT")
			delete(m, "MESOS_SUBSCRIPTION_BACKOFF_MAX")
		}, executor.ErrMissingEnv, []string{"MESOS_RECOVERY_TIMEOUT", "MESOS_SUBSCRIPTION_BACKOFF_MAX"}},
		{"bad duration", func(m map[string]string) { m["MESOS_RECOVERY_TIMEOUT"] = "15 minutes" }, executor.ErrInvalidEnv,
			[]string{"MESOS_RECOVERY_TIMEOUT"}},
		{"bad endpoint", func(m map[string]string) { m["MESOS_AGENT_ENDPOINT"] = "10.0.0.11" }, executor.ErrInvalidEnv,
			[]string{"MESOS_AGENT_ENDPOINT"}},
		{"bad checkpoint flag", func(m map[string]string) { m["MESOS_CHECKPOINT"] = "yes" }, executor.ErrInvalidEnv,
			[]string{"MESOS_CHECKPOINT"}},
		{"bad slave pid", func(m map[string]string) {
			delete(m, "MESOS_AGENT_ENDPOINT")
			m["MESOS_SLAVE_PID"] = "slave(1)"
		}, executor.ErrInvalidEnv, []string{"MESOS_SLAVE_PID"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := agentEnv()
			tt.edit(m)
			_, err := executor.ParseEnv(lookupIn(m))
			if !errors.Is(err, tt.sentinel) {
				t.Fatalf("err = %v, want %v", err, tt.sentinel)
			}
			for _, v := range tt.vars {
				if !strings.Contains(err.Error(), v) {
					t.Errorf("error %q does not name %s", err, v)
				}
			}
			var ee *executor.EnvError
			if !errors.As(err, &ee) || ee.Var == "" {
				t.Errorf("errors.As(*EnvError) failed for %v", err)
			}
		})
	}
}

func TestParseEnvFallbacks(t *testing.T) {
	m := agentEnv()
	delete(m, "MESOS_AGENT_ENDPOINT")
	m["MESOS_CHECKPOINT"] = "0"
	delete(m, "MESOS_RECOVERY_TIMEOUT")
	delete(m, "MESOS_SUBSCRIPTION_BACKOFF_MAX")
	env, err := executor.ParseEnv(lookupIn(m))
	if err != nil {
		t.Fatal(err)
	}
	if env.AgentEndpoint != "10.0.0.11:5051" || env.Checkpoint {
		t.Fatalf("env = %+v", env)
	}
}
