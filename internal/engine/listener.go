package engine

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"time"

	"github.com/asynkron/protoactor-go/actor"

	"github.com/mactor/mactor/supervisor"
)

// serveFailed tells the listener that its server stopped on its own.
type serveFailed struct{ err error }

// listener is the bridge's HTTP server as a supervised worker: it serves
// on the engine's bound listener (binding the same address again after a
// restart) and, when stopped, shuts the server down gracefully so that
// calls in flight are answered.
type listener struct {
	e   *Engine
	srv *http.Server
}

func (e *Engine) listenerProducer() supervisor.Producer {
	return func(string) actor.Actor { return &listener{e: e} }
}

// Init binds the address again if the previous incarnation's listener is
// gone.
func (l *listener) Init(actor.Context) error {
	if l.e.bridgeLn == nil {
		ln, err := net.Listen("tcp", l.e.bridgeAddr)
		if err != nil {
			return fmt.Errorf("bridge listener: %w", err)
		}
		l.e.bridgeLn = ln
	}
	return nil
}

func (l *listener) Receive(ctx actor.Context) {
	switch m := ctx.Message().(type) {
	case *actor.Started:
		ln := l.e.bridgeLn
		l.srv = &http.Server{Handler: l.e.bridgeHandler(), ReadHeaderTimeout: 10 * time.Second, ConnState: l.e.bridge.ConnState}
		self, root, srv := ctx.Self(), ctx.ActorSystem().Root, l.srv
		go func() {
			if err := srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
				root.Send(self, &serveFailed{err: err})
			}
		}()
	case *serveFailed:
		l.e.bridgeLn = nil
		supervisor.Exit(ctx, m.err)
	case *actor.Stopping:
		if l.srv != nil {
			sctx, cancel := context.WithTimeout(context.Background(), l.e.cfg.ShutdownGrace)
			_ = l.srv.Shutdown(sctx)
			cancel()
		}
		l.e.bridgeLn = nil
	case *actor.Restarting:
		if l.srv != nil {
			_ = l.srv.Close()
		}
		l.e.bridgeLn = nil
	}
}
