package engine

import (
	"github.com/asynkron/protoactor-go/actor"
	"github.com/prometheus/client_golang/prometheus"
)

// storeWatch is the `store` child: the journal itself is opened by the
// engine before the tree (every owner needs it from its first message) and
// closed after the tree stopped; this worker publishes its counters as
// metrics for as long as the tree runs.
type storeWatch struct {
	e        *Engine
	unexport func()
}

func (s *storeWatch) Receive(ctx actor.Context) {
	switch ctx.Message().(type) {
	case *actor.Started:
		st := s.e.store
		c := []prometheus.Collector{
			prometheus.NewCounterFunc(prometheus.CounterOpts{Name: "mactor_journal_commits_total", Help: "Group commits (transactions) of the journal."},
				func() float64 { return float64(st.Stats().Commits) }),
			prometheus.NewCounterFunc(prometheus.CounterOpts{Name: "mactor_journal_events_total", Help: "Events written to the journal."},
				func() float64 { return float64(st.Stats().Events) }),
			prometheus.NewCounterFunc(prometheus.CounterOpts{Name: "mactor_journal_failed_total", Help: "Journal requests that failed."},
				func() float64 { return float64(st.Stats().Failed) }),
		}
		for _, m := range c {
			_ = s.e.reg.Register(m)
		}
		s.unexport = func() {
			for _, m := range c {
				s.e.reg.Unregister(m)
			}
		}
	case *actor.Stopping, *actor.Restarting:
		if s.unexport != nil {
			s.unexport()
			s.unexport = nil
		}
	}
}
