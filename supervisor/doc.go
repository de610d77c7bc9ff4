// Package supervisor brings Erlang/OTP supervision to protoactor-go actors:
// child specs with restart types and shutdown policies, the one_for_one,
// one_for_all, rest_for_one and simple_one_for_one strategies, restart
// intensity with escalation one level up, ordered start and reverse-ordered
// stop. It is built on top of protoactor-go, not a fork of it: children are
// ordinary actors (actor.Actor with Receive(actor.Context)), and a
// supervisor is itself an actor.
//
// # Quick start
//
//	h, err := supervisor.Start(system, "root", supervisor.Spec{
//		Strategy: supervisor.OneForOne,
//		Children: []supervisor.ChildSpec{
//			{ID: "store", Start: func(string) actor.Actor { return newStore() }},
//			allocation.ChildSpec("allocation"), // a nested supervisor
//		},
//		Options: []supervisor.Option{supervisor.WithIntensity(3, 10*time.Second), supervisor.WithLogger(log)},
//	})
//	...
//	<-h.Done()   // the tree gave up: exit non-zero, let systemd restart us
//	log.Error("supervision tree ended", zap.Error(h.Err()))
//
// # Semantics in one paragraph
//
// Children start one after the other in spec order; each child's start
// (the optional Initializer.Init, then its *actor.Started handler) finishes
// before the next begins, and a failed start terminates the children
// already started in reverse order and fails the supervisor's start.
// A panic in Receive, or Exit with an error, is an abnormal exit; a child
// stopping itself (ctx.Stop on its own PID, Exit(ctx, Normal)) is normal;
// Exit(ctx, Shutdown) or ShutdownWith(term) is a shutdown. Permanent
// children are always restarted, transient ones only after abnormal exits,
// temporary ones never. Every restart counts against the supervisor's
// intensity (default: more than 1 restart in 5 s); past it the supervisor
// terminates all its children in reverse order and exits with
// ShutdownWith(ErrMaxRestartIntensity), and its parent handles that as it
// would any child's exit. Stopping honours each child's ShutdownPolicy:
// a timeout, Infinity, or BrutalKill (read its documentation: Go cannot
// kill a goroutine).
//
// # Restart mechanics
//
// A child that crashed is restarted in place with protoactor's restart: it
// keeps its PID and its mailbox, only the message it was processing is lost
// (reported in ChildRestarted.Dropped and as a dead letter, so a waiting
// RequestFuture fails at once). A child whose process ended (a normal or
// shutdown exit, or a sibling stopped by one_for_all or rest_for_one) is
// spawned again under the same name, so its PID value is the same and
// PIDs held elsewhere reach the new process. See docs/supervision.md for
// the full model and how it differs from OTP and from plain protoactor-go.
//
// # Control and observation
//
// A Handle (from Start, Handle.Supervisor or HandleFor) offers
// WhichChildren, CountChildren, AddChild, StartChild, TerminateChild,
// RestartChild, DeleteChild and Stop, each a request message to the
// supervisor actor, safe from any goroutine. Lifecycle events (ChildStarted,
// ChildRestarted, ChildTerminated, ChildStartFailed, IntensityExceeded,
// SupervisorStopped) are published on the actor system's EventStream.
package supervisor
