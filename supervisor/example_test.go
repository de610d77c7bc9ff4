package supervisor_test

import (
	"errors"
	"fmt"
	"io"
	"log/slog"
	"time"

	"github.com/asynkron/protoactor-go/actor"
	"github.com/mactor/mactor/supervisor"
)

func quietSystem() *actor.ActorSystem {
	return actor.NewActorSystem(actor.WithLoggerFactory(func(*actor.ActorSystem) *slog.Logger {
		return slog.New(slog.NewTextHandler(io.Discard, &slog.HandlerOptions{Level: slog.LevelError + 1}))
	}))
}

// Hello is an ordinary protoactor actor.
type Hello struct{ name string }

type Greet struct{}

type Crash struct{}

func (h *Hello) Receive(ctx actor.Context) {
	switch ctx.Message().(type) {
	case *Greet:
		ctx.Respond("hello from " + h.name)
	case *Crash:
		panic("oops")
	}
}

func ExampleStart() {
	system := quietSystem()
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
	pid := children[0].PID
	fmt.Println(pid.Id)

	// A panic restarts the child in place: same PID, mailbox kept, so
	// this request, queued behind the crash, is answered.
	system.Root.Send(pid, &Crash{})
	res, _ := system.Root.RequestFuture(pid, &Greet{}, time.Second).Result()
	fmt.Println(res)
	// Output:
	// root/greeter
	// hello from greeter
}

func ExampleHandle_StartChild() {
	system := quietSystem()
	frameworks, _ := supervisor.Start(system, "frameworks", supervisor.Spec{
		Strategy: supervisor.SimpleOneForOne,
		Children: []supervisor.ChildSpec{{
			ID:      "framework",
			Restart: supervisor.Transient,
			Start:   func(id string) actor.Actor { return &Hello{name: id} },
		}},
	})
	defer frameworks.Stop()

	pid, _ := frameworks.StartChild("fw-0001")
	res, _ := system.Root.RequestFuture(pid, &Greet{}, time.Second).Result()
	fmt.Println(res)

	_, err := frameworks.StartChild("fw-0001")
	fmt.Println(errors.Is(err, supervisor.ErrAlreadyStarted))

	n, _ := frameworks.CountChildren()
	fmt.Printf("%+v\n", n)
	// Output:
	// hello from fw-0001
	// true
	// {Specs:1 Active:1 Supervisors:0 Workers:1}
}

func ExampleSpec_ChildSpec() {
	system := quietSystem()
	worker := func(id string) actor.Actor { return &Hello{name: id} }
	dynamic := func(id string) supervisor.Spec {
		return supervisor.Spec{
			Strategy: supervisor.SimpleOneForOne,
			Children: []supervisor.ChildSpec{{ID: id, Restart: supervisor.Transient, Start: worker}},
		}
	}
	allocation := supervisor.Spec{
		Strategy: supervisor.RestForOne,
		Children: []supervisor.ChildSpec{
			{ID: "allocator", Start: worker},
			dynamic("framework").ChildSpec("frameworks"),
			dynamic("agent").ChildSpec("agents"),
		},
	}
	root, _ := supervisor.Start(system, "root", supervisor.Spec{
		Children: []supervisor.ChildSpec{allocation.ChildSpec("allocation")},
	})
	defer root.Stop()

	alloc, _ := root.Supervisor("allocation")
	children, _ := alloc.WhichChildren()
	for _, c := range children {
		fmt.Println(c.ID, c.Type, c.Status, c.PID.Id)
	}
	// Output:
	// allocator worker running root/allocation/allocator
	// frameworks supervisor running root/allocation/frameworks
	// agents supervisor running root/allocation/agents
}

// Job declines to run when it has nothing to do, and fails to start when
// it is misconfigured.
type Job struct{ work string }

func (j *Job) Init(ctx actor.Context) error {
	switch j.work {
	case "":
		return supervisor.ErrIgnore
	case "?":
		return errors.New("unknown work")
	}
	return nil
}

func (j *Job) Receive(ctx actor.Context) {}

func ExampleInitializer() {
	system := quietSystem()
	job := func(work string) supervisor.Producer {
		return func(string) actor.Actor { return &Job{work: work} }
	}
	h, _ := supervisor.Start(system, "jobs", supervisor.Spec{
		Children: []supervisor.ChildSpec{
			{ID: "idle", Start: job("")},
			{ID: "busy", Start: job("compact")},
		},
	})
	defer h.Stop()
	children, _ := h.WhichChildren()
	for _, c := range children {
		fmt.Println(c.ID, c.Status)
	}
	_, err := h.AddChild(supervisor.ChildSpec{ID: "broken", Start: job("?")})
	fmt.Println(errors.Is(err, supervisor.ErrStartFailed), err)
	// Output:
	// idle stopped
	// busy running
	// true supervisor jobs: add child "broken": start failed: child "broken": unknown work
}

// Session ends itself when its peer says goodbye.
type Session struct{}

type Bye struct{}

func (s *Session) Receive(ctx actor.Context) {
	if _, ok := ctx.Message().(*Bye); ok {
		supervisor.Exit(ctx, supervisor.Normal) // transient: not restarted
	}
}

func ExampleExit() {
	system := quietSystem()
	ended := make(chan error, 1)
	sub := system.EventStream.Subscribe(func(e any) {
		if t, ok := e.(*supervisor.ChildTerminated); ok {
			ended <- t.Reason
		}
	})
	defer system.EventStream.Unsubscribe(sub)
	h, _ := supervisor.Start(system, "sessions", supervisor.Spec{
		Children: []supervisor.ChildSpec{{ID: "s1", Restart: supervisor.Transient, Start: func(string) actor.Actor { return &Session{} }}},
	})
	defer h.Stop()
	children, _ := h.WhichChildren()
	system.Root.Send(children[0].PID, &Bye{})
	fmt.Println(<-ended)
	children, _ = h.WhichChildren()
	fmt.Println(children[0].Status)
	// Output:
	// normal
	// stopped
}

func ExampleHandle_Err() {
	system := quietSystem()
	h, _ := supervisor.Start(system, "root", supervisor.Spec{
		Children: []supervisor.ChildSpec{{ID: "flaky", Start: func(id string) actor.Actor { return &Hello{name: id} }}},
		Options:  []supervisor.Option{supervisor.WithIntensity(0, time.Minute)},
	})
	children, _ := h.WhichChildren()
	system.Root.Send(children[0].PID, &Crash{})

	<-h.Done() // e.g. in main: exit non-zero so that systemd restarts us
	fmt.Println(errors.Is(h.Err(), supervisor.ErrMaxRestartIntensity), h.Err())
	// Output:
	// true supervisor root: shutdown: reached max restart intensity
}
