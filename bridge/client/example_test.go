package client_test

import (
	"context"
	"fmt"
	"os"

	"github.com/mactor/mactor/bridge/client"
	"github.com/mactor/mactor/internal/engine"
	bridgev1 "github.com/mactor/mactor/messages/bridge/v1"
	mesos "github.com/mactor/mactor/messages/mesos"
)

// A module session: allocator calls are queued with sequence numbers,
// batched and acknowledged once durable; hooks answer within a deadline.
func Example() {
	dir, _ := os.MkdirTemp("", "mactor-example-")
	defer os.RemoveAll(dir)
	e, err := engine.Start(engine.Config{Listen: "127.0.0.1:0", HTTP: "127.0.0.1:0", DataDir: dir}, nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	defer e.Stop(context.Background())

	c := client.New(client.Config{Addr: e.BridgeAddr(), SessionID: "master-1-module"})
	defer c.Close()
	ctx := context.Background()

	id, user, name := "fw-1", "nobody", "example"
	err = c.AddFramework(ctx, &bridgev1.Call_AddFramework{
		FrameworkId:   &mesos.FrameworkID{Value: &id},
		FrameworkInfo: &mesos.FrameworkInfo{User: &user, Name: &name},
		Active:        true,
	})
	fmt.Println("added:", err == nil)

	// Queue without waiting: the sender batches what is queued.
	var pending []*client.Pending
	for _, t := range []bridgev1.Call_Type{bridgev1.Call_DEACTIVATE_FRAMEWORK, bridgev1.Call_ACTIVATE_FRAMEWORK} {
		call := &bridgev1.Call{Type: t}
		target := &bridgev1.FrameworkTarget{FrameworkId: &mesos.FrameworkID{Value: &id}}
		if t == bridgev1.Call_DEACTIVATE_FRAMEWORK {
			call.Payload = &bridgev1.Call_DeactivateFramework{DeactivateFramework: target}
		} else {
			call.Payload = &bridgev1.Call_ActivateFramework{ActivateFramework: target}
		}
		p, _ := c.Go(ctx, call)
		pending = append(pending, p)
	}
	for _, p := range pending {
		r, err := p.Result(ctx)
		fmt.Println("sequence", r.GetSequence(), "durable:", err == nil)
	}

	res, _ := c.SlaveExecutorEnvironmentDecorator(ctx, &bridgev1.Call_SlaveExecutorEnvironmentDecorator{})
	fmt.Println("hook answered no change:", res.GetNone())
	// Output:
	// added: true
	// sequence 2 durable: true
	// sequence 3 durable: true
	// hook answered no change: true
}
