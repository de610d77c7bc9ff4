package engine

import (
	"sort"
	"sync"

	"github.com/asynkron/protoactor-go/actor"
	"github.com/prometheus/client_golang/prometheus"

	"github.com/mactor/mactor/supervisor"
)

// Actor kinds of mactor_mailbox_depth: what the children of each
// supervisor of the tree are.
const (
	kindSupervisor = "supervisor"
	kindStore      = "store"
	kindRegistry   = "registry"
	kindFramework  = "framework"
	kindAgent      = "agent"
	kindAllocator  = "allocator"
	kindHook       = "hook"
	kindSession    = "session"
	kindListener   = "listener"
	kindBehaviour  = "behaviour"
)

// mailboxes tracks the mailboxes of the tree's actors by kind, so that
// /metrics can report how many user messages wait in them. The tree's
// supervisors create their children's mailboxes through it (a
// supervisor.WithMailbox option); a mailbox leaves the set when its actor
// is stopped.
type mailboxes struct {
	mu     sync.Mutex
	byKind map[string]map[*trackedMailbox]struct{}
}

// trackedMailbox is protoactor's unbounded mailbox, known to a mailboxes.
type trackedMailbox struct {
	actor.Mailbox
	kind string
}

// stopWatch is a mailbox middleware that drops its mailbox from the set
// once the actor has processed its Stop.
type stopWatch struct {
	m  *mailboxes
	mb *trackedMailbox
}

func (s stopWatch) MailboxStarted()   {}
func (s stopWatch) MessagePosted(any) {}
func (s stopWatch) MailboxEmpty()     {}
func (s stopWatch) MessageReceived(msg any) {
	if _, ok := msg.(*actor.Stop); ok {
		s.m.remove(s.mb)
	}
}

// producer returns a mailbox producer whose mailboxes count as kind.
func (m *mailboxes) producer(kind string) actor.MailboxProducer {
	return func() actor.Mailbox {
		mb := &trackedMailbox{kind: kind}
		mb.Mailbox = actor.Unbounded(stopWatch{m: m, mb: mb})()
		m.mu.Lock()
		if m.byKind == nil {
			m.byKind = map[string]map[*trackedMailbox]struct{}{}
		}
		set := m.byKind[kind]
		if set == nil {
			set = map[*trackedMailbox]struct{}{}
			m.byKind[kind] = set
		}
		set[mb] = struct{}{}
		m.mu.Unlock()
		return mb
	}
}

func (m *mailboxes) remove(mb *trackedMailbox) {
	m.mu.Lock()
	delete(m.byKind[mb.kind], mb)
	m.mu.Unlock()
}

// kinds returns a supervisor option that gives every child the kind
// byID[id], or other when the id is not listed.
func (m *mailboxes) kinds(other string, byID map[string]string) supervisor.Option {
	return supervisor.WithMailbox(func(id string) actor.MailboxProducer {
		if k, ok := byID[id]; ok {
			return m.producer(k)
		}
		return m.producer(other)
	})
}

// all is kinds with every child of one kind.
func (m *mailboxes) all(kind string) supervisor.Option { return m.kinds(kind, nil) }

// depth sums, per kind, the user messages queued in live mailboxes, and
// counts the mailboxes.
func (m *mailboxes) depth() (queued, actors map[string]int) {
	m.mu.Lock()
	defer m.mu.Unlock()
	queued, actors = map[string]int{}, map[string]int{}
	for kind, set := range m.byKind {
		n := 0
		for mb := range set {
			n += mb.UserMessageCount()
		}
		queued[kind], actors[kind] = n, len(set)
	}
	return queued, actors
}

var (
	mailboxDepthDesc = prometheus.NewDesc("mactor_mailbox_depth",
		"User messages waiting in the mailboxes of the tree's actors, by actor kind.", []string{"kind"}, nil)
	mailboxActorsDesc = prometheus.NewDesc("mactor_mailbox_actors",
		"Live actors of the tree whose mailboxes mactor_mailbox_depth sums, by actor kind.", []string{"kind"}, nil)
)

// Describe implements prometheus.Collector.
func (m *mailboxes) Describe(ch chan<- *prometheus.Desc) {
	ch <- mailboxDepthDesc
	ch <- mailboxActorsDesc
}

// Collect implements prometheus.Collector.
func (m *mailboxes) Collect(ch chan<- prometheus.Metric) {
	queued, actors := m.depth()
	kinds := make([]string, 0, len(queued))
	for k := range queued {
		kinds = append(kinds, k)
	}
	sort.Strings(kinds)
	for _, k := range kinds {
		ch <- prometheus.MustNewConstMetric(mailboxDepthDesc, prometheus.GaugeValue, float64(queued[k]), k)
		ch <- prometheus.MustNewConstMetric(mailboxActorsDesc, prometheus.GaugeValue, float64(actors[k]), k)
	}
}

// mailboxOption is the WithMailbox option of the tree's supervisor sup
// (its child id, "root" for the root): the kind of each of its children.
func (e *Engine) mailboxOption(sup string) supervisor.Option {
	m := &e.obs.mail
	switch sup {
	case "root":
		return m.kinds(kindSupervisor, map[string]string{"store": kindStore})
	case "allocation":
		return m.kinds(kindSupervisor, map[string]string{"allocator": kindRegistry, allocatorChild: kindAllocator})
	case "frameworks":
		return m.all(kindFramework)
	case "agents":
		return m.all(kindAgent)
	case "hooks":
		return m.all(kindHook)
	case "bridge":
		return m.kinds(kindSupervisor, map[string]string{"listener": kindListener})
	case "sessions":
		return m.all(kindSession)
	case "behaviours":
		return m.all(kindBehaviour)
	}
	return m.all(kindSupervisor)
}
