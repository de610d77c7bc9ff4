package engine

import (
	"errors"
	"fmt"
	"net"
	"time"

	"github.com/mactor/mactor/actors/allocator"
	"github.com/mactor/mactor/actors/hooks"
	"github.com/mactor/mactor/bridge"
	"github.com/mactor/mactor/bridge/owner"
)

// Defaults of the serve command.
const (
	DefaultListen            = "127.0.0.1:4050"
	DefaultHTTP              = "127.0.0.1:4051"
	DefaultData              = "./mactor-data"
	DefaultHookDeadline      = hooks.DefaultDeadline
	DefaultHeartbeatInterval = bridge.DefaultHeartbeatInterval
	DefaultMaxBody           = bridge.DefaultMaxBody
	DefaultShutdownGrace     = 10 * time.Second
	// DefaultAllocationInterval is the allocator's cycle period until the
	// module's INITIALIZE sets one.
	DefaultAllocationInterval = allocator.DefaultAllocationInterval
)

// ErrBadConfig reports a configuration the engine cannot start with.
var ErrBadConfig = errors.New("engine: bad config")

// Config is everything the engine needs to start.
type Config struct {
	// Listen is the bridge's TCP address (host:port; port 0 picks one).
	Listen string
	// HTTP is the status server's TCP address.
	HTTP string
	// DataDir holds the durable store (<data>/mactor.db); it is created if
	// missing.
	DataDir string
	// HooksConfig is a YAML file of hook deadlines, fallbacks and rules
	// (docs/hooks.md); empty means none.
	HooksConfig string
	// HookDeadline is the default deadline of every hook (default 500ms);
	// the hooks file may override it.
	HookDeadline time.Duration
	// HeartbeatInterval is the SUBSCRIBE stream's heartbeat period.
	HeartbeatInterval time.Duration
	// MaxBody bounds a bridge request body (default 4 MiB).
	MaxBody int64
	// ShutdownGrace bounds how long the bridge waits for calls in flight
	// when it stops.
	ShutdownGrace time.Duration
	// AlligatorCallback, when set, also posts hook answers of the multipart
	// path to alligator's module callback server at this URL.
	AlligatorCallback string
	// AllocationInterval is the allocator's cycle period (and the least
	// duration of a refuse filter) until an INITIALIZE call sets one, and
	// for modules that send none (default 1s).
	AllocationInterval time.Duration
	// AllocatorDebug checks the allocator's invariants after every call
	// and cycle; a violation crashes (and restarts) the allocator actor.
	AllocatorDebug bool
	// AllocatorPolicy orders roles and frameworks and sizes the offers
	// (docs/allocator.md, "Writing a policy"); nil means Mesos's DRF.
	AllocatorPolicy allocator.Policy

	// Faults enables fault injection on the status port (POST and GET
	// /debug/faults; docs/operator.md, "Fault injection"), for chaos
	// tests. Never in production: anyone who reaches the status port can
	// crash actors.
	Faults bool
	// UnsafeAckBeforeFsync breaks durability on purpose, for the chaos
	// test only: owners and sessions acknowledge one-way calls before
	// their journal writes are durable, so a crash of the process loses
	// acknowledged calls (the chaos run's conservation check must catch
	// it).
	UnsafeAckBeforeFsync bool

	// HookPolicy, when set, answers hooks in Go before the YAML rules.
	HookPolicy hooks.HookPolicy
	// OnRecordChanged, when set, receives every owner's RecordChanged (on
	// an actor of its own, in order per owner); the allocator of issue 5
	// takes this place.
	OnRecordChanged func(*owner.RecordChanged)
	// Bridge overrides finer bridge settings (timeouts, buffers); its
	// MaxBody and HeartbeatInterval are taken from the fields above.
	Bridge bridge.Config
}

func (c Config) withDefaults() Config {
	if c.HookDeadline <= 0 {
		c.HookDeadline = DefaultHookDeadline
	}
	if c.HeartbeatInterval <= 0 {
		c.HeartbeatInterval = DefaultHeartbeatInterval
	}
	if c.MaxBody <= 0 {
		c.MaxBody = DefaultMaxBody
	}
	if c.ShutdownGrace <= 0 {
		c.ShutdownGrace = DefaultShutdownGrace
	}
	if c.AllocationInterval <= 0 {
		c.AllocationInterval = DefaultAllocationInterval
	}
	return c
}

// Validate checks the addresses, the data directory and the hooks file.
func (c Config) Validate() error {
	for _, a := range []struct{ name, addr string }{{"listen", c.Listen}, {"http", c.HTTP}} {
		if _, _, err := net.SplitHostPort(a.addr); err != nil {
			return fmt.Errorf("%w: --%s %q: %v", ErrBadConfig, a.name, a.addr, err)
		}
	}
	if c.DataDir == "" {
		return fmt.Errorf("%w: --data must not be empty", ErrBadConfig)
	}
	if c.HookDeadline < 0 || c.HeartbeatInterval < 0 || c.MaxBody < 0 || c.AllocationInterval < 0 {
		return fmt.Errorf("%w: negative --hook-deadline, --heartbeat-interval, --max-body or --allocation-interval", ErrBadConfig)
	}
	if c.HooksConfig != "" {
		if _, err := hooks.LoadConfig(c.HooksConfig); err != nil {
			return fmt.Errorf("%w: --hooks-config: %w", ErrBadConfig, err)
		}
	}
	return nil
}
