package supervisor_test

import (
	"fmt"
	"sync/atomic"
	"time"

	"github.com/asynkron/protoactor-go/actor"

	"github.com/mactor/mactor/supervisor"
)

// A status page asks each supervisor how it restarts its children.
func ExampleHandle_Describe() {
	system := quietSystem()
	h, err := supervisor.Start(system, "allocation", supervisor.Spec{
		Strategy: supervisor.RestForOne,
		Children: []supervisor.ChildSpec{
			{ID: "registry", Start: func(id string) actor.Actor { return &Hello{name: id} }},
		},
		Options: []supervisor.Option{supervisor.WithIntensity(5, 10*time.Second)},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	defer h.Stop()
	d, _ := h.Describe()
	fmt.Println(d.Strategy, d.MaxRestarts, d.Period)
	// Output:
	// rest_for_one 5 10s
}

// queued counts the user messages posted to the mailboxes it watches.
type queued struct{ n *atomic.Int64 }

func (q queued) MailboxStarted() {}
func (q queued) MessagePosted(msg any) {
	if _, ok := actor.UnwrapEnvelopeMessage(msg).(*Greet); ok {
		q.n.Add(1)
	}
}
func (q queued) MessageReceived(any) {}
func (q queued) MailboxEmpty()       {}

// Mailbox statistics for every child of a supervisor (the engine sums
// the queued messages per kind of actor for mactor_mailbox_depth).
func ExampleWithMailbox() {
	system := quietSystem()
	var greets atomic.Int64
	h, err := supervisor.Start(system, "greeters", supervisor.Spec{
		Strategy: supervisor.SimpleOneForOne,
		Children: []supervisor.ChildSpec{{ID: "greeter", Start: func(id string) actor.Actor { return &Hello{name: id} }}},
		Options: []supervisor.Option{supervisor.WithMailbox(func(string) actor.MailboxProducer {
			return actor.Unbounded(queued{&greets})
		})},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	defer h.Stop()
	pid, _ := h.StartChild("g1")
	res, _ := system.Root.RequestFuture(pid, &Greet{}, time.Second).Result()
	fmt.Println(res, "- greets posted:", greets.Load())
	// Output:
	// hello from g1 - greets posted: 1
}
