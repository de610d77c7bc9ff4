package client_test

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/mactor/mactor/bridge"
	"github.com/mactor/mactor/bridge/bridgetest"
	"github.com/mactor/mactor/bridge/client"
	bridgev1 "github.com/mactor/mactor/messages/bridge/v1"
)

// fake is a scripted engine: it decodes the calls of each request and
// answers each with status(call).
type fake struct {
	mu       sync.Mutex
	requests [][]uint64
	status   func(c *bridgev1.Call) (int, uint64)
}

func (f *fake) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	var calls []*bridgev1.Call
	batch := r.Header.Get("Content-Type") == bridge.ContentTypeRecordIO
	if batch {
		calls, _, _ = bridge.DecodeBatch(body, bridge.Protobuf, 1<<20)
	} else {
		c := &bridgev1.Call{}
		_ = bridge.Protobuf.Unmarshal(body, c)
		calls = []*bridgev1.Call{c}
	}
	var seqs []uint64
	for _, c := range calls {
		seqs = append(seqs, c.GetSequence())
	}
	f.mu.Lock()
	f.requests = append(f.requests, seqs)
	f.mu.Unlock()
	if !batch {
		code, exp := f.status(calls[0])
		if code == http.StatusAccepted {
			b, _ := bridge.Protobuf.Marshal(&bridgev1.Response{Type: calls[0].GetType(), Sequence: calls[0].GetSequence()})
			w.WriteHeader(code)
			_, _ = w.Write(b)
			return
		}
		if exp > 0 {
			w.Header().Set(bridge.HeaderExpectedSequence, strconv.FormatUint(exp, 10))
		}
		w.WriteHeader(code)
		_, _ = w.Write([]byte("scripted"))
		return
	}
	var out []byte
	for _, c := range calls {
		code, exp := f.status(c)
		b, _ := bridge.Protobuf.Marshal(&bridgev1.Response{Type: c.GetType(), Sequence: c.GetSequence(), Status: int32(code), ExpectedSequence: exp})
		out = append(out, []byte(strconv.Itoa(len(b))+"\n")...)
		out = append(out, b...)
	}
	w.Header().Set("Content-Type", bridge.ContentTypeRecordIO)
	w.Header().Set(bridge.HeaderMessageContentType, bridge.ContentTypeProtobuf)
	_, _ = w.Write(out)
}

func newFake(t *testing.T, status func(c *bridgev1.Call) (int, uint64)) (*fake, *client.Client) {
	f := &fake{status: status}
	srv := httptest.NewServer(f)
	t.Cleanup(srv.Close)
	c := client.New(client.Config{Addr: srv.URL, BackoffInitial: time.Millisecond, BackoffMax: 5 * time.Millisecond})
	t.Cleanup(func() { _ = c.Close() })
	return f, c
}

func pause() *bridgev1.Call { return bridgetest.Sample(bridgev1.Call_PAUSE, 1) }

// TestSenderResendsInOrder: a 503 in the middle makes the client resend
// from the oldest unacknowledged call, in order, batched.
func TestSenderResendsInOrder(t *testing.T) {
	var mu sync.Mutex
	failed := false
	f, c := newFake(t, func(call *bridgev1.Call) (int, uint64) {
		mu.Lock()
		defer mu.Unlock()
		if call.GetSequence() == 3 && !failed {
			failed = true
			return http.StatusServiceUnavailable, 3
		}
		return http.StatusAccepted, 0
	})
	ctx := context.Background()
	var ps []*client.Pending
	for i := 0; i < 5; i++ {
		p, err := c.Go(ctx, pause())
		if err != nil {
			t.Fatal(err)
		}
		ps = append(ps, p)
	}
	for _, p := range ps {
		if _, err := p.Result(ctx); err != nil {
			t.Fatal(err)
		}
	}
	var seen []uint64
	f.mu.Lock()
	for _, r := range f.requests {
		seen = append(seen, r...)
	}
	f.mu.Unlock()
	// Every call went out in order; 3 (and what followed it in its
	// request) went out again.
	last, resent := uint64(0), false
	for _, s := range seen {
		if s < last {
			resent = true
		}
		last = s
	}
	if !resent || seen[len(seen)-1] != 5 {
		t.Fatalf("requests %v", f.requests)
	}
}

func TestSenderRejectedAndOutOfSync(t *testing.T) {
	_, c := newFake(t, func(call *bridgev1.Call) (int, uint64) {
		switch call.GetSequence() {
		case 1:
			return http.StatusBadRequest, 0
		case 2:
			return http.StatusAccepted, 0
		}
		return http.StatusConflict, 1 // wants a call this client no longer holds
	})
	ctx := context.Background()
	if _, err := c.Send(ctx, pause()); !errors.Is(err, client.ErrRejected) {
		t.Fatalf("400: %v", err)
	}
	if _, err := c.Send(ctx, pause()); err != nil {
		t.Fatalf("202: %v", err)
	}
	if _, err := c.Send(ctx, pause()); !errors.Is(err, client.ErrOutOfSync) {
		t.Fatalf("409: %v", err)
	}
}

func TestGoChecksAndQueueBound(t *testing.T) {
	block := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { <-block }))
	defer srv.Close()
	defer close(block)
	c := client.New(client.Config{Addr: srv.URL, MaxQueue: 2})
	defer c.Close()
	ctx := context.Background()
	if _, err := c.Go(ctx, &bridgev1.Call{Type: bridgev1.Call_ADD_FRAMEWORK}); !errors.Is(err, client.ErrRejected) {
		t.Fatalf("invalid call: %v", err)
	}
	if _, err := c.Go(ctx, bridgetest.Sample(bridgev1.Call_SLAVE_POST_FETCH_HOOK, 1)); !errors.Is(err, client.ErrRejected) {
		t.Fatalf("hook through Go: %v", err)
	}
	for i := 0; i < 2; i++ {
		if _, err := c.Go(ctx, pause()); err != nil {
			t.Fatal(err)
		}
	}
	short, cancel := context.WithTimeout(ctx, 50*time.Millisecond)
	defer cancel()
	if _, err := c.Go(short, pause()); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("full queue: %v", err)
	}
}

func TestHookFallbackWhenEngineSlowOrDown(t *testing.T) {
	slow := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { time.Sleep(200 * time.Millisecond) }))
	defer slow.Close()
	c := client.New(client.Config{Addr: slow.URL, HookDeadline: 20 * time.Millisecond})
	defer c.Close()
	res, err := c.SlaveRunTaskLabelDecorator(context.Background(), bridgetest.Sample(bridgev1.Call_SLAVE_RUN_TASK_LABEL_DECORATOR, 1).GetSlaveRunTaskLabelDecorator())
	if err != nil || !res.GetFallback() || !res.GetNone() {
		t.Fatalf("slow engine: %v %v", res, err)
	}
	down := client.New(client.Config{Addr: "127.0.0.1:1"})
	defer down.Close()
	if res, err := down.IsolatorCleanup(context.Background(), bridgetest.Sample(bridgev1.Call_ISOLATOR_CLEANUP, 1).GetIsolatorCleanup()); err != nil || !res.GetFallback() {
		t.Fatalf("engine down: %v %v", res, err)
	}
}
