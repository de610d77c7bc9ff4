package bench

import "time"

// Options size a run. Zero values mean the defaults.
type Options struct {
	// DataDir holds the engine's journal (default: a temporary directory,
	// removed afterwards). Put it on the disk you want to measure.
	DataDir string
	// HookRates are the paced loads of the hook round trip, calls/s
	// (default 1000 and 10000).
	HookRates []int
	// HookDuration is how long each paced load runs (default 3s); the
	// number of calls is rate × duration.
	HookDuration time.Duration
	// Workers is the number of concurrent callers of the paced load
	// (default 64).
	Workers int
	// Events is the number of durable one-way calls (default 200000).
	Events int
	// Owners is the number of agents the events are spread over
	// (default 1000).
	Owners int
	// Samples is the number of sequential calls of each kind in the side
	// by side comparison (default 1000; fork/exec gets a fifth of it).
	Samples int
}

func (o Options) withDefaults() Options {
	if len(o.HookRates) == 0 {
		o.HookRates = []int{1000, 10000}
	}
	if o.HookDuration <= 0 {
		o.HookDuration = 3 * time.Second
	}
	if o.Workers <= 0 {
		o.Workers = 64
	}
	if o.Events <= 0 {
		o.Events = 200000
	}
	if o.Owners <= 0 {
		o.Owners = 1000
	}
	if o.Samples <= 0 {
		o.Samples = 1000
	}
	return o
}
