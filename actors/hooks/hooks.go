package hooks

import (
	"context"
	"fmt"
	"time"

	"github.com/asynkron/protoactor-go/actor"

	bridgev1 "github.com/mactor/mactor/messages/bridge/v1"
	"github.com/mactor/mactor/supervisor"
)

// Hooks is the bridge's way to the hook actors: Ask sends a call to the
// actor of its hook and waits at most the hook's deadline.
type Hooks struct {
	system   *actor.ActorSystem
	settings Settings
	metrics  *Metrics
	states   map[bridgev1.Call_Type]*state
	pids     map[bridgev1.Call_Type]*actor.PID
}

// New prepares the hook actors of system, answering with handler (nil
// answers None to everything). Start them with Spec, under a supervisor,
// then call Bind.
func New(system *actor.ActorSystem, handler Handler, settings Settings, metrics *Metrics) (*Hooks, error) {
	if err := settings.Validate(); err != nil {
		return nil, err
	}
	if handler == nil {
		handler = Adapt(NoChange{})
	}
	h := &Hooks{system: system, settings: settings, metrics: metrics, states: map[bridgev1.Call_Type]*state{}}
	for _, hk := range all {
		h.states[hk.Type] = &state{hook: hk, handler: handler, sem: make(chan struct{}, settings.workers())}
	}
	return h, nil
}

// Spec is the `hooks` one_for_one supervisor: one permanent worker per
// hook, named by Hook.Name.
func (h *Hooks) Spec(opts ...supervisor.Option) supervisor.Spec {
	spec := supervisor.Spec{Strategy: supervisor.OneForOne, Options: opts}
	for _, hk := range all {
		st := h.states[hk.Type]
		spec.Children = append(spec.Children, supervisor.ChildSpec{
			ID:    hk.Name,
			Start: func(string) actor.Actor { return &hookActor{st: st} },
		})
	}
	return spec
}

// Bind looks up the hook actors under the running supervisor sup.
func (h *Hooks) Bind(sup *supervisor.Handle) error {
	children, err := sup.WhichChildren()
	if err != nil {
		return fmt.Errorf("hooks: %w", err)
	}
	pids := map[bridgev1.Call_Type]*actor.PID{}
	for _, c := range children {
		if hk, ok := ByName(c.ID); ok && c.PID != nil {
			pids[hk.Type] = c.PID
		}
	}
	h.pids = pids
	return nil
}

// Settings returns the hooks' settings.
func (h *Hooks) Settings() Settings { return h.settings }

// Restarting reports whether the actor of hook t is restarting.
func (h *Hooks) Restarting(t bridgev1.Call_Type) bool {
	st := h.states[t]
	return st != nil && st.restarting.Load()
}

// Ask answers a hook call within the hook's deadline (counted from now;
// ctx may shorten it): the policy's answer, or the fallback when the
// deadline passes, the actor is restarting, the policy crashes or too many
// calls of the hook are running. The result is never nil.
func (h *Hooks) Ask(ctx context.Context, call *bridgev1.Call) (*bridgev1.HookResult, error) {
	hk, ok := ByType(call.GetType())
	if !ok {
		return nil, fmt.Errorf("%w: %s", ErrNotHook, call.GetType())
	}
	start := time.Now()
	set := h.settings.For(hk)
	st, pid := h.states[hk.Type], h.pids[hk.Type]
	if pid == nil || st.restarting.Load() {
		return h.fallback(hk, set, "restarting", start), nil
	}
	ctx, cancel := context.WithTimeout(ctx, set.Deadline)
	defer cancel()
	reply := make(chan answer, 1)
	h.system.Root.Send(pid, &ask{ctx: ctx, call: call, reply: reply})
	select {
	case a := <-reply:
		if a.res == nil && a.reason != "" {
			return h.fallback(hk, set, a.reason, start), nil
		}
		res := a.res
		if res == nil || (res.GetValue() == nil && res.GetError() == "" && !res.GetNone()) {
			res = &bridgev1.HookResult{None: true}
		}
		h.metrics.observe(hk.Name, outcome(res), "", time.Since(start))
		return res, nil
	case <-ctx.Done():
		return h.fallback(hk, set, "deadline", start), nil
	}
}

func (h *Hooks) fallback(hk Hook, set Setting, reason string, start time.Time) *bridgev1.HookResult {
	h.metrics.observe(hk.Name, "fallback", reason, time.Since(start))
	return FallbackResult(set.Fallback, reason)
}

func outcome(r *bridgev1.HookResult) string {
	switch {
	case r.GetError() != "":
		return "error"
	case r.GetValue() != nil:
		return "value"
	}
	return "none"
}
