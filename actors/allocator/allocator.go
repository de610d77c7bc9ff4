package allocator

import (
	"fmt"
	"hash/fnv"
	"math/rand/v2"
	"time"

	"github.com/mactor/mactor/internal/resources"
)

// Allocator is the allocation core: the state and semantics of Mesos 1.11's
// hierarchical allocator (src/master/allocator/mesos/hierarchical.cpp)
// behind one method per allocator call, plus Allocate and AllocatePending,
// which run an allocation cycle and return its offers.
//
// An Allocator is not safe for concurrent use: one goroutine (the allocator
// actor) owns it. Calls that Mesos CHECK-fails on return an error and
// change nothing.
type Allocator struct {
	cfg    Config
	opts   Options
	policy Policy
	clock  Clock

	initialized bool
	paused      bool
	// expectedAgents is the number of agents Recover waits for (-1: none);
	// recoveryDeadline ends the pause regardless.
	expectedAgents   int
	recoveryDeadline time.Time

	frameworks map[string]*framework
	fwByIdx    []*framework
	freeFw     []int32
	agents     map[string]*agent
	// agentOrder lists the agents sorted by id (rebuilt when dirty).
	agentOrder      []*agent
	agentOrderDirty bool

	roles      roleTree
	roleSorter Sorter
	roleByIdx  []*role
	freeRole   []int32
	// quotaRoles are the roles with non-default quota.
	quotaRoles map[*role]struct{}

	total *Total
	// offeredQ is the scalar quantities offered or allocated (the role
	// sorter's root allocation in Mesos).
	offeredQ resources.Quantities

	whitelist map[string]bool

	// candidates are the agents the next event-driven cycle considers.
	candidates map[*agent]struct{}

	filterHeap filterHeap
	filterSeq  uint64
	cycles     uint64

	// rngs are the sources of the sorters' SorterOptions.Rand by role ("":
	// the role sorter), reseeded from (seed, cycle, role) before every
	// cycle so that no sorter carries random state from one cycle to the
	// next.
	rngs map[string]*rand.PCG

	// scratch buffers reused across cycles.
	roleBuf, fwBuf []int32
}

// New returns an allocator that accepts calls once initialized.
func New(cfg Config) *Allocator {
	if cfg.Policy == nil {
		cfg.Policy = DRF()
	}
	if cfg.Clock == nil {
		cfg.Clock = SystemClock{}
	}
	a := &Allocator{
		cfg:            cfg,
		policy:         cfg.Policy,
		clock:          cfg.Clock,
		paused:         true,
		expectedAgents: -1,
		frameworks:     make(map[string]*framework),
		agents:         make(map[string]*agent),
		roles:          newRoleTree(),
		quotaRoles:     make(map[*role]struct{}),
		total:          &Total{},
		candidates:     make(map[*agent]struct{}),
		rngs:           make(map[string]*rand.PCG),
	}
	return a
}

// Initialize is Mesos's initialize: it sets the options and starts
// allocating (the allocator is paused until then). Calling it again
// replaces the options; sorters keep the excluded names they were created
// with.
func (a *Allocator) Initialize(opts Options) error {
	if err := opts.normalize(); err != nil {
		return err
	}
	a.opts = opts
	if a.roleSorter == nil {
		a.roleSorter = a.policy.NewRoleSorter(a.sorterOptions(""))
		// Weights set before a role had a sorter client still apply.
		for name, r := range a.roles.roles {
			if r.hasWeight {
				a.roleSorter.UpdateWeight(name, r.weight)
			}
		}
	}
	a.initialized = true
	a.paused = false
	a.debugCheck("Initialize")
	return nil
}

func (a *Allocator) sorterOptions(role string) SorterOptions {
	src := rand.NewPCG(a.cfg.Seed, sorterStream(role, a.cycles))
	a.rngs[role] = src
	return SorterOptions{
		Total:    a.total,
		Excluded: a.opts.FairnessExcludeResourceNames,
		Rand:     rand.New(src),
	}
}

// sorterStream is the PCG stream of the sorter of role in a cycle.
func sorterStream(role string, cycle uint64) uint64 {
	h := fnv.New64a()
	h.Write([]byte(role))
	return h.Sum64() ^ (cycle * 0x9e3779b97f4a7c15)
}

// reseedSorters starts every sorter's random source afresh for the cycle
// about to run.
func (a *Allocator) reseedSorters() {
	for role, src := range a.rngs {
		src.Seed(a.cfg.Seed, sorterStream(role, a.cycles))
	}
}

// Options returns the options Initialize was given (normalized).
func (a *Allocator) Options() Options { return a.opts }

// Recover is Mesos's recover: with quota present it sets the quotas and
// pauses allocation until AgentRecoveryFactor × expectedAgentCount agents
// are added or RecoveryTimeout passes (checked when cycles run; see
// RecoveryDeadline). Without quota it does nothing.
func (a *Allocator) Recover(expectedAgentCount int, quotas map[string]Quota) error {
	if !a.initialized {
		return ErrNotInitialized
	}
	if expectedAgentCount < 0 {
		return fmt.Errorf("%w: negative expected agent count %d", ErrInvalidOption, expectedAgentCount)
	}
	if len(a.agents) > 0 {
		return fmt.Errorf("%w: recover after agents were added", ErrInvalidOption)
	}
	if len(quotas) == 0 {
		return nil
	}
	for role, q := range quotas {
		if err := resources.ValidateRole(role); err != nil {
			return fmt.Errorf("%w: %w", ErrInvalidRole, err)
		}
		if err := q.validate(role); err != nil {
			return err
		}
	}
	for _, role := range sortedKeys(quotas) {
		a.setQuota(role, quotas[role])
	}
	expected := int(float64(expectedAgentCount) * a.opts.AgentRecoveryFactor)
	if expected == 0 {
		a.debugCheck("Recover")
		return nil
	}
	a.expectedAgents = expected
	a.recoveryDeadline = a.clock.Now().Add(a.opts.RecoveryTimeout)
	a.Pause()
	a.debugCheck("Recover")
	return nil
}

// RecoveryDeadline returns when the pause started by Recover ends at the
// latest, and whether such a pause is in progress. The actor can arm a
// timer for it; Allocate and AllocatePending also check it.
func (a *Allocator) RecoveryDeadline() (time.Time, bool) {
	return a.recoveryDeadline, a.expectedAgents >= 0
}

// Pause stops allocation cycles (idempotent). While paused, Allocate and
// AllocatePending return nothing and events do not schedule agents for the
// next event-driven cycle.
func (a *Allocator) Pause() { a.paused = true }

// Resume restarts allocation cycles (idempotent).
func (a *Allocator) Resume() {
	a.paused = false
	a.expectedAgents = -1
}

// Paused reports whether allocation is paused.
func (a *Allocator) Paused() bool { return a.paused }

// Pending reports whether an event-driven cycle has agents to consider:
// the actor runs AllocatePending soon after this becomes true, batching
// the events that arrive in between (as Mesos batches them in one
// dispatch).
func (a *Allocator) Pending() bool { return len(a.candidates) > 0 && !a.paused }

// trigger schedules agents for the next event-driven cycle (Mesos's
// generateOffers(slaveIds)); all agents when none is given.
func (a *Allocator) trigger(agents ...*agent) {
	if a.paused {
		return
	}
	if len(agents) == 0 {
		for _, s := range a.agents {
			a.candidates[s] = struct{}{}
		}
		return
	}
	for _, s := range agents {
		a.candidates[s] = struct{}{}
	}
}

func (a *Allocator) framework(id string) (*framework, error) {
	if !a.initialized {
		return nil, ErrNotInitialized
	}
	f, ok := a.frameworks[id]
	if !ok {
		return nil, fmt.Errorf("%w: %q", ErrUnknownFramework, id)
	}
	return f, nil
}

func (a *Allocator) agent(id string) (*agent, error) {
	if !a.initialized {
		return nil, ErrNotInitialized
	}
	s, ok := a.agents[id]
	if !ok {
		return nil, fmt.Errorf("%w: %q", ErrUnknownAgent, id)
	}
	return s, nil
}

func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sortStrings(out)
	return out
}
