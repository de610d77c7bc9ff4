package bridge

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/asynkron/protoactor-go/actor"

	"github.com/mactor/mactor/bridge/owner"
	"github.com/mactor/mactor/internal/testutil"
	bridgev1 "github.com/mactor/mactor/messages/bridge/v1"
	"github.com/mactor/mactor/supervisor"
	"github.com/mactor/mactor/supervisor/journal"
)

// gatedStore is a real journal whose first append to one stream waits
// until release is closed (the backpressure a full store queue applies),
// after closing entered: it holds its caller, the session actor, inside
// its Receive for as long as the test needs.
type gatedStore struct {
	journal.Store
	stream  string
	entered chan struct{}
	release chan struct{}
	once    sync.Once
}

func (g *gatedStore) AppendAsync(ctx context.Context, stream string, expect uint64, events ...[]byte) *journal.Future {
	if stream == g.stream {
		g.once.Do(func() {
			close(g.entered)
			<-g.release
		})
	}
	return g.Store.AppendAsync(ctx, stream, expect, events...)
}

// gatedSessions returns an actor system and Sessions on a real journal
// whose first append of session s's watermark is gated.
func gatedSessions(t *testing.T) (*actor.ActorSystem, *gatedStore, *Sessions) {
	t.Helper()
	system := actor.NewActorSystem()
	t.Cleanup(system.Shutdown)
	bolt, err := journal.OpenBolt(filepath.Join(t.TempDir(), "journal.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = bolt.Close() })
	store := &gatedStore{Store: bolt, stream: sessionStream("s"), entered: make(chan struct{}), release: make(chan struct{})}
	return system, store, NewSessions(system, store, &owner.Epoch{}, Config{})
}

// sequenced returns a request of one sequenced call of session s that the
// engine refused (400): it takes its sequence number but goes to no owner,
// so the session alone answers it.
func sequenced(session string, seq uint64) *request {
	call := &bridgev1.Call{SessionId: session, Sequence: seq, Type: bridgev1.Call_DEACTIVATE_FRAMEWORK}
	return newRequest([]*slot{{call: call, rejected: "refused by the test"}})
}

// TestSubmitQueuedWhenSessionStops: a session that stops with a request
// still in its mailbox (as when the sessions supervisor exceeds its
// restart intensity and shuts its children down, the `escalate` fault)
// never processes it: protoactor drops user messages that reach a stopped
// actor. Without the incarnation watch the request was answered only by
// the bridge's two-minute safety timer, and the module's client, after its
// own one-minute request timeout, resent: a stall of a minute in the
// session's acknowledgements. The request must instead be answered 503
// (resend) as soon as the session is gone.
func TestSubmitQueuedWhenSessionStops(t *testing.T) {
	system, store, sessions := gatedSessions(t)
	sup, err := supervisor.Start(system, "sessions", sessions.Spec())
	if err != nil {
		t.Fatal(err)
	}
	defer sup.Stop()
	sessions.Bind(sup)
	defer sessions.Close()

	// The first call makes the session journal its watermark: it is then
	// held inside its Receive by the store.
	first := sequenced("s", 1)
	if err := sessions.submit("s", first); err != nil {
		t.Fatal(err)
	}
	wait(t, store.entered, "s held inside its Receive")
	// The second request is now in the session's mailbox, and the session
	// is stopped the way its supervisor stops it (protoactor's Stop: a
	// system message, handled before any user message).
	second := sequenced("s", 2)
	if err := sessions.submit("s", second); err != nil {
		t.Fatal(err)
	}
	pid, err := sessions.PID("s")
	if err != nil {
		t.Fatal(err)
	}
	system.Root.Stop(pid)
	close(store.release)

	for name, req := range map[string]*request{"held by the session": first, "queued in its mailbox": second} {
		t.Run(name, func(t *testing.T) {
			var answered bool
			testutil.Eventually(t, 20*time.Second, func() bool {
				answered = req.await(10 * time.Millisecond)
				return answered
			}, "the request answered")
			if sl := req.slots[0]; sl.status != http.StatusServiceUnavailable {
				t.Errorf("answered %d %q, want 503 (resend)", sl.status, sl.errMsg)
			}
		})
	}
	select {
	case <-second.gone:
	default:
		t.Error("the session's incarnation is not reported gone")
	}
}

// wait waits for ch to be closed.
func wait(t *testing.T, ch <-chan struct{}, what string) {
	t.Helper()
	testutil.Eventually(t, 20*time.Second, func() bool {
		select {
		case <-ch:
			return true
		default:
			return false
		}
	}, what)
}

// spy is a mailbox middleware that reports the messages posted.
type spy struct{ posted func(any) }

func (spy) MailboxStarted()       {}
func (s spy) MessagePosted(m any) { s.posted(m) }
func (spy) MessageReceived(any)   {}
func (spy) MailboxEmpty()         {}

// TestStartSessionWhileSupervisorStops: a session started while the
// sessions supervisor is shutting down (its intensity exceeded; the
// escalate fault) — the request to start it is queued in the supervisor's
// mailbox and dropped when the supervisor stops. Without the supervisor's
// watch the module's call waited out the supervisor's call timeout (5 s)
// before it was answered 503; it must be answered as soon as that
// supervisor is gone, with ErrSupervisorGone.
func TestStartSessionWhileSupervisorStops(t *testing.T) {
	system, store, sessions := gatedSessions(t)

	// stopPosted: the session s is asked to stop (the sessions supervisor
	// is then inside its shutdown, waiting for s). callPosted: a request
	// other than protoactor's own reached the supervisor after that.
	stopPosted, callPosted := make(chan struct{}), make(chan struct{})
	var stopOnce, callOnce sync.Once
	var armed atomic.Bool
	sessionBox := actor.Unbounded(spy{func(m any) {
		if _, ok := m.(*actor.Stop); ok {
			stopOnce.Do(func() { armed.Store(true); close(stopPosted) })
		}
	}})
	supervisorBox := actor.Unbounded(spy{func(m any) {
		if env, ok := m.(*actor.MessageEnvelope); ok {
			m = env.Message
		}
		if armed.Load() && !strings.HasPrefix(fmt.Sprintf("%T", m), "*actor.") {
			callOnce.Do(func() { close(callPosted) })
		}
	}})
	top, err := supervisor.Start(system, "bridge", supervisor.Spec{
		Strategy: supervisor.OneForOne,
		Children: []supervisor.ChildSpec{sessions.Spec(supervisor.WithMailbox(func(string) actor.MailboxProducer { return sessionBox })).ChildSpec("sessions")},
		Options:  []supervisor.Option{supervisor.WithMailbox(func(string) actor.MailboxProducer { return supervisorBox })},
	})
	if err != nil {
		t.Fatal(err)
	}
	defer top.Stop()
	sup, err := top.Supervisor("sessions")
	if err != nil {
		t.Fatal(err)
	}
	sessions.Bind(sup)
	defer sessions.Close()

	if err := sessions.submit("s", sequenced("s", 1)); err != nil {
		t.Fatal(err)
	}
	wait(t, store.entered, "s held inside its Receive")
	go func() { _ = top.TerminateChild("sessions") }()
	wait(t, stopPosted, "the sessions supervisor stopping s")
	errc := make(chan error, 1)
	go func() { errc <- sessions.submit("t", sequenced("t", 1)) }()
	wait(t, callPosted, "the request to start t in the stopping supervisor's mailbox")
	close(store.release)
	var err2 error
	testutil.Eventually(t, 20*time.Second, func() bool {
		select {
		case err2 = <-errc:
			return true
		default:
			return false
		}
	}, "the session start answered")
	if err := err2; !errors.Is(err, ErrSupervisorGone) || !errors.Is(err, ErrUnavailable) {
		t.Fatalf("starting a session under a stopping supervisor: %v, want %v (503)", err, ErrSupervisorGone)
	}
}
