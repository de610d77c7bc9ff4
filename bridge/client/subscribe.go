package client

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"sync/atomic"
	"time"

	"github.com/mactor/mactor/internal/mesoshttp"
	"github.com/mactor/mactor/internal/recordio"
	bridgev1 "github.com/mactor/mactor/messages/bridge/v1"
)

// SubscribeOptions describe the module's stream.
type SubscribeOptions struct {
	// MasterID and Module are reported to the engine.
	MasterID, Module string
	// MissedHeartbeats is how many heartbeat intervals without any event
	// end the stream (default 3); the client then reconnects.
	MissedHeartbeats int
}

// Subscribe keeps the session's SUBSCRIBE stream open until ctx ends,
// calling handle with every event in order, on the calling goroutine. It
// reconnects with backoff when the stream breaks (EOF, an ERROR event,
// missed heartbeats), asking for the events after the last OFFERS or
// INVERSE_OFFERS it handled; each event is handled once, unless the engine
// restarted and numbers anew (SUBSCRIBED tells, and the count restarts).
// It returns ctx's error.
func (c *Client) Subscribe(ctx context.Context, opts SubscribeOptions, handle func(*bridgev1.Event)) error {
	if opts.MissedHeartbeats <= 0 {
		opts.MissedHeartbeats = 3
	}
	bo := mesoshttp.Backoff{Initial: c.cfg.BackoffInitial, Max: c.cfg.BackoffMax}
	var last uint64
	for {
		err := c.stream(ctx, opts, &last, handle, &bo)
		if ctx.Err() != nil {
			return ctx.Err()
		}
		c.cfg.Logger.Debug("SUBSCRIBE stream ended; reconnecting")
		_ = err
		select {
		case <-time.After(bo.Next()):
		case <-ctx.Done():
			return ctx.Err()
		}
	}
}

func (c *Client) stream(ctx context.Context, opts SubscribeOptions, last *uint64, handle func(*bridgev1.Event), bo *mesoshttp.Backoff) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	call := &bridgev1.Call{
		SessionId: c.cfg.SessionID, Type: bridgev1.Call_SUBSCRIBE,
		Payload: &bridgev1.Call_Subscribe_{Subscribe: &bridgev1.Call_Subscribe{MasterId: opts.MasterID, Module: opts.Module, LastEventSequence: *last}},
	}
	body, err := c.cfg.Encoding.Marshal(call)
	if err != nil {
		return err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, c.cfg.Addr+"/api/v1/bridge", bytes.NewReader(body))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", c.cfg.Encoding.ContentType())
	req.Header.Set("Accept", c.cfg.Encoding.ContentType())
	resp, err := c.cfg.HTTP.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return &StatusError{Code: resp.StatusCode, Message: readMessage(resp.Body)}
	}
	// A watchdog ends the stream when nothing arrives for a few heartbeats.
	alive := make(chan struct{}, 1)
	var hb atomic.Int64
	hb.Store(int64(15 * time.Second))
	go func() {
		t := time.NewTimer(time.Duration(int64(opts.MissedHeartbeats) * hb.Load()))
		defer t.Stop()
		for {
			select {
			case <-alive:
				t.Reset(time.Duration(int64(opts.MissedHeartbeats) * hb.Load()))
			case <-t.C:
				cancel()
				return
			case <-ctx.Done():
				return
			}
		}
	}()
	rd := recordio.NewReader(resp.Body)
	for {
		rec, err := rd.Read()
		if err != nil {
			if errors.Is(err, io.EOF) {
				return io.ErrUnexpectedEOF
			}
			return err
		}
		ev := &bridgev1.Event{}
		if err := c.cfg.Encoding.Unmarshal(rec, ev); err != nil {
			return fmt.Errorf("bridge event: %w", err)
		}
		select {
		case alive <- struct{}{}:
		default:
		}
		switch ev.GetType() {
		case bridgev1.Event_SUBSCRIBED:
			bo.Reset()
			s := ev.GetSubscribed()
			if d := time.Duration(s.GetHeartbeatIntervalSeconds() * float64(time.Second)); d > 0 {
				hb.Store(int64(d))
			}
			if next := s.GetNextEventSequence(); next > 0 && next <= *last {
				*last = next - 1 // the engine restarted and numbers anew
			}
		case bridgev1.Event_OFFERS, bridgev1.Event_INVERSE_OFFERS:
			if ev.GetSequence() <= *last {
				continue
			}
			*last = ev.GetSequence()
		}
		handle(ev)
		if ev.GetType() == bridgev1.Event_ERROR {
			return fmt.Errorf("bridge: %s", ev.GetError().GetMessage())
		}
	}
}
