package chaos

import (
	"fmt"
	"time"

	"go.uber.org/zap"
)

// Defaults of a run.
const (
	DefaultDuration     = 60 * time.Second
	DefaultRate         = 1.0
	DefaultAgents       = 3
	DefaultFrameworks   = 3
	DefaultLoadRate     = 200
	DefaultHookDeadline = time.Second
	// MinDuration is the shortest run: warm-up, faults and a quiet period.
	MinDuration = 5 * time.Second
)

// Config configures a run. Zero values mean the defaults, except Seed.
type Config struct {
	// Duration is the whole run: warm-up, faults, quiet period.
	Duration time.Duration
	// Seed derives the fault schedule (and the workload's choices).
	Seed uint64
	// Rate is faults per second.
	Rate float64
	// Kinds are the fault kinds to inject (default AllKinds).
	Kinds []Kind
	// DryRun logs every fault the schedule holds and injects none.
	DryRun bool
	// Agents and Frameworks size the simulated cluster's workload.
	Agents, Frameworks int
	// LoadRate is how many sequenced bridge calls per second the load
	// session sends beside the simulated cluster's own.
	LoadRate int
	// HookDeadline is the module side's deadline of each hook call.
	HookDeadline time.Duration
	// EngineBinary is the mactor binary run as `serve --faults` (default:
	// this process's executable).
	EngineBinary string
	// EngineArgs are extra arguments of `mactor serve` (e.g. the hidden
	// --unsafe-ack-before-fsync of the conservation proof).
	EngineArgs []string
	// Progress, if set, is called about once a second while the run goes.
	Progress func(Progress)
	// Logger receives the run's log (default: none).
	Logger *zap.Logger
}

// Progress is the state of a run, for a progress bar.
type Progress struct {
	Elapsed, Duration time.Duration
	Phase             string
	Faults, Planned   int
	EventsAcked       int64
	Restarts          int
}

func (c Config) withDefaults() Config {
	if c.Duration == 0 {
		c.Duration = DefaultDuration
	}
	if c.Rate == 0 {
		c.Rate = DefaultRate
	}
	if len(c.Kinds) == 0 {
		c.Kinds = AllKinds
	}
	if c.Agents == 0 {
		c.Agents = DefaultAgents
	}
	if c.Frameworks == 0 {
		c.Frameworks = DefaultFrameworks
	}
	if c.LoadRate == 0 {
		c.LoadRate = DefaultLoadRate
	}
	if c.HookDeadline == 0 {
		c.HookDeadline = DefaultHookDeadline
	}
	if c.Logger == nil {
		c.Logger = zap.NewNop()
	}
	return c
}

// Validate checks the numbers.
func (c Config) Validate() error {
	switch {
	case c.Duration != 0 && c.Duration < MinDuration:
		return fmt.Errorf("%w: --duration must be at least %s", ErrBadConfig, MinDuration)
	case c.Rate < 0 || c.Rate > 100:
		return fmt.Errorf("%w: --rate must be in (0, 100] faults/s", ErrBadConfig)
	case c.Agents < 0 || c.Agents > 1000:
		return fmt.Errorf("%w: --agents must be in [1, 1000]", ErrBadConfig)
	case c.Frameworks < 0 || c.Frameworks > 1000:
		return fmt.Errorf("%w: --frameworks must be in [1, 1000]", ErrBadConfig)
	case c.LoadRate < 0:
		return fmt.Errorf("%w: --load-rate must not be negative", ErrBadConfig)
	case c.HookDeadline < 0:
		return fmt.Errorf("%w: --hook-deadline must not be negative", ErrBadConfig)
	}
	return nil
}

// phases splits the run: warm-up (baseline taken at its end), faults, and
// a quiet period (no faults; the calls drain and the baseline is checked).
func (c Config) phases() (warmup, quiet time.Duration) {
	warmup = min(max(c.Duration/6, 2*time.Second), 8*time.Second)
	quiet = min(max(c.Duration/5, 3*time.Second), 10*time.Second)
	return warmup, quiet
}

// Plan is the run's fault schedule.
func (c Config) Plan() []Planned {
	c = c.withDefaults()
	warmup, quiet := c.phases()
	return Schedule(c.Seed, c.Rate, warmup, c.Duration-quiet, c.Kinds)
}
