package master

import (
	"context"
	"fmt"
	"net/http"
	"sync"
	"time"

	"github.com/google/uuid"
	"go.uber.org/zap"
	"google.golang.org/protobuf/proto"

	"github.com/mactor/mactor/internal/mesoshttp"
	mesosv1 "github.com/mactor/mactor/messages/mesos/v1"
	schedulerv1 "github.com/mactor/mactor/messages/mesos/v1/scheduler"
)

// Master is a simulated Mesos master. Create it with New, serve Handler,
// and Close it. It is safe for concurrent use.
type Master struct {
	cfg  Config
	log  *zap.Logger
	info *mesosv1.MasterInfo

	mu         sync.Mutex
	frameworks map[string]*framework
	agents     map[string]*mesosv1.AgentInfo
	offers     map[string]*mesosv1.Offer
	nextFW     int
	nextOffer  int
	closed     bool
	stop       chan struct{}
	wg         sync.WaitGroup
}

// framework is the master's record of one framework.
type framework struct {
	info       *mesosv1.FrameworkInfo
	suppressed []string
	stream     *stream // nil when disconnected
	failover   *time.Timer
	tasks      map[string]*task
	executors  map[string]*mesosv1.ExecutorInfo // executorKey → the custom executor launched there
	removed    bool
}

// task is the master's record of one task and its latest status.
type task struct {
	info    *mesosv1.TaskInfo
	status  *mesosv1.TaskStatus
	pending *mesosv1.TaskStatus // sent, not yet acknowledged
	// executor is the id of the custom executor it runs on ("" for a
	// command task): its own, or its LAUNCH_GROUP's.
	executor string
}

// stream is one open SUBSCRIBE connection.
type stream struct {
	id   string
	enc  mesoshttp.Encoding
	done chan struct{} // closed to end the stream
	once sync.Once

	qmu   sync.Mutex
	queue []*schedulerv1.Event
	wake  chan struct{}
}

func newStream(enc mesoshttp.Encoding) *stream {
	return &stream{id: uuid.NewString(), enc: enc, done: make(chan struct{}), wake: make(chan struct{}, 1)}
}

// send queues ev for the stream's writer; it never blocks.
func (s *stream) send(ev *schedulerv1.Event) {
	s.qmu.Lock()
	s.queue = append(s.queue, ev)
	s.qmu.Unlock()
	select {
	case s.wake <- struct{}{}:
	default:
	}
}

// take returns the queued events.
func (s *stream) take() []*schedulerv1.Event {
	s.qmu.Lock()
	defer s.qmu.Unlock()
	q := s.queue
	s.queue = nil
	return q
}

func (s *stream) end() { s.once.Do(func() { close(s.done) }) }

// New returns a master.
func New(cfg Config) *Master {
	if cfg.ID == "" {
		cfg.ID = uuid.NewString()
	}
	if cfg.Hostname == "" {
		cfg.Hostname = "127.0.0.1"
	}
	if cfg.Port == 0 {
		cfg.Port = 5050
	}
	if cfg.HeartbeatInterval <= 0 {
		cfg.HeartbeatInterval = DefaultHeartbeatInterval
	}
	if cfg.UpdateRetry <= 0 {
		cfg.UpdateRetry = DefaultUpdateRetry
	}
	if cfg.Module == nil {
		cfg.Module = NopModule{}
	}
	if cfg.Logger == nil {
		cfg.Logger = zap.NewNop()
	}
	m := &Master{
		cfg: cfg, log: cfg.Logger,
		info: &mesosv1.MasterInfo{
			Id: proto.String(cfg.ID), Ip: proto.Uint32(0x0100007f), Port: proto.Uint32(cfg.Port),
			Hostname: proto.String(cfg.Hostname), Version: proto.String("1.11.0"),
			Pid: proto.String(fmt.Sprintf("master@%s:%d", cfg.Hostname, cfg.Port)),
		},
		frameworks: map[string]*framework{},
		agents:     map[string]*mesosv1.AgentInfo{},
		offers:     map[string]*mesosv1.Offer{},
		stop:       make(chan struct{}),
	}
	m.wg.Add(1)
	go m.retryUpdates()
	return m
}

// Info returns the MasterInfo sent in SUBSCRIBED.
func (m *Master) Info() *mesosv1.MasterInfo { return proto.Clone(m.info).(*mesosv1.MasterInfo) }

// Handler serves /api/v1/scheduler (also under /master), /state and
// /health.
func (m *Master) Handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("/api/v1/scheduler", m.serveScheduler)
	mux.HandleFunc("/master/api/v1/scheduler", m.serveScheduler)
	mux.HandleFunc("/state", m.serveState)
	mux.HandleFunc("/master/state", m.serveState)
	mux.HandleFunc("/state.json", m.serveState)
	mux.HandleFunc("/health", m.serveHealth)
	mux.HandleFunc("/redirect", m.serveRedirect)
	mux.HandleFunc("/master/redirect", m.serveRedirect)
	return mux
}

// Close ends every stream and stops the timers. It returns once the
// master's goroutines have stopped (streams end as their handlers return).
func (m *Master) Close() {
	m.mu.Lock()
	if m.closed {
		m.mu.Unlock()
		return
	}
	m.closed = true
	close(m.stop)
	for _, f := range m.frameworks {
		if f.stream != nil {
			f.stream.end()
		}
		if f.failover != nil {
			f.failover.Stop()
		}
	}
	m.mu.Unlock()
	m.wg.Wait()
}

// AddAgent registers an agent whose resources the allocator may offer.
// The agent side (sim/agent) also tells the module (addSlave).
func (m *Master) AddAgent(info *mesosv1.AgentInfo) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.agents[info.GetId().GetValue()] = proto.Clone(info).(*mesosv1.AgentInfo)
}

func (m *Master) ctx() context.Context { return context.Background() }
