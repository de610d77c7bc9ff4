package bridge

import (
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"go.uber.org/zap"
)

// Defaults of Config.
const (
	DefaultMaxBody           = 4 << 20
	DefaultHeartbeatInterval = 15 * time.Second
	DefaultOwnerTimeout      = 30 * time.Second
	DefaultReorderWait       = time.Second
	DefaultMaxInflight       = 1 << 16
	DefaultMaxBatchCalls     = 10000
	DefaultEventBuffer       = 4096
	DefaultIdleSession       = 10 * time.Minute
)

// Config tunes the bridge. Zero values mean the defaults.
type Config struct {
	// MaxBody bounds a request body (413 beyond it).
	MaxBody int64
	// HeartbeatInterval is the SUBSCRIBE stream's heartbeat period.
	HeartbeatInterval time.Duration
	// OwnerTimeout bounds how long a session waits for an owner's answer
	// before it gives up on everything in flight (503, resend).
	OwnerTimeout time.Duration
	// ReorderWait is how long a call that arrives ahead of its turn (a gap
	// in the sequence) waits for the missing ones before it is answered 409.
	ReorderWait time.Duration
	// MaxInflight bounds a session's calls admitted and not yet answered
	// (503 beyond it).
	MaxInflight int
	// MaxBatchCalls bounds the calls of one batch request.
	MaxBatchCalls int
	// EventBuffer is how many events the SUBSCRIBE stream keeps for resend.
	EventBuffer int
	// IdleSession is how long a session actor with nothing to do lives on.
	IdleSession time.Duration
	// AlligatorCallback, when set, is the URL of alligator's hook module
	// callback server: hook answers of the multipart path are also POSTed
	// there (multipart `type`, `value`), as its unmodified module waits
	// for them.
	AlligatorCallback string
	// Logger receives the bridge's logs; nil discards them.
	Logger *zap.Logger
	// Registerer receives the bridge's metrics; nil registers none.
	Registerer prometheus.Registerer
	// UnsafeAckBeforeDurable breaks durability on purpose, for the chaos
	// test only (mactor serve --unsafe-ack-before-fsync): a session
	// answers a call once its owner has applied it, without waiting for
	// the journaled watermark. Set owner.Config's field of the same name
	// too, or the owners' durable answers still hold the calls back.
	UnsafeAckBeforeDurable bool
}

func (c Config) withDefaults() Config {
	if c.MaxBody <= 0 {
		c.MaxBody = DefaultMaxBody
	}
	if c.HeartbeatInterval <= 0 {
		c.HeartbeatInterval = DefaultHeartbeatInterval
	}
	if c.OwnerTimeout <= 0 {
		c.OwnerTimeout = DefaultOwnerTimeout
	}
	if c.ReorderWait <= 0 {
		c.ReorderWait = DefaultReorderWait
	}
	if c.MaxInflight <= 0 {
		c.MaxInflight = DefaultMaxInflight
	}
	if c.MaxBatchCalls <= 0 {
		c.MaxBatchCalls = DefaultMaxBatchCalls
	}
	if c.EventBuffer <= 0 {
		c.EventBuffer = DefaultEventBuffer
	}
	if c.IdleSession <= 0 {
		c.IdleSession = DefaultIdleSession
	}
	if c.Logger == nil {
		c.Logger = zap.NewNop()
	}
	return c
}
