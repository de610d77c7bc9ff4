package journal

import "github.com/asynkron/protoactor-go/actor"

// ToSelf returns a notify function for Log.Persist that delivers the
// Completion, with Tag set to tag, to the calling actor as a *Completion
// message. Call it from the actor's Receive; the function it returns is safe
// to run on any goroutine. The tag is typically what the actor needs to
// acknowledge the event, such as the requester's PID.
//
// Completions of one Log arrive in sequence order, after any message the
// actor sent itself before the event was made durable.
func ToSelf(ctx actor.Context, tag any) func(Completion) {
	root, self := ctx.ActorSystem().Root, ctx.Self()
	return func(c Completion) {
		c.Tag = tag
		root.Send(self, &c)
	}
}
