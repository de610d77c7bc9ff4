package executor

import (
	"net/http"
	"time"

	"go.uber.org/zap"

	"github.com/mactor/mactor/internal/mesoshttp"
)

// Encoding is the wire encoding of calls and events.
type Encoding = mesoshttp.Encoding

// The encodings an agent speaks.
const (
	// JSON is Mesos's JSON dialect.
	JSON = mesoshttp.JSON
	// Protobuf is the protobuf binary encoding (the default).
	Protobuf = mesoshttp.Protobuf
)

// Defaults of the options.
const (
	DefaultSubscribeTimeout    = 30 * time.Second
	DefaultCallTimeout         = 75 * time.Second
	DefaultRegistrationTimeout = time.Minute // the agent's default --executor_registration_timeout
	DefaultMaxRestarts         = 10
	DefaultRestartPeriod       = 10 * time.Second
	DefaultShutdownTimeout     = 5 * time.Second
	// DefaultShutdownGracePeriod applies when the environment gives none
	// (the agent's default --executor_shutdown_grace_period).
	DefaultShutdownGracePeriod = 5 * time.Second
)

// Option tunes a driver.
type Option func(*options)

type options struct {
	log                 *zap.Logger
	encoding            Encoding
	httpClient          *http.Client
	subscribeTimeout    time.Duration
	callTimeout         time.Duration
	registrationTimeout time.Duration
	backoffInitial      time.Duration
	backoffMax          time.Duration
	maxRecord           int
	store               StateStore
	maxRestarts         int
	restartPeriod       time.Duration
	shutdownTimeout     time.Duration
	name                string
}

func defaults() options {
	return options{
		log:                 zap.NewNop(),
		encoding:            Protobuf,
		subscribeTimeout:    DefaultSubscribeTimeout,
		callTimeout:         DefaultCallTimeout,
		registrationTimeout: DefaultRegistrationTimeout,
		backoffInitial:      250 * time.Millisecond,
		backoffMax:          2 * time.Second,
		maxRestarts:         DefaultMaxRestarts,
		restartPeriod:       DefaultRestartPeriod,
		shutdownTimeout:     DefaultShutdownTimeout,
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

// WithEncoding chooses JSON or Protobuf (the default).
func WithEncoding(e Encoding) Option { return func(o *options) { o.encoding = e } }

// WithHTTPClient sets the HTTP client whose transport reaches the agent.
// It is ignored when the environment names a domain socket.
func WithHTTPClient(c *http.Client) Option { return func(o *options) { o.httpClient = c } }

// WithSubscribeTimeout bounds how long one SUBSCRIBE may take to produce
// SUBSCRIBED (default 30 s).
func WithSubscribeTimeout(d time.Duration) Option { return func(o *options) { o.subscribeTimeout = d } }

// WithCallTimeout bounds each call other than SUBSCRIBE (default 75 s).
func WithCallTimeout(d time.Duration) Option { return func(o *options) { o.callTimeout = d } }

// WithRegistrationTimeout bounds how long the driver keeps trying its
// first subscription when the framework does not checkpoint (default 1
// minute; with checkpointing MESOS_RECOVERY_TIMEOUT applies).
func WithRegistrationTimeout(d time.Duration) Option {
	return func(o *options) { o.registrationTimeout = d }
}

// WithBackoff sets the delays between subscription attempts of a
// framework that does not checkpoint (default 250 ms doubling to 2 s).
// With checkpointing each delay is drawn from [0,
// MESOS_SUBSCRIPTION_BACKOFF_MAX], as Mesos's own executor library does.
func WithBackoff(initial, max time.Duration) Option {
	return func(o *options) { o.backoffInitial, o.backoffMax = initial, max }
}

// WithMaxEventSize bounds the size of one event (default 64 MiB).
func WithMaxEventSize(n int) Option { return func(o *options) { o.maxRecord = n } }

// WithStateStore sets where a Stateful behaviour's state is kept (default:
// in memory; behaviour.JournalStore, also known as scheduler.JournalStore,
// keeps it durably).
func WithStateStore(s StateStore) Option { return func(o *options) { o.store = s } }

// WithRestartIntensity sets how many crashes of the behaviour within
// period its supervisor tolerates (default 10 in 10 s).
func WithRestartIntensity(maxRestarts int, period time.Duration) Option {
	return func(o *options) { o.maxRestarts, o.restartPeriod = maxRestarts, period }
}

// WithShutdownTimeout bounds how long stopping waits for the behaviour's
// current callback (default 5 s).
func WithShutdownTimeout(d time.Duration) Option { return func(o *options) { o.shutdownTimeout = d } }

// WithName names the behaviour's actor (default derived from the executor
// ID); it must be unique within the actor system.
func WithName(name string) Option { return func(o *options) { o.name = name } }
