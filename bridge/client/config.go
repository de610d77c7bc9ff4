package client

import (
	"net/http"
	"strings"
	"time"

	"go.uber.org/zap"

	"github.com/mactor/mactor/bridge"
)

// Config configures a Client. Zero values mean the defaults.
type Config struct {
	// Addr is the engine's bridge, host:port or a base URL
	// (default 127.0.0.1:4050).
	Addr string
	// SessionID is the module session (default: a random UUID).
	SessionID string
	// Encoding of calls and answers (default protobuf).
	Encoding bridge.Encoding
	// MaxBatch bounds the calls of one batch request (default 4096).
	MaxBatch int
	// MaxBatchBytes bounds a batch request body (default 3 MiB, under the
	// engine's default 4 MiB limit).
	MaxBatchBytes int
	// Window bounds the requests in flight at once (default 4): while one
	// waits for the journal, the next is on its way. They may reach the
	// engine out of order; it puts them back in order.
	Window int
	// MaxQueue bounds the calls queued and not yet acknowledged; queuing
	// more waits (default 65536).
	MaxQueue int
	// HookDeadline bounds a hook call on the client side (default 1s);
	// past it the client answers the fallback itself.
	HookDeadline time.Duration
	// CallTimeout bounds one HTTP request of the sender (default 60s).
	CallTimeout time.Duration
	// BackoffInitial and BackoffMax shape the resend backoff
	// (default 20ms, 2s).
	BackoffInitial, BackoffMax time.Duration
	// HTTP is the HTTP client (default: a dedicated transport).
	HTTP *http.Client
	// Logger receives the client's logs (default: none).
	Logger *zap.Logger
}

func (c Config) withDefaults() Config {
	if c.Addr == "" {
		c.Addr = "127.0.0.1:4050"
	}
	if !strings.Contains(c.Addr, "://") {
		c.Addr = "http://" + c.Addr
	}
	c.Addr = strings.TrimSuffix(c.Addr, "/")
	if c.MaxBatch <= 0 {
		c.MaxBatch = 4096
	}
	if c.MaxBatchBytes <= 0 {
		c.MaxBatchBytes = 3 << 20
	}
	if c.Window <= 0 {
		c.Window = 4
	}
	if c.MaxQueue <= 0 {
		c.MaxQueue = 1 << 16
	}
	if c.HookDeadline <= 0 {
		c.HookDeadline = time.Second
	}
	if c.CallTimeout <= 0 {
		c.CallTimeout = time.Minute
	}
	if c.BackoffInitial <= 0 {
		c.BackoffInitial = 20 * time.Millisecond
	}
	if c.BackoffMax <= 0 {
		c.BackoffMax = 2 * time.Second
	}
	if c.HTTP == nil {
		c.HTTP = &http.Client{Transport: &http.Transport{
			MaxIdleConns: 64, MaxIdleConnsPerHost: 64, IdleConnTimeout: 90 * time.Second,
		}}
	}
	if c.Logger == nil {
		c.Logger = zap.NewNop()
	}
	return c
}
