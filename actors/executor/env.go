package executor

import (
	"errors"
	"fmt"
	"net"
	"os"
	"strings"
	"time"
)

// Env is what the agent tells an executor through its environment.
type Env struct {
	// FrameworkID is MESOS_FRAMEWORK_ID (required).
	FrameworkID string
	// ExecutorID is MESOS_EXECUTOR_ID (required).
	ExecutorID string
	// AgentEndpoint is the agent's "ip:port", from MESOS_AGENT_ENDPOINT
	// or, failing that, from MESOS_SLAVE_PID ("slave(1)@ip:port").
	AgentEndpoint string
	// AgentID is MESOS_SLAVE_ID, if set.
	AgentID string
	// Directory is MESOS_DIRECTORY, the sandbox on the host (deprecated).
	Directory string
	// Sandbox is MESOS_SANDBOX, the sandbox as the executor sees it.
	Sandbox string
	// Checkpoint is MESOS_CHECKPOINT == "1": the framework checkpoints, so
	// the executor should survive an agent restart.
	Checkpoint bool
	// ShutdownGracePeriod is MESOS_EXECUTOR_SHUTDOWN_GRACE_PERIOD
	// (required): how long the agent waits after SHUTDOWN before it kills
	// the executor.
	ShutdownGracePeriod time.Duration
	// RecoveryTimeout is MESOS_RECOVERY_TIMEOUT (required with
	// checkpointing): how long to keep trying to reach a lost agent.
	RecoveryTimeout time.Duration
	// SubscriptionBackoffMax is MESOS_SUBSCRIPTION_BACKOFF_MAX (required
	// with checkpointing): the longest wait between two attempts.
	SubscriptionBackoffMax time.Duration
	// AuthenticationToken is MESOS_EXECUTOR_AUTHENTICATION_TOKEN, sent as
	// a bearer token when set.
	AuthenticationToken string
	// DomainSocket is MESOS_DOMAIN_SOCKET: when set, the agent is reached
	// over this Unix socket instead of TCP.
	DomainSocket string
}

// EnvError describes one unusable MESOS_* variable. It wraps
// ErrMissingEnv or ErrInvalidEnv.
type EnvError struct {
	// Var is the variable's name.
	Var string
	// Err is ErrMissingEnv, or ErrInvalidEnv joined with the reason.
	Err error
}

// Error implements error.
func (e *EnvError) Error() string { return e.Var + ": " + e.Err.Error() }

// Unwrap returns the cause.
func (e *EnvError) Unwrap() error { return e.Err }

// EnvFromOS reads the executor environment of this process. See ParseEnv.
func EnvFromOS() (Env, error) { return ParseEnv(os.LookupEnv) }

// ParseEnv reads and checks the executor environment through lookup. It
// reports every problem at once: the error joins one *EnvError per bad
// variable (errors.Is(err, ErrMissingEnv) tells whether any is missing).
func ParseEnv(lookup func(string) (string, bool)) (Env, error) {
	var (
		env  Env
		errs []error
	)
	get := func(name string) string { v, _ := lookup(name); return strings.TrimSpace(v) }
	missing := func(name string) { errs = append(errs, &EnvError{Var: name, Err: ErrMissingEnv}) }
	invalid := func(name string, err error) {
		errs = append(errs, &EnvError{Var: name, Err: fmt.Errorf("%w: %w", ErrInvalidEnv, err)})
	}
	required := func(name string) string {
		v := get(name)
		if v == "" {
			missing(name)
		}
		return v
	}
	duration := func(name string, need bool) time.Duration {
		v := get(name)
		if v == "" {
			if need {
				missing(name)
			}
			return 0
		}
		d, err := ParseDuration(v)
		if err != nil {
			invalid(name, err)
		}
		return d
	}

	env.FrameworkID = required("MESOS_FRAMEWORK_ID")
	env.ExecutorID = required("MESOS_EXECUTOR_ID")
	env.AgentID = get("MESOS_SLAVE_ID")
	env.Directory = get("MESOS_DIRECTORY")
	env.Sandbox = get("MESOS_SANDBOX")
	env.AuthenticationToken = get("MESOS_EXECUTOR_AUTHENTICATION_TOKEN")
	env.DomainSocket = get("MESOS_DOMAIN_SOCKET")

	switch endpoint, pid := get("MESOS_AGENT_ENDPOINT"), get("MESOS_SLAVE_PID"); {
	case endpoint != "":
		if _, _, err := net.SplitHostPort(endpoint); err != nil {
			invalid("MESOS_AGENT_ENDPOINT", err)
		}
		env.AgentEndpoint = endpoint
	case pid != "":
		_, addr, ok := strings.Cut(pid, "@")
		if _, _, err := net.SplitHostPort(addr); !ok || err != nil {
			invalid("MESOS_SLAVE_PID", fmt.Errorf("%q is not id@ip:port", pid))
		}
		env.AgentEndpoint = addr
	default:
		missing("MESOS_AGENT_ENDPOINT")
	}

	switch v := get("MESOS_CHECKPOINT"); v {
	case "1", "true":
		env.Checkpoint = true
	case "", "0", "false":
	default:
		invalid("MESOS_CHECKPOINT", fmt.Errorf("%q is not 1 or 0", v))
	}
	env.ShutdownGracePeriod = duration("MESOS_EXECUTOR_SHUTDOWN_GRACE_PERIOD", true)
	env.RecoveryTimeout = duration("MESOS_RECOVERY_TIMEOUT", env.Checkpoint)
	env.SubscriptionBackoffMax = duration("MESOS_SUBSCRIPTION_BACKOFF_MAX", env.Checkpoint)
	return env, errors.Join(errs...)
}
