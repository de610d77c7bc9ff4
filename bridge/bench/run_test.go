package bench

import (
	"context"
	"testing"
	"time"

	"go.uber.org/goleak"
)

func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m,
		goleak.IgnoreAnyFunction("github.com/asynkron/protoactor-go/actor.(*ActorSystem).GetCurrentMetrics.func1"),
		goleak.IgnoreAnyFunction("github.com/asynkron/protoactor-go/actor.NewDeadLetter.NewThrottle.func4.1"),
		goleak.IgnoreTopFunction("github.com/lithammer/shortuuid/v4.init.0.func1"),
		goleak.IgnoreTopFunction("go.opentelemetry.io/otel/sdk/metric.(*PeriodicReader).run"),
	)
}

// TestRunSmall runs every measurement on a small scale.
func TestRunSmall(t *testing.T) {
	res, err := Run(context.Background(), Options{
		HookRates: []int{200}, HookDuration: 200 * time.Millisecond, Workers: 4,
		Events: 2000, Owners: 10, Samples: 25,
	}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if res.EventsPerSec <= 0 || res.NativeRTTP50us <= 0 || res.MultipartRTTP50us <= 0 || res.ForkExecRTTP50us <= 0 ||
		res.HookRTTP99us <= 0 || res.FloorP99us <= 0 || len(res.Loads) != 1 || res.Loads[0].Calls != 40 || res.Loads[0].Fallbacks != 0 {
		t.Fatalf("result %+v", res)
	}
}
