package master

import (
	"time"

	"go.uber.org/zap"
)

// DefaultHeartbeatInterval is Mesos's DEFAULT_HEARTBEAT_INTERVAL.
const DefaultHeartbeatInterval = 15 * time.Second

// DefaultUpdateRetry is how long the master waits for an acknowledgement
// before it resends a task status update.
const DefaultUpdateRetry = 10 * time.Second

// Config configures a Master. Zero values mean the defaults.
type Config struct {
	// ID is the master's id, the prefix of framework and offer ids
	// (default: a random UUID).
	ID string
	// Hostname and Port are reported in MasterInfo (default 127.0.0.1:5050).
	Hostname string
	Port     uint32
	// HeartbeatInterval is announced in SUBSCRIBED and paces HEARTBEAT
	// events (default 15s).
	HeartbeatInterval time.Duration
	// UpdateRetry is the resend period of unacknowledged status updates
	// (default 10s).
	UpdateRetry time.Duration
	// Module receives the allocator and hook calls (default: NopModule).
	Module Module
	// Launcher runs launched tasks on agents (default: every task is lost).
	Launcher Launcher
	// Logger receives the master's logs (default: none).
	Logger *zap.Logger
}
