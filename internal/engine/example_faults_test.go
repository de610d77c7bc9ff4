package engine_test

import (
	"context"
	"fmt"
	"os"

	"github.com/mactor/mactor/internal/engine"
)

// Fault injection (mactor serve --faults): the allocator actor crashes
// through its own crash message, is restarted by its supervisor, and the
// fault shows on the timeline. Over HTTP the same request is
// POST /debug/faults {"kind": "panic-allocator"}.
func ExampleEngine_InjectFault() {
	dir, err := os.MkdirTemp("", "engine-example")
	if err != nil {
		panic(err)
	}
	defer os.RemoveAll(dir)
	e, err := engine.Start(engine.Config{Listen: "127.0.0.1:0", HTTP: "127.0.0.1:0", DataDir: dir, Faults: true}, nil)
	if err != nil {
		panic(err)
	}
	defer e.Stop(context.Background())

	ctx := context.Background()
	fmt.Println(e.FaultTargets(ctx).Targets[engine.FaultPanicAllocator])
	res, err := e.InjectFault(ctx, engine.FaultRequest{Kind: engine.FaultPanicAllocator})
	if err != nil {
		panic(err)
	}
	fmt.Println(res.Kind, res.Target, res.Detail)
	_, err = e.InjectFault(ctx, engine.FaultRequest{Kind: engine.FaultPanicFramework})
	fmt.Println(err)
	// Output:
	// [root/allocation/offers]
	// panic-allocator root/allocation/offers sent *allocator.Crash
	// no fault target: no actor of kind panic-framework is running
}
