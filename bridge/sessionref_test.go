package bridge

import (
	"context"
	"net/http"
	"path/filepath"
	"sync"
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
	system := actor.NewActorSystem()
	defer system.Shutdown()
	bolt, err := journal.OpenBolt(filepath.Join(t.TempDir(), "journal.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer bolt.Close()
	store := &gatedStore{Store: bolt, stream: sessionStream("s"), entered: make(chan struct{}), release: make(chan struct{})}
	sessions := NewSessions(system, store, &owner.Epoch{}, Config{})
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
	<-store.entered
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
