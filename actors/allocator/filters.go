package allocator

import (
	"container/heap"
	"math"
	"time"

	"github.com/mactor/mactor/internal/resources"
	"github.com/mactor/mactor/messages/mesos"
)

// offerFilter is a refuse filter (Mesos's RefusedOfferFilter): framework f
// declined resources in role on agent; until it expires, offers that those
// resources contain are not made again. Filters of one (framework, role,
// agent) are chained through next. Times are Unix nanoseconds.
type offerFilter struct {
	f       *framework
	key     filterKey
	refused resources.Resources // unallocated, shared with the agent's lastRefused
	next    *offerFilter
	created int64
	expires int64
	// interval is the allocation interval when the filter was made.
	interval int64
	seq      uint64
	index    int // in the expiry heap, -1 once removed
}

// filters reports whether the filter refuses res (a superset check, as in
// Mesos: expiry is handled by removal, not here).
func (o *offerFilter) filters(res resources.Resources) bool {
	return o.refused.Contains(res)
}

// expired applies Mesos's expiry timing: the filter lasts max(refuse,
// allocation interval) and always covers the first allocation cycle that
// starts within one interval of its creation (MESOS-4302).
func (o *offerFilter) expired(now int64) bool {
	return now >= o.expires && now-o.created > o.interval
}

// inverseFilter is a refused inverse offer filter: the framework is not
// sent inverse offers for the agent before expires.
type inverseFilter struct {
	expires time.Time
}

// refuseTimeout turns Filters into a filter duration as Mesos does: none or
// absent filters → no filter (ok=false) when f is nil; values above 365
// days are capped; negative or invalid ones use the 5 s default; zero means
// no filter.
func refuseTimeout(f *mesos.Filters) (time.Duration, bool) {
	if f == nil {
		return 0, false
	}
	secs := f.GetRefuseSeconds() // 5 when unset
	switch {
	case math.IsNaN(secs) || math.IsInf(secs, -1):
		secs = DefaultRefuseSeconds
	case secs > MaxRefuse.Seconds():
		return MaxRefuse, true
	case secs < 0:
		secs = DefaultRefuseSeconds
	}
	d := time.Duration(secs * float64(time.Second))
	return d, d != 0
}

// filterHeap orders offer filters by expiry (then creation order), so
// expired ones are found without scanning.
type filterHeap []*offerFilter

func (h filterHeap) Len() int { return len(h) }
func (h filterHeap) Less(i, j int) bool {
	if h[i].expires != h[j].expires {
		return h[i].expires < h[j].expires
	}
	return h[i].seq < h[j].seq
}
func (h filterHeap) Swap(i, j int) {
	h[i], h[j] = h[j], h[i]
	h[i].index, h[j].index = i, j
}
func (h *filterHeap) Push(x any) {
	o := x.(*offerFilter)
	o.index = len(*h)
	*h = append(*h, o)
}
func (h *filterHeap) Pop() any {
	old := *h
	o := old[len(old)-1]
	old[len(old)-1] = nil
	*h = old[:len(old)-1]
	o.index = -1
	return o
}

// addOfferFilter installs a refuse filter for (f, role, s).
func (a *Allocator) addOfferFilter(f *framework, role string, s *agent, refused resources.Resources, timeout time.Duration) {
	now := a.clock.Now().UnixNano()
	interval := a.opts.AllocationInterval
	timeout = max(timeout, interval)
	if s.lastRefused.Equal(refused) {
		refused = s.lastRefused
	} else {
		s.lastRefused = refused
	}
	a.filterSeq++
	key := filterKey{role, s}
	o := &offerFilter{
		f:        f,
		key:      key,
		refused:  refused,
		created:  now,
		expires:  saturatingAdd(now, int64(timeout)),
		interval: int64(interval),
		seq:      a.filterSeq,
	}
	if f.filters == nil {
		f.filters = make(map[filterKey]*offerFilter)
	}
	o.next = f.filters[key]
	f.filters[key] = o
	heap.Push(&a.filterHeap, o)
}

func saturatingAdd(x, y int64) int64 {
	if y > 0 && x > math.MaxInt64-y {
		return math.MaxInt64
	}
	return x + y
}

// dropOfferFilter removes one filter from its framework and the heap.
func (a *Allocator) dropOfferFilter(o *offerFilter) {
	head := o.f.filters[o.key]
	if head == o {
		if o.next == nil {
			delete(o.f.filters, o.key)
		} else {
			o.f.filters[o.key] = o.next
		}
	} else {
		for p := head; p != nil; p = p.next {
			if p.next == o {
				p.next = o.next
				break
			}
		}
	}
	if o.index >= 0 {
		heap.Remove(&a.filterHeap, o.index)
	}
}

// expireFilters removes the filters that have expired at now.
func (a *Allocator) expireFilters(t time.Time) {
	now := t.UnixNano()
	var keep []*offerFilter
	for a.filterHeap.Len() > 0 && a.filterHeap[0].expires <= now {
		o := heap.Pop(&a.filterHeap).(*offerFilter)
		if o.expired(now) {
			a.dropOfferFilter(o)
		} else {
			keep = append(keep, o)
		}
	}
	for _, o := range keep {
		heap.Push(&a.filterHeap, o)
	}
}

// removeFrameworkFilters drops the framework's filters, all of them or
// those of one role.
func (a *Allocator) removeFrameworkFilters(f *framework, role string, all bool) {
	for key, head := range f.filters {
		if !all && key.role != role {
			continue
		}
		for o := head; o != nil; o = o.next {
			if o.index >= 0 {
				heap.Remove(&a.filterHeap, o.index)
			}
		}
		delete(f.filters, key)
	}
}

// removeAgentFilters drops every framework's offer and inverse offer
// filters for the agent (Mesos's removeFilters).
func (a *Allocator) removeAgentFilters(s *agent) {
	for _, f := range a.frameworks {
		delete(f.inverseFilters, s)
		for key, head := range f.filters {
			if key.agent != s {
				continue
			}
			for o := head; o != nil; o = o.next {
				if o.index >= 0 {
					heap.Remove(&a.filterHeap, o.index)
				}
			}
			delete(f.filters, key)
		}
	}
}

// isFiltered is Mesos's isFiltered for offers: MULTI_ROLE frameworks get
// nothing from agents without MULTI_ROLE, hierarchical roles nothing from
// agents without HIERARCHICAL_ROLE, and refuse filters apply.
func (a *Allocator) isFiltered(f *framework, role string, s *agent, res resources.Resources) bool {
	if f.caps.multiRole && !s.caps.MultiRole {
		return true
	}
	if !s.caps.HierarchicalRole && resources.TopLevel(role) != role {
		return true
	}
	for o := f.filters[filterKey{role, s}]; o != nil; o = o.next {
		if o.filters(res) {
			return true
		}
	}
	return false
}

// isInverseFiltered reports whether f refused inverse offers for s.
func (a *Allocator) isInverseFiltered(f *framework, s *agent, now time.Time) bool {
	for _, o := range f.inverseFilters[s] {
		if now.Before(o.expires) {
			return true
		}
	}
	return false
}
