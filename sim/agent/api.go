package agent

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"sync"
	"time"

	"github.com/asynkron/protoactor-go/actor"
	"go.uber.org/zap"

	"github.com/mactor/mactor/internal/mesoshttp"
	mesosv1 "github.com/mactor/mactor/messages/mesos/v1"
	executorv1 "github.com/mactor/mactor/messages/mesos/v1/executor"
	"github.com/mactor/mactor/sim/internal/simhttp"
)

// askTimeout bounds how long an API request waits for the agent's actor.
const askTimeout = 30 * time.Second

// apiServer is an agent's HTTP API: POST /api/v1/executor (also under
// /slave(1), the agent's libprocess name, as Mesos serves it).
type apiServer struct {
	ln   net.Listener
	srv  *http.Server  // nil until the actor serves (only it touches srv)
	done chan struct{} // closed to end every executor stream
	wg   sync.WaitGroup
}

// serveAPI starts serving the agent's API once; a restarted actor keeps
// it (it lives in the ledger). The listener is the one Ledger.Listen
// bound, or a new one on Config.Listen.
func (a *Agent) serveAPI(ctx actor.Context) {
	s := a.cfg.Ledger.api.Load()
	if s == nil {
		ln, err := net.Listen("tcp", a.cfg.Listen)
		if err != nil {
			a.log.Error("agent API not listening; custom executors cannot run", zap.String("listen", a.cfg.Listen), zap.Error(err))
			return
		}
		s = newAPIServer(ln)
		a.cfg.Ledger.api.Store(s)
	}
	if s.srv != nil {
		return
	}
	h := &apiHandler{system: ctx.ActorSystem(), pid: ctx.Self(), heartbeat: a.cfg.ExecutorHeartbeat, done: s.done, log: a.log}
	mux := http.NewServeMux()
	mux.Handle("/api/v1/executor", h)
	mux.Handle("/slave(1)/api/v1/executor", h)
	s.srv = &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second}
	s.wg.Add(1)
	go func() {
		defer s.wg.Done()
		if err := s.srv.Serve(s.ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			a.log.Error("agent API", zap.Error(err))
		}
	}()
	a.log.Debug("agent API listening", zap.String("address", s.ln.Addr().String()))
}

func newAPIServer(ln net.Listener) *apiServer {
	return &apiServer{ln: ln, done: make(chan struct{})}
}

// endpoint is the API's host:port, "" if it does not listen.
func (a *Agent) endpoint() string { return a.cfg.Ledger.Endpoint() }

// close ends the streams and stops serving.
func (s *apiServer) close() {
	close(s.done)
	if s.srv == nil {
		_ = s.ln.Close()
		return
	}
	_ = s.srv.Close()
	s.wg.Wait()
}

// execStream is one executor's SUBSCRIBE connection, as the actor sees
// it: the events queued for the handler to write.
type execStream struct {
	q    *mesoshttp.Queue[*executorv1.Event]
	done chan struct{}
	once sync.Once
}

func newExecStream() *execStream {
	return &execStream{q: mesoshttp.NewQueue[*executorv1.Event](), done: make(chan struct{})}
}

func (s *execStream) send(ev *executorv1.Event) { s.q.Push(ev) }

// end makes the handler write what is queued and close the connection.
func (s *execStream) end() { s.once.Do(func() { close(s.done) }) }

// apiHandler serves the executor API. It checks what needs no state and
// asks the agent's actor for the rest.
type apiHandler struct {
	system    *actor.ActorSystem
	pid       *actor.PID
	heartbeat time.Duration
	done      chan struct{}
	log       *zap.Logger
}

// The API's requests to the agent's actor, and its answer.
type (
	execSubscribe    struct{ call *executorv1.Call }
	execCall         struct{ call *executorv1.Call }
	execDisconnected struct{ stream *execStream }
	execReply        struct {
		stream *execStream
		err    *simhttp.Error
	}
)

// ServeHTTP is POST /api/v1/executor, with the checks in Mesos's order:
// method, Content-Type, body, HEARTBEAT (202 at once), call validation,
// Accept (SUBSCRIBE), then the framework, the executor and its
// subscription.
func (h *apiHandler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	call := &executorv1.Call{}
	if _, herr := simhttp.ReadCall(w, r, call); herr != nil {
		simhttp.WriteError(w, herr)
		return
	}
	switch call.GetType() {
	case executorv1.Call_HEARTBEAT:
		w.WriteHeader(http.StatusAccepted)
		return
	case executorv1.Call_UNKNOWN:
		simhttp.WriteError(w, simhttp.Refuse(http.StatusNotImplemented, "Received 'UNKNOWN' call"))
		return
	}
	if herr := validateCall(call); herr != nil {
		simhttp.WriteError(w, herr)
		return
	}
	if call.GetType() == executorv1.Call_SUBSCRIBE {
		enc, herr := simhttp.ResponseEncoding(r.Header.Values("Accept"))
		if herr != nil {
			simhttp.WriteError(w, herr)
			return
		}
		reply := h.ask(&execSubscribe{call: call})
		if reply.err != nil {
			simhttp.WriteError(w, reply.err)
			return
		}
		h.serveStream(w, r, reply.stream, enc)
		return
	}
	if reply := h.ask(&execCall{call: call}); reply.err != nil {
		simhttp.WriteError(w, reply.err)
		return
	}
	w.WriteHeader(http.StatusAccepted)
}

func (h *apiHandler) ask(msg any) *execReply {
	res, err := h.system.Root.RequestFuture(h.pid, msg, askTimeout).Result()
	if err != nil {
		return &execReply{err: simhttp.Refuse(http.StatusServiceUnavailable, fmt.Sprintf("Agent did not answer: %v", err))}
	}
	reply, ok := res.(*execReply)
	if !ok {
		return &execReply{err: simhttp.Refuse(http.StatusInternalServerError, fmt.Sprintf("Agent answered %T", res))}
	}
	return reply
}

// serveStream writes the stream's events, one RecordIO record and one
// HTTP chunk each, with a HEARTBEAT every interval, until the executor
// goes, the agent ends the stream, or the API closes.
func (h *apiHandler) serveStream(w http.ResponseWriter, r *http.Request, s *execStream, enc mesoshttp.Encoding) {
	defer h.system.Root.Send(h.pid, &execDisconnected{stream: s})
	w.Header().Set("Content-Type", enc.ContentType())
	w.Header().Set("Cache-Control", "no-cache")
	w.WriteHeader(http.StatusOK)
	if f, ok := w.(http.Flusher); ok {
		f.Flush()
	}
	ctx, cancel := context.WithCancel(r.Context())
	defer cancel()
	go func() {
		tick := time.NewTicker(h.heartbeat)
		defer tick.Stop()
		for {
			select {
			case <-tick.C:
				s.send(&executorv1.Event{Type: executorv1.Event_HEARTBEAT.Enum()})
			case <-s.done:
				cancel()
				return
			case <-h.done:
				cancel()
				return
			case <-ctx.Done():
				return
			}
		}
	}()
	ew := mesoshttp.NewEventWriter(w, enc)
	for {
		ev, ok := s.q.Pop(ctx)
		if !ok {
			break
		}
		if err := ew.Write(ev); err != nil {
			h.log.Debug("executor stream write", zap.Error(err))
			return
		}
	}
	select {
	case <-s.done: // the agent ended it: write what is left (SHUTDOWN)
		for _, ev := range s.q.Close() {
			_ = ew.Write(ev)
		}
	default:
	}
}

// validateCall checks what Mesos checks of an executor call before it
// looks at the agent's state.
func validateCall(call *executorv1.Call) *simhttp.Error {
	bad := func(msg string) *simhttp.Error {
		return simhttp.Refuse(http.StatusBadRequest, "Failed to validate executor::Call: "+msg)
	}
	if call.GetExecutorId().GetValue() == "" {
		return bad("Expecting 'executor_id' to be present")
	}
	if call.GetFrameworkId().GetValue() == "" {
		return bad("Expecting 'framework_id' to be present")
	}
	switch call.GetType() {
	case executorv1.Call_SUBSCRIBE:
		if call.Subscribe == nil {
			return bad("Expecting 'subscribe' to be present")
		}
	case executorv1.Call_UPDATE:
		if call.Update == nil {
			return bad("Expecting 'update' to be present")
		}
		st := call.GetUpdate().GetStatus()
		if len(st.GetUuid()) != 16 {
			return bad("Expecting 'uuid' to be present and a UUID")
		}
		if st.ExecutorId != nil && st.GetExecutorId().GetValue() != call.GetExecutorId().GetValue() {
			return bad(fmt.Sprintf("ExecutorID in Call: %s does not match ExecutorID in TaskStatus: %s", call.GetExecutorId().GetValue(), st.GetExecutorId().GetValue()))
		}
		if st.GetSource() != mesosv1.TaskStatus_SOURCE_EXECUTOR {
			return bad(fmt.Sprintf("Received Call from executor %s of framework %s with invalid source, expecting 'SOURCE_EXECUTOR'", call.GetExecutorId().GetValue(), call.GetFrameworkId().GetValue()))
		}
		if st.GetState() == mesosv1.TaskState_TASK_STAGING {
			return bad(fmt.Sprintf("Received TASK_STAGING from executor %s of framework %s which is not allowed", call.GetExecutorId().GetValue(), call.GetFrameworkId().GetValue()))
		}
	case executorv1.Call_MESSAGE:
		if call.Message == nil {
			return bad("Expecting 'message' to be present")
		}
	}
	return nil
}
