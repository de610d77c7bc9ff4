package client

import (
	"context"
	"fmt"
	"sync"

	"github.com/google/uuid"

	bridgev1 "github.com/mactor/mactor/messages/bridge/v1"
)

// Client is one module session with an engine. It is safe for concurrent
// use.
type Client struct {
	cfg Config

	mu      sync.Mutex
	wake    *sync.Cond // the sender waits for calls; callers wait for room
	next    uint64     // sequence number of the next queued call
	queue   []*Pending // unacknowledged calls, in sequence order
	sent    int        // how many of them are in requests in flight
	more    chan struct{}
	closed  bool
	stopped chan struct{}
	cancel  context.CancelFunc
	ownHTTP bool
}

// Pending is a queued call; Done is closed when the engine answered it.
type Pending struct {
	call *bridgev1.Call
	raw  []byte
	done chan struct{}
	resp *bridgev1.Response
	err  error
}

// Done is closed once the call is acknowledged or failed for good.
func (p *Pending) Done() <-chan struct{} { return p.done }

// Result waits for the call and returns the engine's answer.
func (p *Pending) Result(ctx context.Context) (*bridgev1.Response, error) {
	select {
	case <-p.done:
		return p.resp, p.err
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

// Sequence is the call's sequence number.
func (p *Pending) Sequence() uint64 { return p.call.GetSequence() }

func (p *Pending) complete(resp *bridgev1.Response, err error) {
	p.resp, p.err = resp, err
	close(p.done)
}

// New returns a client and starts its sender.
func New(cfg Config) *Client {
	own := cfg.HTTP == nil
	cfg = cfg.withDefaults()
	if cfg.SessionID == "" {
		cfg.SessionID = uuid.NewString()
	}
	ctx, cancel := context.WithCancel(context.Background())
	c := &Client{cfg: cfg, next: 1, stopped: make(chan struct{}), cancel: cancel, ownHTTP: own, more: make(chan struct{}, 1)}
	c.wake = sync.NewCond(&c.mu)
	go c.sender(ctx)
	return c
}

// SessionID returns the client's module session.
func (c *Client) SessionID() string { return c.cfg.SessionID }

// Close stops the sender; calls still queued fail with ErrClosed. It
// returns once the sender has stopped.
func (c *Client) Close() error {
	c.mu.Lock()
	if c.closed {
		c.mu.Unlock()
		<-c.stopped
		return nil
	}
	c.closed = true
	c.wake.Broadcast()
	c.mu.Unlock()
	c.cancel()
	<-c.stopped
	c.mu.Lock()
	q := c.queue
	c.queue = nil
	c.mu.Unlock()
	for _, p := range q {
		p.complete(nil, ErrClosed)
	}
	if c.ownHTTP {
		c.cfg.HTTP.CloseIdleConnections()
	}
	return nil
}

// Queued returns how many calls wait for their acknowledgement.
func (c *Client) Queued() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.queue)
}

// Go queues a one-way (or UPDATE_AVAILABLE) call: it gets the session id
// and the next sequence number, and is sent, batched with others, until
// the engine acknowledges it. It waits for room in the queue (bounded by
// MaxQueue) or for ctx.
func (c *Client) Go(ctx context.Context, call *bridgev1.Call) (*Pending, error) {
	if err := bridgev1.Validate(call); err != nil {
		return nil, fmt.Errorf("%w: %w", ErrRejected, err)
	}
	if k := bridgev1.KindOf(call.GetType()); k != bridgev1.KindOneWay && call.GetType() != bridgev1.Call_UPDATE_AVAILABLE {
		return nil, fmt.Errorf("%w: %s is not queued (use Hook or the typed method)", ErrRejected, call.GetType())
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	stop := context.AfterFunc(ctx, func() {
		c.mu.Lock()
		c.wake.Broadcast()
		c.mu.Unlock()
	})
	defer stop()
	for len(c.queue) >= c.cfg.MaxQueue && !c.closed && ctx.Err() == nil {
		c.wake.Wait()
	}
	if c.closed {
		return nil, ErrClosed
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	call.SessionId, call.Sequence = c.cfg.SessionID, c.next
	c.next++
	raw, err := c.cfg.encode(call)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrRejected, err)
	}
	p := &Pending{call: call, raw: raw, done: make(chan struct{})}
	c.queue = append(c.queue, p)
	c.wake.Broadcast()
	select {
	case c.more <- struct{}{}:
	default:
	}
	return p, nil
}

// Send queues a call (see Go) and waits for its acknowledgement.
func (c *Client) Send(ctx context.Context, call *bridgev1.Call) (*bridgev1.Response, error) {
	p, err := c.Go(ctx, call)
	if err != nil {
		return nil, err
	}
	return p.Result(ctx)
}

func (cfg Config) encode(call *bridgev1.Call) ([]byte, error) {
	return cfg.Encoding.Marshal(call)
}
