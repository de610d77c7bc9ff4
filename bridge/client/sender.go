package client

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"

	"go.uber.org/zap"

	"github.com/mactor/mactor/bridge"
	"github.com/mactor/mactor/internal/mesoshttp"
	"github.com/mactor/mactor/internal/recordio"
	bridgev1 "github.com/mactor/mactor/messages/bridge/v1"
)

// outcome is the engine's answer to one call of a request.
type outcome struct {
	status   int
	resp     *bridgev1.Response
	msg      string
	expected uint64
}

// flight is one request on its way.
type flight struct {
	batch []*Pending
	done  chan flightResult
}

type flightResult struct {
	outs []outcome
	err  error
}

// sender posts the queue in order, up to Window requests at once, and
// after any failure waits for the requests in flight, then resends from
// the oldest unacknowledged call.
func (c *Client) sender(ctx context.Context) {
	defer close(c.stopped)
	bo := mesoshttp.Backoff{Initial: c.cfg.BackoffInitial, Max: c.cfg.BackoffMax}
	var inflight []*flight
	for {
		for len(inflight) < c.cfg.Window {
			batch := c.take(len(inflight) == 0)
			if batch == nil {
				break
			}
			f := &flight{batch: batch, done: make(chan flightResult, 1)}
			go func() {
				outs, err := c.post(ctx, f.batch)
				f.done <- flightResult{outs, err}
			}()
			inflight = append(inflight, f)
		}
		if len(inflight) == 0 {
			return // closed
		}
		var r flightResult
		select {
		case r = <-inflight[0].done:
		case <-c.more:
			continue // room in the window for what was just queued
		}
		f := inflight[0]
		inflight = inflight[1:]
		if ctx.Err() != nil {
			for _, f := range inflight {
				<-f.done
			}
			return
		}
		retry := r.err != nil
		if r.err != nil {
			c.cfg.Logger.Debug("bridge call failed; will resend", zap.Error(r.err), zap.Int("calls", len(f.batch)))
		} else {
			retry = c.settle(f.batch, r.outs)
		}
		if !retry {
			bo.Reset()
			continue
		}
		// What followed the failure is answered 503 or 409 by the engine
		// (acknowledgements are in order): wait for it, and start again
		// from the oldest unacknowledged call.
		for _, f := range inflight {
			<-f.done
		}
		inflight = nil
		c.rewind()
		select {
		case <-time.After(bo.Next()):
		case <-ctx.Done():
			return
		}
	}
}

// take returns the oldest calls not sent yet, as many as fit in one
// request; with wait it waits for some, else it returns nil when there are
// none. It returns nil once the client is closed.
func (c *Client) take(wait bool) []*Pending {
	c.mu.Lock()
	defer c.mu.Unlock()
	for wait && c.sent == len(c.queue) && !c.closed {
		c.wake.Wait()
	}
	if c.closed || c.sent == len(c.queue) {
		return nil
	}
	n, size := 0, 0
	rest := c.queue[c.sent:]
	for n < len(rest) && n < c.cfg.MaxBatch {
		sz := len(rest[n].raw) + 24
		if n > 0 && size+sz > c.cfg.MaxBatchBytes {
			break
		}
		size += sz
		n++
	}
	c.sent += n
	return append([]*Pending(nil), rest[:n]...)
}

// rewind makes every unacknowledged call unsent again.
func (c *Client) rewind() {
	c.mu.Lock()
	c.sent = 0
	c.mu.Unlock()
}

// settle applies the answers to the head of the queue; it reports whether
// something must be resent.
func (c *Client) settle(batch []*Pending, outs []outcome) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	done := 0
	retry := false
	for i, o := range outs {
		p := batch[i]
		if len(c.queue) <= done || c.queue[done] != p {
			break // the queue changed under us (Close)
		}
		switch {
		case o.status == http.StatusOK || o.status == http.StatusAccepted:
			p.complete(o.resp, nil)
		case o.status == http.StatusConflict && o.expected > 0 && o.expected < p.call.GetSequence():
			// The engine wants a call this client no longer holds.
			err := fmt.Errorf("%w: engine expects sequence %d, oldest held is %d", ErrOutOfSync, o.expected, p.call.GetSequence())
			for _, q := range c.queue {
				q.complete(nil, err)
			}
			c.queue, c.sent = nil, 0
			c.wake.Broadcast()
			return false
		case o.status >= 400 && o.status < 500 && o.status != http.StatusConflict && o.status != http.StatusRequestTimeout && o.status != http.StatusTooManyRequests:
			p.complete(nil, fmt.Errorf("%w: %w", ErrRejected, &StatusError{Code: o.status, Message: o.msg}))
		default:
			retry = true
		}
		if retry {
			break
		}
		done++
	}
	if len(outs) < len(batch) {
		retry = true
	}
	clear(c.queue[:done])
	c.queue = c.queue[done:]
	c.sent = max(c.sent-done, 0)
	if done > 0 {
		c.wake.Broadcast()
	}
	return retry
}

// post sends the calls as one request: a single call, or a batch.
func (c *Client) post(ctx context.Context, batch []*Pending) ([]outcome, error) {
	ctx, cancel := context.WithTimeout(ctx, c.cfg.CallTimeout)
	defer cancel()
	enc := c.cfg.Encoding
	var req *http.Request
	var err error
	if len(batch) == 1 {
		req, err = http.NewRequestWithContext(ctx, http.MethodPost, c.cfg.Addr+"/api/v1/bridge", bytes.NewReader(batch[0].raw))
		if err != nil {
			return nil, err
		}
		req.Header.Set("Content-Type", enc.ContentType())
		req.Header.Set("Accept", enc.ContentType())
	} else {
		var body []byte
		for _, p := range batch {
			body = recordio.Append(body, p.raw)
		}
		req, err = http.NewRequestWithContext(ctx, http.MethodPost, c.cfg.Addr+"/api/v1/bridge", bytes.NewReader(body))
		if err != nil {
			return nil, err
		}
		req.Header.Set("Content-Type", bridge.ContentTypeRecordIO)
		req.Header.Set(bridge.HeaderMessageContentType, enc.ContentType())
		req.Header.Set(bridge.HeaderMessageAccept, enc.ContentType())
	}
	resp, err := c.cfg.HTTP.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	if len(batch) == 1 {
		return c.single(resp)
	}
	return c.batchAnswer(resp, len(batch))
}

func (c *Client) single(resp *http.Response) ([]outcome, error) {
	o := outcome{status: resp.StatusCode}
	if resp.StatusCode == http.StatusOK || resp.StatusCode == http.StatusAccepted {
		b, err := io.ReadAll(resp.Body)
		if err != nil {
			return nil, err
		}
		o.resp = &bridgev1.Response{}
		if err := c.cfg.Encoding.Unmarshal(b, o.resp); err != nil {
			return nil, fmt.Errorf("bridge answer: %w", err)
		}
		return []outcome{o}, nil
	}
	o.msg = readMessage(resp.Body)
	o.expected, _ = strconv.ParseUint(resp.Header.Get(bridge.HeaderExpectedSequence), 10, 64)
	return []outcome{o}, nil
}

func (c *Client) batchAnswer(resp *http.Response, n int) ([]outcome, error) {
	if resp.StatusCode != http.StatusOK {
		o := outcome{status: resp.StatusCode, msg: readMessage(resp.Body)}
		o.expected, _ = strconv.ParseUint(resp.Header.Get(bridge.HeaderExpectedSequence), 10, 64)
		outs := make([]outcome, n)
		for i := range outs {
			outs[i] = o
		}
		return outs, nil
	}
	enc, ok := bridge.EncodingOf(resp.Header.Get(bridge.HeaderMessageContentType))
	if !ok {
		enc = c.cfg.Encoding
	}
	rd := recordio.NewReader(resp.Body)
	var outs []outcome
	for len(outs) < n {
		rec, err := rd.Read()
		if err != nil {
			if errors.Is(err, io.EOF) {
				break
			}
			return outs, err
		}
		r := &bridgev1.Response{}
		if err := enc.Unmarshal(rec, r); err != nil {
			return outs, fmt.Errorf("bridge answer: %w", err)
		}
		outs = append(outs, outcome{status: int(r.GetStatus()), resp: r, msg: r.GetError(), expected: r.GetExpectedSequence()})
	}
	return outs, nil
}

func readMessage(r io.Reader) string {
	b, _ := io.ReadAll(io.LimitReader(r, 4096))
	return strings.TrimSpace(string(b))
}
