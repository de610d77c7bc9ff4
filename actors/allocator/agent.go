package allocator

import (
	"github.com/mactor/mactor/internal/resources"
	"github.com/mactor/mactor/messages/mesos"
	mesosallocator "github.com/mactor/mactor/messages/mesos/allocator"
)

// agent is the allocator's record of one agent (Mesos's Slave in
// hierarchical.hpp): its total, what is offered or allocated to each
// framework, and what is therefore available.
type agent struct {
	id        string
	info      *mesos.SlaveInfo
	caps      AgentCapabilities
	activated bool

	total        resources.Resources
	totalQ       resources.Quantities // scalar quantities of total
	shared       resources.Resources  // total.Shared()
	hasGPU       bool
	hasRevocable bool // total has revocable resources

	// lastRefused is the most recent refuse filter's resources, shared by
	// later filters that refuse the same (declines of the same leftover
	// are the common case).
	lastRefused resources.Resources

	// alloc is what is offered or allocated, per framework id (resources
	// carry their allocation role; frameworks may be unknown yet, as when
	// an agent re-registers before its frameworks); allocTotal is its sum,
	// allocated the part that is allocated rather than merely offered.
	alloc      map[string]resources.Resources
	allocTotal resources.Resources
	allocated  resources.Resources

	// available = total - allocTotal (shared resources always available).
	available resources.Resources
	// exact says allocTotal fits in total, so available can be updated by
	// adding and subtracting instead of recomputed (false after the total
	// shrank under what is allocated).
	exact bool
	// version changes whenever available does.
	version uint64
	// revocableQ is the scalar quantities of available revocable resources.
	revocableQ resources.Quantities

	maintenance *maintenance
}

// maintenance is an agent's scheduled unavailability and the state of its
// inverse offers.
type maintenance struct {
	unavailability *mesos.Unavailability
	statuses       map[*framework]*mesosallocator.InverseOfferStatus
	outstanding    map[*framework]bool
}

func newMaintenance(u *mesos.Unavailability) *maintenance {
	return &maintenance{unavailability: u, statuses: map[*framework]*mesosallocator.InverseOfferStatus{}, outstanding: map[*framework]bool{}}
}

func (s *agent) setTotal(total resources.Resources) {
	s.total = total
	s.totalQ = total.ScalarQuantities()
	s.shared = total.Shared()
	gpus, _ := total.ScalarValue("gpus")
	s.hasGPU = gpus > 0
	s.hasRevocable = len(total.Revocable()) > 0
	s.updateAvailable()
}

// updateAvailable recomputes available and returns the change of the
// available revocable quantities.
func (s *agent) updateAvailable() {
	used := s.allocTotal.Unallocate()
	if len(s.shared) == 0 {
		s.available = s.total.Minus(used)
		s.exact = s.total.Contains(used)
	} else {
		nonShared := s.total.NonShared()
		s.available = nonShared.Minus(used.NonShared()).Plus(s.shared)
		s.exact = nonShared.Contains(used.NonShared())
	}
	s.version++
	s.updateRevocable()
}

func (s *agent) updateRevocable() {
	s.revocableQ = nil
	if !s.hasRevocable {
		return
	}
	for i := range s.available {
		x := &s.available[i]
		if x.Type == resources.ScalarType && x.IsRevocable() {
			s.revocableQ = s.revocableQ.Plus(resources.Quantities{{Name: x.Name, Value: x.Scalar}})
		}
	}
}

// decreaseAvailable records res as offered or allocated to framework fw
// and recomputes what is available.
func (s *agent) decreaseAvailable(fw string, res resources.Resources) {
	if res.Empty() {
		return
	}
	s.hold(fw, res)
	s.updateAvailable()
}

func (s *agent) hold(fw string, res resources.Resources) {
	cur := s.alloc[fw]
	if cur == nil {
		cur = make(resources.Resources, 0, len(res))
	}
	cur.AddAll(res)
	s.alloc[fw] = cur
	s.allocTotal.AddAll(res)
}

// take is decreaseAvailable for an offer: res (unallocated: unallocated)
// comes out of available, so available can be updated incrementally.
func (s *agent) take(fw string, res, unallocated resources.Resources) {
	if res.Empty() {
		return
	}
	s.hold(fw, res)
	// Taking res out of available is exactly what recomputing it would
	// give (subtraction of what is held is exact); shared resources stay
	// available.
	used := unallocated
	if len(s.shared) > 0 {
		used = used.NonShared()
	}
	s.available = s.available.Minus(used)
	s.version++
	s.updateRevocable()
}

// increaseAvailable records res as no longer offered or allocated to fw.
func (s *agent) increaseAvailable(fw string, res resources.Resources) {
	s.give(fw, res, res.Unallocate())
}

// give is increaseAvailable with res already unallocated.
func (s *agent) give(fw string, res, unallocated resources.Resources) {
	if res.Empty() {
		return
	}
	s.allocTotal.SubtractAll(res)
	if cur, ok := s.alloc[fw]; ok {
		cur.SubtractAll(res)
		if cur.Empty() {
			delete(s.alloc, fw)
		} else {
			s.alloc[fw] = cur
		}
	}
	if !s.exact {
		s.updateAvailable()
		return
	}
	// What was held fits in the total: it comes back whole. Shared
	// resources never left.
	back := unallocated
	if len(s.shared) > 0 {
		back = back.NonShared()
	}
	s.available = s.available.Plus(back)
	s.version++
	s.updateRevocable()
}

func (s *agent) view() AgentView {
	return AgentView{ID: s.id, Hostname: s.info.GetHostname(), Total: s.total, Available: s.available}
}
