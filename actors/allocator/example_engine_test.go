package allocator_test

import (
	"context"

	"go.uber.org/zap"

	"github.com/mactor/mactor/actors/allocator"
	"github.com/mactor/mactor/internal/engine"
)

// An engine (what `mactor serve` runs) whose allocator actor uses a policy
// of your own: capped (ExamplePolicy) offers at most 2 cpus at a time.
func Example_engine() {
	logger := zap.NewNop()
	e, err := engine.Start(engine.Config{
		Listen: "127.0.0.1:4050", HTTP: "127.0.0.1:4051", DataDir: "./mactor-data",
		AllocatorPolicy: capped{allocator.DRF()}, // nil: DRF
		AllocatorDebug:  false,                   // --allocator-debug
	}, logger)
	if err != nil {
		return
	}
	defer e.Stop(context.Background())
	<-e.Done()
}
