package journal_test

import (
	"context"
	"fmt"
	"log/slog"
	"strconv"
	"strings"
	"time"

	"github.com/asynkron/protoactor-go/actor"

	"github.com/mactor/mactor/supervisor/journal"
)

// Open an in-memory store, append events to a stream, snapshot it, and read
// it back. OpenBolt(filepath.Join(dataDir, journal.DefaultFileName)) gives
// the durable store with the same interface.
func Example() {
	ctx := context.Background()
	store := journal.NewMemory()
	defer store.Close()

	r, err := store.Append(ctx, "agent/S1", 0, []byte("cpus+4"), []byte("mem+1024"))
	fmt.Println(r, err)
	// The expected last sequence number guards against lost or doubled
	// writes: appending "after 0" again is refused.
	_, err = store.Append(ctx, "agent/S1", 0, []byte("cpus+4"))
	fmt.Println(err != nil)

	// Asynchronous form: the Future completes after the write is durable.
	f := store.AppendAsync(ctx, "agent/S1", 2, []byte("cpus-1"))
	fmt.Println(f.Result())

	// A snapshot at 2 compacts events 1 and 2.
	if _, err := store.SaveSnapshot(ctx, "agent/S1", 2, []byte("cpus=4 mem=1024")).Result(); err != nil {
		panic(err)
	}
	h, _ := store.Read(ctx, "agent/S1")
	fmt.Printf("snapshot %d %q, then", h.SnapshotSeq, h.Snapshot)
	for _, e := range h.Events {
		fmt.Printf(" %d:%s", e.Seq, e.Data)
	}
	fmt.Println()
	// Output:
	// {1 2} <nil>
	// true
	// {3 3} <nil>
	// snapshot 2 "cpus=4 mem=1024", then 3:cpus-1
}

// counter is a state for the examples: a running total, events are "+n".
var counter = journal.Model[int]{
	Apply: func(total int, event []byte) (int, error) {
		n, err := strconv.Atoi(strings.TrimPrefix(string(event), "+"))
		if err != nil {
			return total, fmt.Errorf("bad event %q", event)
		}
		return total + n, nil
	},
	Encode: func(total int) ([]byte, error) { return []byte(strconv.Itoa(total)), nil },
	Decode: func(b []byte) (int, error) { return strconv.Atoi(string(b)) },
}

// Rebuild a state from a stream, persist new events, and acknowledge each
// one only once it is durable.
func ExampleRecover() {
	ctx := context.Background()
	store := journal.NewMemory()
	defer store.Close()

	l, err := journal.Recover(ctx, store, "framework/F1", counter, journal.SnapshotEvery(2))
	if err != nil {
		panic(err)
	}
	done := make(chan journal.Completion, 3) // stands in for the actor's mailbox
	for _, e := range []string{"+5", "+10", "+1"} {
		if _, err := l.Persist(ctx, []byte(e), func(c journal.Completion) { done <- c }); err != nil {
			panic(err)
		}
	}
	fmt.Println("optimistic state:", l.State())
	for range 3 {
		c := <-done
		if l.Settle(c) { // panics if the write failed
			fmt.Println("ack", c.Seq)
		}
	}
	if _, err := l.Persist(ctx, []byte("oops"), nil); err != nil {
		fmt.Println("rejected:", err)
	}

	// What a restarted actor sees: the snapshot at 2, then event 3.
	again, _ := journal.Recover(ctx, store, "framework/F1", counter)
	fmt.Println("recovered:", again.State(), "at", again.Seq())
	// Output:
	// optimistic state: 16
	// ack 1
	// ack 2
	// ack 3
	// rejected: journal: "framework/F1": event rejected: bad event "oops"
	// recovered: 16 at 3
}

// add asks the counter actor to persist an event.
type add struct{ event string }

// counterActor recovers in Started, persists on add, and acknowledges to
// the requester when the Completion comes back through its mailbox.
type counterActor struct {
	store journal.Store
	log   *journal.Log[int]
}

func (a *counterActor) Receive(ctx actor.Context) {
	switch m := ctx.Message().(type) {
	case *actor.Started: // also after every restart
		l, err := journal.Recover(context.Background(), a.store, "framework/F2", counter)
		if err != nil {
			panic(err) // let the supervisor retry
		}
		a.log = l
	case *add:
		if _, err := a.log.Persist(context.Background(), []byte(m.event), journal.ToSelf(ctx, ctx.Sender())); err != nil {
			ctx.Respond(err)
		}
	case *journal.Completion:
		if a.log.Settle(*m) { // a failed write panics here: restart, replay
			ctx.Send(m.Tag.(*actor.PID), fmt.Sprintf("durable #%d, total %d", m.Seq, a.log.State()))
		}
	}
}

// An actor that acknowledges requests only after their events are durable.
func ExampleToSelf() {
	store := journal.NewMemory()
	defer store.Close()
	system := actor.NewActorSystem(actor.WithLoggerFactory(func(*actor.ActorSystem) *slog.Logger {
		return slog.New(slog.DiscardHandler)
	}))
	pid := system.Root.Spawn(actor.PropsFromProducer(func() actor.Actor { return &counterActor{store: store} }))
	defer func() { _ = system.Root.PoisonFuture(pid).Wait() }()

	for _, e := range []string{"+2", "+40"} {
		res, err := system.Root.RequestFuture(pid, &add{e}, time.Second).Result()
		if err != nil {
			panic(err)
		}
		fmt.Println(res)
	}
	// Output:
	// durable #1, total 2
	// durable #2, total 42
}
