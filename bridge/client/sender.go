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

// sender posts the queue in order, one request at a time, and resends
// from the oldest unacknowledged call after any failure.
func (c *Client) sender(ctx context.Context) {
	defer close(c.stopped)
	bo := mesoshttp.Backoff{Initial: c.cfg.BackoffInitial, Max: c.cfg.BackoffMax}
	for {
		batch := c.take()
		if batch == nil {
			return
		}
		outs, err := c.post(ctx, batch)
		if ctx.Err() != nil {
			return
		}
		retry := err != nil
		if err != nil {
			c.cfg.Logger.Debug("bridge call failed; will resend", zap.Error(err), zap.Int("calls", len(batch)))
		} else {
			retry = c.settle(batch, outs)
		}
		if !retry {
			bo.Reset()
			continue
		}
		select {
		case <-time.After(bo.Next()):
		case <-ctx.Done():
			return
		}
	}
}

// take waits for queued calls and returns the oldest ones, as many as fit
// in one request; nil once the client is closed.
func (c *Client) take() []*Pending {
	c.mu.Lock()
	defer c.mu.Unlock()
	for len(c.queue) == 0 && !c.closed {
		c.wake.Wait()
	}
	if c.closed {
		return nil
	}
	n, size := 0, 0
	for n < len(c.queue) && n < c.cfg.MaxBatch {
		sz := len(c.queue[n].raw) + 24
		if n > 0 && size+sz > c.cfg.MaxBatchBytes {
			break
		}
		size += sz
		n++
	}
	return append([]*Pending(nil), c.queue[:n]...)
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
			c.queue = nil
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
