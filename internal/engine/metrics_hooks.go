package engine

import "github.com/mactor/mactor/actors/hooks"

// hookMetrics creates the hooks' metrics on the engine's registry, with
// every fallback also put on the timeline.
func (e *Engine) hookMetrics() *hooks.Metrics {
	m := hooks.NewMetrics(e.reg)
	m.OnFallback(e.obs.onFallback(e))
	return m
}
