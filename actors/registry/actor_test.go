package registry_test

import (
	"io"
	"log/slog"
	"slices"
	"testing"
	"time"

	"github.com/asynkron/protoactor-go/actor"
	"go.uber.org/goleak"

	"github.com/mactor/mactor/actors/registry"
	"github.com/mactor/mactor/bridge/owner"
	"github.com/mactor/mactor/supervisor/journal"
)

func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m,
		goleak.IgnoreAnyFunction("github.com/asynkron/protoactor-go/actor.(*ActorSystem).GetCurrentMetrics.func1"),
		goleak.IgnoreAnyFunction("github.com/asynkron/protoactor-go/actor.NewDeadLetter.NewThrottle.func4.1"),
		goleak.IgnoreTopFunction("github.com/lithammer/shortuuid/v4.init.0.func1"),
		goleak.IgnoreTopFunction("go.opentelemetry.io/otel/sdk/metric.(*PeriodicReader).run"),
	)
}

// TestDirectory registers owners concurrently and twice: each enters the
// directory once, and the directory survives a new incarnation.
func TestDirectory(t *testing.T) {
	sys := actor.NewActorSystem(actor.WithLoggerFactory(func(*actor.ActorSystem) *slog.Logger { return slog.New(slog.NewTextHandler(io.Discard, nil)) }))
	defer sys.Shutdown()
	store := journal.NewMemory()
	defer store.Close()
	spawn := func() *actor.PID {
		return sys.Root.Spawn(actor.PropsFromProducer(func() actor.Actor { return registry.New(owner.Config{Store: store}) }))
	}
	pid := spawn()
	keys := []owner.Key{{Kind: owner.Framework, ID: "f1"}, {Kind: owner.Agent, ID: "a1"}, {Kind: owner.Framework, ID: "f1"}, owner.ClusterKey}
	done := make(chan error, 3)
	for i := 0; i < 3; i++ {
		sys.Root.Send(pid, &registry.Register{Keys: keys, Reply: func(err error) { done <- err }})
	}
	for i := 0; i < 3; i++ {
		select {
		case err := <-done:
			if err != nil {
				t.Fatal(err)
			}
		case <-time.After(5 * time.Second):
			t.Fatal("no answer")
		}
	}
	dir := func(pid *actor.PID) ([]string, []string) {
		got := make(chan [2][]string, 1)
		sys.Root.Send(pid, &registry.Directory{Reply: func(f, a []string) { got <- [2][]string{f, a} }})
		d := <-got
		return d[0], d[1]
	}
	if f, a := dir(pid); !slices.Equal(f, []string{"f1"}) || !slices.Equal(a, []string{"a1"}) {
		t.Fatalf("directory %v %v", f, a)
	}
	_ = sys.Root.PoisonFuture(pid).Wait()
	if f, a := dir(spawn()); !slices.Equal(f, []string{"f1"}) || !slices.Equal(a, []string{"a1"}) {
		t.Fatalf("directory after recovery %v %v", f, a)
	}
}
