package cluster

import (
	"fmt"
	"net/http"
	"time"

	"go.uber.org/zap"

	"github.com/mactor/mactor/sim/agent"
	"github.com/mactor/mactor/sim/master"
)

// Defaults of the simulated cluster.
const (
	DefaultMasterListen = "127.0.0.1:5050"
	DefaultBridge       = "127.0.0.1:4050"
	DefaultAgents       = 3
)

// Config configures a Cluster. Zero values mean the defaults.
type Config struct {
	// MasterListen is the master's HTTP address (port 0 picks one).
	MasterListen string
	// Bridge is the engine's bridge address.
	Bridge string
	// Agents is how many agents run, each with AgentResources (Mesos's
	// syntax) and AgentAttributes ("name:value;..." text attributes).
	Agents          int
	AgentResources  string
	AgentAttributes string
	// FakeTasks makes tasks finish after FakeDuration without running a
	// process.
	FakeTasks    bool
	FakeDuration time.Duration
	// WorkDir holds the agents' sandboxes (default: a temporary directory,
	// removed on Close).
	WorkDir string
	// HeartbeatInterval paces the master's HEARTBEAT events (default 15s).
	HeartbeatInterval time.Duration
	// HookDeadline bounds each hook call to the engine (default 1s).
	HookDeadline time.Duration
	// BridgeHTTP is the HTTP client of the module side's bridge session
	// (default: the bridge client's own); mactor chaos passes one that
	// observes every call and answer.
	BridgeHTTP *http.Client
	// Logger receives the cluster's logs (default: none).
	Logger *zap.Logger
}

func (c Config) withDefaults() Config {
	if c.MasterListen == "" {
		c.MasterListen = DefaultMasterListen
	}
	if c.Bridge == "" {
		c.Bridge = DefaultBridge
	}
	if c.Agents == 0 {
		c.Agents = DefaultAgents
	}
	if c.AgentResources == "" {
		c.AgentResources = agent.DefaultResources
	}
	if c.HeartbeatInterval <= 0 {
		c.HeartbeatInterval = master.DefaultHeartbeatInterval
	}
	if c.Logger == nil {
		c.Logger = zap.NewNop()
	}
	return c
}

// Validate checks the numbers.
func (c Config) Validate() error {
	if c.Agents < 0 {
		return fmt.Errorf("%w: --agents must not be negative", ErrBadConfig)
	}
	return nil
}
