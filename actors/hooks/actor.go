package hooks

import (
	"context"
	"fmt"
	"sync/atomic"

	"github.com/asynkron/protoactor-go/actor"

	bridgev1 "github.com/mactor/mactor/messages/bridge/v1"
)

// state is what a hook actor shares with Hooks across its restarts.
type state struct {
	hook       Hook
	handler    Handler
	restarting atomic.Bool
	sem        chan struct{}
}

// ask is a hook call for the actor: run it and reply on reply (buffered).
type ask struct {
	ctx   context.Context
	call  *bridgev1.Call
	reply chan answer
}

// answer is a hook actor's reply: a result, or the reason to fall back.
type answer struct {
	res    *bridgev1.HookResult
	reason string
}

// crash tells the actor that its policy panicked on a worker.
type crash struct{ value any }

// hookActor runs the calls of one hook on worker goroutines.
type hookActor struct{ st *state }

func (a *hookActor) Receive(ctx actor.Context) {
	switch m := ctx.Message().(type) {
	case *actor.Started:
		a.st.restarting.Store(false)
	case *actor.Restarting:
		a.st.restarting.Store(true)
	case *ask:
		a.run(ctx, m)
	case *crash:
		panic(fmt.Errorf("hook %s: policy panicked: %v", a.st.hook.Name, m.value))
	}
}

func (a *hookActor) run(ctx actor.Context, m *ask) {
	if m.ctx.Err() != nil {
		return // the caller has fallen back already
	}
	select {
	case a.st.sem <- struct{}{}:
	default:
		m.reply <- answer{reason: "overload"}
		return
	}
	self, root, st := ctx.Self(), ctx.ActorSystem().Root, a.st
	go func() {
		defer func() { <-st.sem }()
		defer func() {
			if r := recover(); r != nil {
				st.restarting.Store(true)
				m.reply <- answer{reason: "crash"}
				root.Send(self, &crash{value: r})
			}
		}()
		res, err := st.handler.Handle(m.ctx, m.call)
		if err != nil {
			res = &bridgev1.HookResult{Error: err.Error()}
		}
		m.reply <- answer{res: res}
	}()
}
