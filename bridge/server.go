package bridge

import (
	"context"
	"fmt"
	"net/http"
	"strconv"
	"sync/atomic"
	"time"

	"github.com/asynkron/protoactor-go/actor"
	"github.com/asynkron/protoactor-go/eventstream"
	"go.uber.org/zap"
	"google.golang.org/protobuf/proto"

	"github.com/mactor/mactor/actors/registry"
	"github.com/mactor/mactor/bridge/owner"
	bridgev1 "github.com/mactor/mactor/messages/bridge/v1"
	"github.com/mactor/mactor/supervisor"
	"github.com/mactor/mactor/supervisor/journal"
)

// HookAsker answers hook calls within their deadlines; actors/hooks.Hooks
// is the engine's.
type HookAsker interface {
	Ask(ctx context.Context, call *bridgev1.Call) (*bridgev1.HookResult, error)
}

// Server is the bridge: its HTTP handler and the parts behind it.
type Server struct {
	cfg      Config
	log      *zap.Logger
	system   *actor.ActorSystem
	epoch    *owner.Epoch
	hooks    HookAsker
	hub      *Hub
	sessions *Sessions
	router   *Router
	m        *metrics
	version  string

	stopping atomic.Bool
	deadSub  *eventstream.Subscription
	conns    conns // open connections, for DropConnections (drop.go)
}

// New prepares a bridge over the journal store. Start the session actors
// under a supervisor with SessionsSpec, then Bind it to the running tree.
func New(system *actor.ActorSystem, store journal.Store, epoch *owner.Epoch, hooks HookAsker, version string, cfg Config) *Server {
	cfg = cfg.withDefaults()
	m := newMetrics(cfg.Registerer)
	sessions := NewSessions(system, store, epoch, cfg)
	sessions.deps.m = m
	return &Server{
		cfg: cfg, log: cfg.Logger, system: system, epoch: epoch, hooks: hooks, version: version,
		hub: NewHub(cfg.EventBuffer), sessions: sessions, m: m,
	}
}

// SessionsSpec is the `sessions` supervisor of the bridge.
func (s *Server) SessionsSpec(opts ...supervisor.Option) supervisor.Spec {
	return s.sessions.Spec(opts...)
}

// Bind attaches the bridge to the running `allocation` and `sessions`
// supervisors.
func (s *Server) Bind(allocation, sessions *supervisor.Handle) error {
	r, err := NewRouter(s.system, allocation, s.log)
	if err != nil {
		return err
	}
	s.router = r
	s.sessions.Bind(sessions)
	s.deadSub = s.system.EventStream.Subscribe(s.onDeadLetter)
	return nil
}

// Close detaches the bridge from the actor system.
func (s *Server) Close() {
	if s.deadSub != nil {
		s.system.EventStream.Unsubscribe(s.deadSub)
	}
	if s.router != nil {
		s.router.Close()
	}
	s.sessions.Close()
}

// Hub is the SUBSCRIBE stream, where the allocator publishes offers.
func (s *Server) Hub() *Hub { return s.hub }

// Router finds the owners of calls.
func (s *Server) Router() *Router { return s.router }

// Sessions finds the module sessions.
func (s *Server) Sessions() *Sessions { return s.sessions }

// BeginShutdown makes the bridge answer 503 to new calls and ends the
// SUBSCRIBE stream; calls in flight still get their answers.
func (s *Server) BeginShutdown() {
	s.stopping.Store(true)
	s.hub.Close("engine stopping")
}

// Handler returns the bridge's HTTP handler: /api/v1/bridge and the legacy
// multipart endpoint at /.
func (s *Server) Handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("/api/v1/bridge", s.serveBridge)
	mux.HandleFunc("/", s.serveLegacy)
	return mux
}

func (s *Server) serveBridge(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost {
		w.Header().Set("Allow", http.MethodPost)
		httpError(w, http.StatusMethodNotAllowed, "method not allowed: use POST")
		return
	}
	ct := r.Header.Get("Content-Type")
	if mediaType(ct) == ContentTypeRecordIO {
		s.serveBatch(w, r)
		return
	}
	enc, ok := EncodingOf(ct)
	if !ok {
		httpError(w, http.StatusUnsupportedMediaType, fmt.Sprintf("unsupported Content-Type %q: use %s, %s or %s", ct, ContentTypeProtobuf, ContentTypeJSON, ContentTypeRecordIO))
		return
	}
	s.serveCall(w, r, enc)
}

func (s *Server) unavailable(w http.ResponseWriter, err error) {
	w.Header().Set("Retry-After", "1")
	httpError(w, http.StatusServiceUnavailable, err.Error())
}

// writeMessage answers code with m in enc.
func writeMessage(w http.ResponseWriter, code int, enc Encoding, m proto.Message) {
	b, err := enc.Marshal(m)
	if err != nil {
		httpError(w, http.StatusInternalServerError, "encoding the answer: "+err.Error())
		return
	}
	w.Header().Set("Content-Type", enc.ContentType())
	w.Header().Set("Content-Length", strconv.Itoa(len(b)))
	w.WriteHeader(code)
	_, _ = w.Write(b)
}

// httpError answers code with a one-line text message, as Mesos does.
func httpError(w http.ResponseWriter, code int, msg string) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(code)
	_, _ = fmt.Fprintln(w, msg)
}

// waitRequest waits for every slot of req to be answered (see
// request.await); false if that takes implausibly long, in which case the
// slots must not be read.
func (s *Server) waitRequest(req *request) bool {
	return req.await(2*s.cfg.OwnerTimeout + 5*time.Second)
}

// onDeadLetter answers the bridge's messages that reached no actor (an
// owner whose supervisor is restarting, a session that just ended, an
// actor that crashed on the message), so that nothing waits for them.
func (s *Server) onDeadLetter(e any) {
	dl, ok := e.(*actor.DeadLetterEvent)
	if !ok {
		return
	}
	switch m := dl.Message.(type) {
	case *owner.Apply:
		m.Reply(&owner.Applied{Tag: m.Tag, Err: owner.ErrCrashed})
	case *owner.Internal:
		m.Reply(owner.ErrCrashed)
	case *registry.Register:
		m.Reply(fmt.Errorf("%w: registry", ErrUnavailable))
	case *submit:
		for _, sl := range m.req.slots {
			sl.finish(http.StatusServiceUnavailable, "session unavailable; resend", 0)
		}
	default:
		return
	}
	s.m.deadLinks.Inc()
}
