package journal

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync/atomic"
	"testing"
	"time"

	"github.com/asynkron/protoactor-go/actor"
)

// Messages of the journaled test actor.
type (
	addEvent struct{ data []byte }
	eventAck struct{ seq uint64 }
	getState struct{}
	stateIs  struct {
		state tally
		seq   uint64
	}
	crashNow struct{}
)

// journaled is an actor that owns a Log the way framework and agent actors
// do: Recover on Started, Persist on a command, acknowledge on Completion.
type journaled struct {
	store  Store
	stream string
	starts *atomic.Int32
	log    *Log[tally]
}

func (a *journaled) Receive(ctx actor.Context) {
	switch m := ctx.Message().(type) {
	case *actor.Started:
		l, err := Recover(context.Background(), a.store, a.stream, counterModel(), SnapshotEvery(5))
		if err != nil {
			panic(err)
		}
		a.log = l
		a.starts.Add(1)
	case *addEvent:
		if _, err := a.log.Persist(context.Background(), m.data, ToSelf(ctx, ctx.Sender())); err != nil {
			ctx.Respond(err)
		}
	case *Completion:
		if a.log.Settle(*m) {
			ctx.Send(m.Tag.(*actor.PID), &eventAck{seq: m.Seq})
		}
	case *getState:
		ctx.Respond(&stateIs{state: a.log.State(), seq: a.log.Seq()})
	case *crashNow:
		panic("unrelated bug")
	}
}

func quietSystem() *actor.ActorSystem {
	return actor.NewActorSystem(actor.WithLoggerFactory(func(*actor.ActorSystem) *slog.Logger {
		return slog.New(slog.DiscardHandler)
	}))
}

// TestActorRestartReplaysDurablePrefix runs the contract end to end on
// protoactor: acknowledged events survive an unrelated crash, a failed write
// crashes the actor and is never acknowledged, and the restarted actor
// carries on from the durable prefix.
func TestActorRestartReplaysDurablePrefix(t *testing.T) {
	var failing atomic.Bool
	store := NewMemory(withCommitHook(func() error {
		if failing.Load() {
			return errors.New("injected disk error")
		}
		return nil
	}))
	defer closeStore(t, store)
	system := quietSystem()
	var starts atomic.Int32
	pid := system.Root.Spawn(actor.PropsFromProducer(func() actor.Actor {
		return &journaled{store: store, stream: "framework/f1", starts: &starts}
	}))
	defer func() { _ = system.Root.PoisonFuture(pid).Wait() }()

	request := func(msg any) (any, error) {
		return system.Root.RequestFuture(pid, msg, 5*time.Second).Result()
	}
	var durable [][]byte
	add := func(data string) {
		t.Helper()
		res, err := request(&addEvent{data: []byte(data)})
		if err != nil {
			t.Fatalf("add %q: %v", data, err)
		}
		durable = append(durable, []byte(data))
		if a, ok := res.(*eventAck); !ok || a.seq != uint64(len(durable)) {
			t.Fatalf("add %q: %#v, want ack %d", data, res, len(durable))
		}
	}
	state := func() *stateIs {
		t.Helper()
		res, err := request(&getState{})
		if err != nil {
			t.Fatal(err)
		}
		return res.(*stateIs)
	}

	for i := range 12 {
		add(fmt.Sprint("e", i))
	}
	system.Root.Send(pid, &crashNow{})
	if s := state(); s.seq != 12 || s.state != foldTally(durable) || starts.Load() != 2 {
		t.Fatalf("after unrelated crash: seq %d, starts %d", s.seq, starts.Load())
	}

	// A write that fails: the actor must not ack it, and must restart.
	failing.Store(true)
	// A negative can only be observed for a while: give the lost request's
	// answer 300 ms, spent concurrently with the checks below.
	lost := system.Root.RequestFuture(pid, &addEvent{data: []byte("lost")}, 300*time.Millisecond)
	waitFor(t, func() bool { return starts.Load() == 3 })
	failing.Store(false)
	if s := state(); s.seq != 12 || s.state != foldTally(durable) {
		t.Fatalf("after failed write: seq %d, want the durable 12", s.seq)
	}
	add("after")
	if res, err := lost.Result(); !errors.Is(err, actor.ErrTimeout) {
		t.Fatalf("the lost event was answered: %#v, %v", res, err)
	}
}
