package hooks

import (
	"context"

	bridgev1 "github.com/mactor/mactor/messages/bridge/v1"
)

// Handler is the generic form of a hook policy: it answers any hook call.
// A nil result (and nil error) means None, "no change"; an error is the
// hook's error (Mesos logs it and, for decorators, keeps the input). It is
// called on worker goroutines, concurrently: it must be safe for that, and
// it should return when ctx ends (the caller has fallen back by then).
type Handler interface {
	Handle(ctx context.Context, call *bridgev1.Call) (*bridgev1.HookResult, error)
}

// HandlerFunc adapts a function to Handler.
type HandlerFunc func(ctx context.Context, call *bridgev1.Call) (*bridgev1.HookResult, error)

// Handle implements Handler.
func (f HandlerFunc) Handle(ctx context.Context, call *bridgev1.Call) (*bridgev1.HookResult, error) {
	return f(ctx, call)
}

// Chain returns a Handler that asks each handler in turn and answers with
// the first result that is not None (nor an error).
func Chain(hs ...Handler) Handler {
	return HandlerFunc(func(ctx context.Context, call *bridgev1.Call) (*bridgev1.HookResult, error) {
		for _, h := range hs {
			if h == nil {
				continue
			}
			r, err := h.Handle(ctx, call)
			if err != nil {
				return nil, err
			}
			if r != nil && !r.GetNone() {
				return r, nil
			}
		}
		return nil, nil
	})
}
