package supervisor_test

import (
	"fmt"
	"time"

	"github.com/asynkron/protoactor-go/actor"
	"github.com/mactor/mactor/supervisor"
)

// Fault injection: a panic any child understands, and a brutal kill from
// outside; both end in the supervisor's ordinary restart.
func ExampleHandle_KillChild() {
	system := quietSystem()
	restarted := make(chan *supervisor.ChildRestarted, 2)
	sub := system.EventStream.Subscribe(func(ev any) {
		if r, ok := ev.(*supervisor.ChildRestarted); ok {
			restarted <- r
		}
	})
	defer system.EventStream.Unsubscribe(sub)
	h, err := supervisor.Start(system, "root", supervisor.Spec{
		Strategy: supervisor.OneForOne,
		Children: []supervisor.ChildSpec{
			{ID: "greeter", Start: func(id string) actor.Actor { return &Hello{name: id} }},
		},
		Options: []supervisor.Option{supervisor.WithIntensity(3, 10*time.Second)},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	defer h.Stop()
	children, _ := h.WhichChildren()

	system.Root.Send(children[0].PID, &supervisor.InjectPanic{Reason: "chaos"})
	r := <-restarted
	fmt.Println(r.ID, "in place:", r.InPlace)

	if err := h.KillChild("greeter"); err != nil {
		fmt.Println(err)
		return
	}
	r = <-restarted
	fmt.Println(r.ID, "in place:", r.InPlace, "reason:", r.Reason)
	// Output:
	// greeter in place: true
	// greeter in place: false reason: killed
}
