package bridge

import (
	"github.com/asynkron/protoactor-go/actor"
)

// sessionRef is one incarnation of a session actor: its process, and a
// channel closed once that process has stopped for good.
//
// A session that stops (its supervisor shuts it down, e.g. when the
// sessions supervisor exceeds its restart intensity) answers what it holds
// in its Stopping, but protoactor drops, without a dead letter, the user
// messages still in its mailbox after that: a submit queued just before
// the stop would never be answered, and its module would wait for its
// request to time out (a minute by default) before resending. Submits are
// therefore posted to this exact process (not to its name, which a new
// incarnation may take), and the handler stops waiting when gone is closed.
type sessionRef struct {
	pid  *actor.PID
	proc actor.Process
	gone chan struct{}
}

// watchProcess watches proc, pid's process (a session, or the sessions
// supervisor): gone is closed (and then
// onGone called) when protoactor reports it terminated, after which it
// never runs again. A process that is already gone is reported at once
// (protoactor answers a Watch of a stopped actor, or of none, with
// Terminated).
func watchProcess(system *actor.ActorSystem, pid *actor.PID, proc actor.Process, onGone func(*sessionRef)) *sessionRef {
	r := &sessionRef{pid: pid, proc: proc, gone: make(chan struct{})}
	closed := false
	system.Root.Spawn(actor.PropsFromFunc(func(ctx actor.Context) {
		switch ctx.Message().(type) {
		case *actor.Started:
			proc.SendSystemMessage(pid, &actor.Watch{Watcher: ctx.Self()})
		case *actor.Terminated:
			if !closed {
				closed = true
				close(r.gone)
				onGone(r)
			}
			ctx.Stop(ctx.Self())
		}
	}))
	return r
}
