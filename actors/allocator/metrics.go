package allocator

import (
	"time"

	"github.com/prometheus/client_golang/prometheus"
)

// Metrics describe the allocator actor's work. Create them once with
// NewMetrics (they outlive the actor's restarts); a nil *Metrics counts
// nothing.
type Metrics struct {
	cycles    *prometheus.CounterVec
	duration  prometheus.Histogram
	events    *prometheus.CounterVec
	offers    prometheus.Counter // metrics_offers.go
	inputs    prometheus.Counter
	refused   prometheus.Counter
	recovery  prometheus.Gauge
	recovered prometheus.Counter
}

// NewMetrics creates the allocator metrics and registers them on reg (if
// not nil):
//
//	mactor_allocator_cycles_total{kind}            kind: periodic, event
//	mactor_allocator_cycle_seconds                 time of a cycle (deciding, not publishing)
//	mactor_allocator_events_total{type}            OFFERS and INVERSE_OFFERS events published
//	mactor_allocator_offers_total                  offers published (one per framework and agent)
//	mactor_allocator_owner_events_total            owners' journal events applied
//	mactor_allocator_refused_calls_total           calls the core refused (Mesos would CHECK-fail)
//	mactor_allocator_recoveries_total              (re)starts of the actor
//	mactor_allocator_recovery_seconds              time the last (re)start took
func NewMetrics(reg prometheus.Registerer) *Metrics {
	m := &Metrics{
		cycles: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "mactor_allocator_cycles_total", Help: "Allocation cycles run, periodic or event-driven.",
		}, []string{"kind"}),
		duration: prometheus.NewHistogram(prometheus.HistogramOpts{
			Name:    "mactor_allocator_cycle_seconds",
			Help:    "Time of an allocation cycle.",
			Buckets: []float64{0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1},
		}),
		events: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "mactor_allocator_events_total", Help: "OFFERS and INVERSE_OFFERS events published.",
		}, []string{"type"}),
		inputs: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "mactor_allocator_owner_events_total", Help: "Owners' journal events applied to the allocation core.",
		}),
		refused: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "mactor_allocator_refused_calls_total", Help: "Allocator calls the core refused (a Mesos allocator would CHECK-fail).",
		}),
		recovered: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "mactor_allocator_recoveries_total", Help: "Starts and restarts of the allocator actor.",
		}),
		recovery: prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "mactor_allocator_recovery_seconds", Help: "Time the allocator actor's last (re)start took.",
		}),
		offers: newOffersCounter(),
	}
	if reg != nil {
		reg.MustRegister(m.cycles, m.duration, m.events, m.offers, m.inputs, m.refused, m.recovered, m.recovery)
	}
	return m
}

func (m *Metrics) cycle(all bool, d time.Duration) {
	if m == nil {
		return
	}
	kind := "event"
	if all {
		kind = "periodic"
	}
	m.cycles.WithLabelValues(kind).Inc()
	m.duration.Observe(d.Seconds())
}

func (m *Metrics) published(typ string) {
	if m != nil {
		m.events.WithLabelValues(typ).Inc()
	}
}

func (m *Metrics) input(refused int) {
	if m != nil {
		m.inputs.Inc()
		m.refused.Add(float64(refused))
	}
}

func (m *Metrics) started(d time.Duration) {
	if m != nil {
		m.recovered.Inc()
		m.recovery.Set(d.Seconds())
	}
}
