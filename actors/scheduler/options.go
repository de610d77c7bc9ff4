package scheduler

import (
	"net/http"
	"time"

	"go.uber.org/zap"

	"github.com/mactor/mactor/internal/mesoshttp"
)

// Encoding is the wire encoding of calls and events.
type Encoding = mesoshttp.Encoding

// The encodings a master speaks.
const (
	// JSON is Mesos's JSON dialect.
	JSON = mesoshttp.JSON
	// Protobuf is the protobuf binary encoding (the default).
	Protobuf = mesoshttp.Protobuf
)

// Defaults of the options.
const (
	DefaultBackoffInitial   = 500 * time.Millisecond
	DefaultBackoffMax       = 15 * time.Second
	DefaultMissedHeartbeats = 5
	DefaultSubscribeTimeout = 30 * time.Second
	DefaultCallTimeout      = 75 * time.Second
	DefaultMaxRestarts      = 10
	DefaultRestartPeriod    = 10 * time.Second
	DefaultShutdownTimeout  = 5 * time.Second
)

// defaultHeartbeatInterval is used when SUBSCRIBED does not say (Mesos
// always sends 15 s).
const defaultHeartbeatInterval = 15 * time.Second

// Option tunes a driver.
type Option func(*options)

type options struct {
	log              *zap.Logger
	encoding         Encoding
	auth             mesoshttp.Authenticator
	httpClient       *http.Client
	backoffInitial   time.Duration
	backoffMax       time.Duration
	missedHeartbeats int
	subscribeTimeout time.Duration
	callTimeout      time.Duration
	autoAck          bool
	maxRecord        int
	store            StateStore
	maxRestarts      int
	restartPeriod    time.Duration
	shutdownTimeout  time.Duration
	name             string
	userAgent        string
}

func defaults() options {
	return options{
		log:              zap.NewNop(),
		encoding:         Protobuf,
		backoffInitial:   DefaultBackoffInitial,
		backoffMax:       DefaultBackoffMax,
		missedHeartbeats: DefaultMissedHeartbeats,
		subscribeTimeout: DefaultSubscribeTimeout,
		callTimeout:      DefaultCallTimeout,
		autoAck:          true,
		maxRestarts:      DefaultMaxRestarts,
		restartPeriod:    DefaultRestartPeriod,
		shutdownTimeout:  DefaultShutdownTimeout,
		userAgent:        "mactor-scheduler",
	}
}

// WithLogger sets the zap logger (default: no logging).
func WithLogger(l *zap.Logger) Option {
	return func(o *options) {
		if l != nil {
			o.log = l
		}
	}
}

// WithEncoding chooses JSON or Protobuf (the default) for calls and events.
func WithEncoding(e Encoding) Option { return func(o *options) { o.encoding = e } }

// WithCredentials authenticates with HTTP basic authentication as
// principal with secret, for masters run with
// --authenticate_http_frameworks. FrameworkInfo.principal should match.
func WithCredentials(principal, secret string) Option {
	return func(o *options) { o.auth = mesoshttp.BasicAuth{Principal: principal, Secret: secret} }
}

// WithHTTPClient sets the HTTP client (for TLS settings, proxies). Its
// redirect policy is ignored: the driver follows redirects itself.
func WithHTTPClient(c *http.Client) Option { return func(o *options) { o.httpClient = c } }

// WithBackoff sets the reconnection backoff: the first delay is about
// initial, doubling up to max (defaults 500 ms and 15 s).
func WithBackoff(initial, max time.Duration) Option {
	return func(o *options) { o.backoffInitial, o.backoffMax = initial, max }
}

// WithMissedHeartbeats sets how many heartbeat intervals may pass without
// any event before the driver drops the subscription and reconnects
// (default 5). The interval is the one the master announces in SUBSCRIBED.
func WithMissedHeartbeats(n int) Option {
	return func(o *options) {
		if n > 0 {
			o.missedHeartbeats = n
		}
	}
}

// WithSubscribeTimeout bounds how long SUBSCRIBE may take to produce its
// first event (default 30 s).
func WithSubscribeTimeout(d time.Duration) Option {
	return func(o *options) { o.subscribeTimeout = d }
}

// WithCallTimeout bounds each call other than SUBSCRIBE (default 75 s).
func WithCallTimeout(d time.Duration) Option { return func(o *options) { o.callTimeout = d } }

// WithAutoAcknowledge turns automatic acknowledgement of status and
// operation updates on (the default) or off. When on, an update is
// acknowledged right after the behaviour's callback returns normally, and
// not at all if it panics (so the master sends it again). When off, the
// behaviour calls Driver.Acknowledge itself.
func WithAutoAcknowledge(on bool) Option { return func(o *options) { o.autoAck = on } }

// WithMaxEventSize bounds the size of one event (default 64 MiB).
func WithMaxEventSize(n int) Option { return func(o *options) { o.maxRecord = n } }

// WithStateStore sets where a Stateful behaviour's state is kept (default:
// in memory, which survives behaviour restarts but not the process; a
// JournalStore survives the process too).
func WithStateStore(s StateStore) Option { return func(o *options) { o.store = s } }

// WithRestartIntensity sets how many crashes of the behaviour within period
// its supervisor tolerates (default 10 in 10 s). Past that the driver stops
// and Join reports ErrBehaviourFailed.
func WithRestartIntensity(maxRestarts int, period time.Duration) Option {
	return func(o *options) { o.maxRestarts, o.restartPeriod = maxRestarts, period }
}

// WithShutdownTimeout bounds how long stopping waits for the behaviour to
// finish its current callback (default 5 s).
func WithShutdownTimeout(d time.Duration) Option {
	return func(o *options) { o.shutdownTimeout = d }
}

// WithName names the behaviour's actor (default derived from the framework
// name); it must be unique within the actor system.
func WithName(name string) Option { return func(o *options) { o.name = name } }
