package bridge

import (
	"strconv"

	"github.com/prometheus/client_golang/prometheus"
)

// metrics are the bridge's Prometheus metrics.
type metrics struct {
	calls     *prometheus.CounterVec
	requests  *prometheus.HistogramVec
	resets    prometheus.Counter
	events    *prometheus.CounterVec
	streams   prometheus.Gauge
	deadLinks prometheus.Counter
}

func newMetrics(reg prometheus.Registerer) *metrics {
	m := &metrics{
		calls: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "mactor_bridge_calls_total", Help: "Calls answered by the bridge, by call type and status code.",
		}, []string{"type", "code"}),
		requests: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "mactor_bridge_request_duration_seconds",
			Help:    "Time to answer a bridge request, by form (call, batch, multipart).",
			Buckets: prometheus.ExponentialBuckets(0.0001, 2.5, 12),
		}, []string{"form"}),
		resets: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "mactor_bridge_session_resets_total", Help: "Times a module session rewound (calls in flight answered 503 for resend).",
		}),
		events: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "mactor_bridge_events_total", Help: "Events written on SUBSCRIBE streams, by type.",
		}, []string{"type"}),
		streams: prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "mactor_bridge_subscribers", Help: "Open SUBSCRIBE streams (0 or 1).",
		}),
		deadLinks: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "mactor_bridge_undelivered_total", Help: "Bridge messages that reached no actor (answered 503).",
		}),
	}
	if reg != nil {
		reg.MustRegister(m.calls, m.requests, m.resets, m.events, m.streams, m.deadLinks)
	}
	return m
}

func (m *metrics) call(t string, code int) {
	m.calls.WithLabelValues(t, strconv.Itoa(code)).Inc()
}
