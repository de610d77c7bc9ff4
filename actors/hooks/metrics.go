package hooks

import (
	"sync"
	"sync/atomic"
	"time"

	"github.com/prometheus/client_golang/prometheus"
)

// Metrics count hook calls. Register them on the engine's registry with
// NewMetrics; a nil *Metrics counts nothing.
type Metrics struct {
	calls     *prometheus.CounterVec
	fallbacks *prometheus.CounterVec
	duration  *prometheus.HistogramVec
	observers sync.Map // hook name → prometheus.Observer
	// onFallback, if set, is told of each fallback (OnFallback).
	onFallback atomic.Pointer[FallbackObserver]
}

// NewMetrics creates the hook metrics and registers them on reg (if not
// nil):
//
//	mactor_hook_calls_total{hook,outcome}       outcome: value, none, error, fallback
//	mactor_hook_fallbacks_total{hook,reason}    reason: deadline, restarting, crash, overload
//	mactor_hook_duration_seconds{hook}          time to answer, fallbacks included
func NewMetrics(reg prometheus.Registerer) *Metrics {
	m := &Metrics{
		calls: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "mactor_hook_calls_total", Help: "Hook calls answered, by hook and outcome.",
		}, []string{"hook", "outcome"}),
		fallbacks: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "mactor_hook_fallbacks_total", Help: "Hook calls answered with the configured fallback, by reason.",
		}, []string{"hook", "reason"}),
		duration: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "mactor_hook_duration_seconds",
			Help:    "Time to answer a hook call, fallbacks included.",
			Buckets: []float64{0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5},
		}, []string{"hook"}),
	}
	if reg != nil {
		reg.MustRegister(m.calls, m.fallbacks, m.duration)
	}
	return m
}

func (m *Metrics) observe(hook, outcome, reason string, d time.Duration) {
	if m == nil {
		return
	}
	m.calls.WithLabelValues(hook, outcome).Inc()
	if reason != "" {
		m.fallbacks.WithLabelValues(hook, reason).Inc()
		m.notifyFallback(hook, reason)
	}
	m.durationOf(hook).Observe(d.Seconds())
}

// durationOf returns the hook's latency observer, looked up once.
func (m *Metrics) durationOf(hook string) prometheus.Observer {
	if o, ok := m.observers.Load(hook); ok {
		return o.(prometheus.Observer)
	}
	o := m.duration.WithLabelValues(hook)
	m.observers.Store(hook, o)
	return o
}

// Fallbacks returns how many calls of hook fell back for reason (for
// tests and the benchmark).
func (m *Metrics) Fallbacks(hook, reason string) float64 {
	if m == nil {
		return 0
	}
	return counterValue(m.fallbacks.WithLabelValues(hook, reason))
}
