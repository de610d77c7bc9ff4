package engine

import (
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/asynkron/protoactor-go/actor"
	"github.com/prometheus/client_golang/prometheus"

	"github.com/mactor/mactor/internal/version"
	"github.com/mactor/mactor/supervisor"
	"github.com/mactor/mactor/supervisor/journal"
)

// deadLettersPerSecond bounds the dead letters put on the timeline (all
// are counted): a crash can make thousands, which would push everything
// else out of the ring.
const deadLettersPerSecond = 20

// observability is what the engine keeps for GET /state, /state/tree,
// /state/timeline and its lifecycle metrics: it listens to the actor
// system's EventStream (the supervisors' lifecycle events and dead
// letters), the hooks' fallbacks and the journal's commits. Its zero value
// is usable; start wires it to a running engine.
type observability struct {
	started  time.Time
	timeline timeline
	mail     mailboxes

	restarts    *prometheus.CounterVec // by supervisor
	escalations *prometheus.CounterVec // by supervisor
	deadLetters prometheus.Counter
	fsync       prometheus.Histogram

	mu sync.Mutex
	// restartsByPath counts the automatic restarts of each actor since the
	// engine started, by path ("root/allocation/frameworks/fw-1").
	restartsByPath map[string]int
	// dead-letter timeline throttle: the second and how many were put on
	// the timeline within it.
	dlSecond int64
	dlInSec  int
}

// fsyncObserver creates the journal fsync histogram and returns the
// journal option that feeds it (the journal opens before the registry).
func (o *observability) fsyncObserver() journal.Option {
	o.fsync = prometheus.NewHistogram(prometheus.HistogramOpts{
		Name:    "mactor_journal_fsync_seconds",
		Help:    "Time of each journal group commit's durable write (bbolt's page writes and fsyncs).",
		Buckets: prometheus.ExponentialBuckets(0.0001, 2, 16), // 100µs .. 3.3s
	})
	return journal.WithFsyncObserver(func(d time.Duration) { o.fsync.Observe(d.Seconds()) })
}

// start registers the lifecycle metrics on e's registry, subscribes to the
// actor system's EventStream and records the engine's start.
func (o *observability) start(e *Engine) {
	o.started = time.Now()
	o.restarts = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "mactor_supervisor_restarts_total", Help: "Automatic restarts of children, by supervisor (its path).",
	}, []string{"supervisor"})
	o.escalations = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "mactor_supervisor_escalations_total", Help: "Times a supervisor exceeded its restart intensity and escalated to its parent, by supervisor.",
	}, []string{"supervisor"})
	o.deadLetters = prometheus.NewCounter(prometheus.CounterOpts{
		Name: "mactor_dead_letters_total", Help: "Messages that reached no actor, or were being processed by an actor that crashed.",
	})
	cs := []prometheus.Collector{o.restarts, o.escalations, o.deadLetters, &o.mail}
	if o.fsync != nil {
		cs = append(cs, o.fsync)
	}
	e.reg.MustRegister(cs...)
	e.system.EventStream.Subscribe(func(ev any) { o.onEvent(e, ev) })
	e.Record(EventEngineStart, "root", "mactor "+version.Version)
}

// onEvent runs on the publisher's goroutine (a supervisor's, or the
// sender's for dead letters): it only counts and records.
func (o *observability) onEvent(e *Engine, ev any) {
	switch ev := ev.(type) {
	case *supervisor.ChildRestarted:
		path := ev.Supervisor.GetId() + "/" + ev.ID
		o.restarts.WithLabelValues(ev.Supervisor.GetId()).Inc()
		o.mu.Lock()
		if o.restartsByPath == nil {
			o.restartsByPath = map[string]int{}
		}
		o.restartsByPath[path]++
		o.mu.Unlock()
		detail := reasonText(ev.Reason)
		if ev.Trigger != "" && ev.Trigger != ev.ID {
			detail += " (sibling " + ev.Trigger + " exited)"
		}
		e.Record(EventRestart, path, detail)
	case *supervisor.IntensityExceeded:
		o.escalations.WithLabelValues(ev.Supervisor.GetId()).Inc()
		e.Record(EventEscalation, ev.Supervisor.GetId(),
			fmt.Sprintf("more than %d restarts in %s (last: %s); escalating to the parent", ev.MaxRestarts, ev.Period, ev.Trigger))
	case *supervisor.ChildStarted:
		// Every supervisor with children gets its series, at zero.
		o.restarts.WithLabelValues(ev.Supervisor.GetId())
		o.escalations.WithLabelValues(ev.Supervisor.GetId())
	case *supervisor.ChildTerminated:
		// Only abnormal ends (crashes, kills): a shutdown stops whole
		// subtrees, thousands of actors, which would flush the ring.
		if supervisor.IsAbnormal(ev.Reason) {
			e.Record(EventStop, ev.Supervisor.GetId()+"/"+ev.ID, reasonText(ev.Reason))
		}
	case *actor.DeadLetterEvent:
		o.deadLetters.Inc()
		if o.allowDeadLetter(time.Now().Unix()) {
			e.Record(EventDeadLetter, ev.PID.GetId(), fmt.Sprintf("%T", ev.Message))
		}
	}
}

// allowDeadLetter reports whether one more dead letter may go on the
// timeline within the second now.
func (o *observability) allowDeadLetter(now int64) bool {
	o.mu.Lock()
	defer o.mu.Unlock()
	if now != o.dlSecond {
		o.dlSecond, o.dlInSec = now, 0
	}
	o.dlInSec++
	return o.dlInSec <= deadLettersPerSecond
}

// onFallback puts a hook fallback on the timeline.
func (o *observability) onFallback(e *Engine) func(hook, reason string) {
	return func(hook, reason string) {
		e.Record(EventFallback, "root/hooks/"+hook, reason)
	}
}

// restartCount is the automatic restarts of the actor at path since the
// engine started.
func (o *observability) restartCount(path string) int {
	o.mu.Lock()
	defer o.mu.Unlock()
	return o.restartsByPath[path]
}

// reasonText is an exit reason as one line.
func reasonText(err error) string {
	switch {
	case err == nil:
		return "normal"
	case errors.Is(err, supervisor.ErrMaxRestartIntensity):
		return "escalated: " + err.Error()
	}
	return err.Error()
}
