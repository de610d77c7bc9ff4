package client

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"time"

	bridgev1 "github.com/mactor/mactor/messages/bridge/v1"
)

// Fallback is the answer the client gives on its own when the engine does
// not answer a hook call in time (or is down): "no change".
func Fallback() *bridgev1.HookResult {
	return &bridgev1.HookResult{None: true, Fallback: true}
}

// Hook sends a hook call and returns the engine's answer, or Fallback()
// when the engine does not answer within HookDeadline (or ctx's deadline,
// if sooner), is unreachable or answers 5xx. An error is returned only for
// a call the engine refuses (4xx): a bug to fix, not a condition to wait
// out.
func (c *Client) Hook(ctx context.Context, call *bridgev1.Call) (*bridgev1.HookResult, error) {
	if bridgev1.KindOf(call.GetType()) != bridgev1.KindHook {
		return nil, fmt.Errorf("%w: %s is not a hook call", ErrRejected, call.GetType())
	}
	if call.SessionId == "" {
		call.SessionId = c.cfg.SessionID
	}
	resp, err := c.request(ctx, call, c.cfg.HookDeadline)
	if err != nil {
		if se, ok := err.(*StatusError); ok && se.Code >= 400 && se.Code < 500 {
			return nil, fmt.Errorf("%w: %w", ErrRejected, err)
		}
		return Fallback(), nil
	}
	if h := resp.GetHook(); h != nil {
		return h, nil
	}
	return &bridgev1.HookResult{None: true}, nil
}

// request posts one call outside the queue and decodes the Response.
func (c *Client) request(ctx context.Context, call *bridgev1.Call, timeout time.Duration) (*bridgev1.Response, error) {
	if timeout > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, timeout)
		defer cancel()
	}
	body, err := c.cfg.Encoding.Marshal(call)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrRejected, err)
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, c.cfg.Addr+"/api/v1/bridge", bytes.NewReader(body))
	if err != nil {
		return nil, err
	}
	req.Header.Set("Content-Type", c.cfg.Encoding.ContentType())
	req.Header.Set("Accept", c.cfg.Encoding.ContentType())
	resp, err := c.cfg.HTTP.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK && resp.StatusCode != http.StatusAccepted {
		return nil, &StatusError{Code: resp.StatusCode, Message: readMessage(resp.Body)}
	}
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		return nil, err
	}
	out := &bridgev1.Response{}
	if err := c.cfg.Encoding.Unmarshal(b, out); err != nil {
		return nil, fmt.Errorf("bridge answer: %w", err)
	}
	return out, nil
}
