package bench

import (
	"slices"
	"time"
)

// Result is what a run measured. JSON keys are stable: `mactor bench
// bridge --json` prints this object.
type Result struct {
	// HookRTTP50us and HookRTTP99us are the hook round trip at the highest
	// paced rate (10k calls/s by default), in microseconds, measured from
	// when each call was due (so a stall counts for every call it delays).
	HookRTTP50us float64 `json:"hook_rtt_p50_us"`
	HookRTTP99us float64 `json:"hook_rtt_p99_us"`
	// EventsPerSec is durable one-way calls acknowledged per second.
	EventsPerSec float64 `json:"events_per_sec"`
	// MultipartRTTP50us is the same hook over alligator's multipart path,
	// sequential calls.
	MultipartRTTP50us float64 `json:"multipart_rtt_p50_us"`
	// ForkExecRTTP50us is the same hook answered the criteo way: temporary
	// files and a fork/exec of a shell script per call.
	ForkExecRTTP50us float64 `json:"fork_exec_rtt_p50_us"`
	// NativeRTTP50us is the same hook over the native bridge, sequential
	// calls (the baseline of the two ratios).
	NativeRTTP50us float64 `json:"native_rtt_p50_us"`
	// MultipartRatio and ForkExecRatio are their p50 over the native one.
	MultipartRatio float64 `json:"multipart_ratio"`
	ForkExecRatio  float64 `json:"fork_exec_ratio"`
	// FloorP50us and FloorP99us are a bare net/http echo server (one
	// goroutine hop, no engine) under the same pacer at the highest rate,
	// in the same process: what this machine allows any Go HTTP service.
	FloorP50us float64 `json:"http_floor_p50_us"`
	FloorP99us float64 `json:"http_floor_p99_us"`
	// Loads is the hook round trip at every paced rate.
	Loads []Load `json:"hook_loads"`
	// Events and Owners size the durable run.
	Events int `json:"events"`
	Owners int `json:"owners"`
	// CPUs is GOMAXPROCS during the run.
	CPUs int `json:"cpus"`
}

// Load is the hook round trip at one paced rate.
type Load struct {
	Rate     int     `json:"rate"`
	Calls    int     `json:"calls"`
	Achieved float64 `json:"achieved_per_sec"`
	P50us    float64 `json:"p50_us"`
	P99us    float64 `json:"p99_us"`
	MaxUs    float64 `json:"max_us"`
	// Fallbacks counts answers that were the fallback (deadline passed).
	Fallbacks int `json:"fallbacks"`
}

// percentile returns the p-th percentile (0..100) of ds in microseconds.
func percentile(ds []time.Duration, p float64) float64 {
	if len(ds) == 0 {
		return 0
	}
	s := slices.Clone(ds)
	slices.Sort(s)
	i := int(float64(len(s)-1) * p / 100)
	return float64(s[i]) / float64(time.Microsecond)
}
