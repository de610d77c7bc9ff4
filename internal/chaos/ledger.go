package chaos

import (
	"fmt"
	"slices"
	"strings"
	"sync"

	"github.com/mactor/mactor/internal/resources"
	bridgev1 "github.com/mactor/mactor/messages/bridge/v1"
)

// OfferLedger is a module's view of the offers it got: what each
// framework holds (offered or in use) on each agent, the agents' totals,
// and the refuse filters in force. Every OFFERS event is checked against
// it: nothing offered twice (an offer must fit in what the agent has
// beside what is outstanding, so no agent's total is exceeded), no
// (framework, agent) offered while the framework refuses it, and event
// numbers without gaps. It is safe for concurrent use.
type OfferLedger struct {
	mu       sync.Mutex
	totals   map[string]resources.Resources
	removed  map[string]bool
	held     map[[2]string]resources.Resources // (framework, agent) → offered or in use
	refusing map[[2]string]bool
	events   []uint64
	offers   int
	failures []string
	history  map[string][]string                    // agent → its last operations, for a failure's history
	limits   map[string]resources.Limits            // role → quota limits
	roles    map[string]string                      // framework → the role of its last offer
	peak     map[string]map[string]resources.Scalar // limited role → resource → the most it held at once
}

// historyLen is how many operations per agent a failure's history shows.
const historyLen = 12

// note adds one operation to an agent's history.
func (l *OfferLedger) note(agent, format string, args ...any) {
	h := append(l.history[agent], fmt.Sprintf(format, args...))
	if len(h) > historyLen {
		h = h[len(h)-historyLen:]
	}
	l.history[agent] = h
}

// holders describes who holds what on agent.
func (l *OfferLedger) holders(agent string) string {
	var out []string
	for k, h := range l.held {
		if k[1] == agent && !h.Empty() {
			out = append(out, fmt.Sprintf("%s holds %s", k[0], h))
		}
	}
	slices.Sort(out)
	return strings.Join(out, "; ")
}

// NewOfferLedger returns an empty ledger.
func NewOfferLedger() *OfferLedger {
	return &OfferLedger{totals: map[string]resources.Resources{}, removed: map[string]bool{},
		held: map[[2]string]resources.Resources{}, refusing: map[[2]string]bool{}, history: map[string][]string{},
		limits: map[string]resources.Limits{}, roles: map[string]string{}, peak: map[string]map[string]resources.Scalar{}}
}

func (l *OfferLedger) fail(format string, args ...any) {
	l.failures = append(l.failures, fmt.Sprintf(format, args...))
}

// SetTotal records an agent's total resources (addSlave).
func (l *OfferLedger) SetTotal(agent string, total resources.Resources) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.totals[agent] = total
	delete(l.removed, agent)
	l.note(agent, "addSlave total %s", total)
}

// SetLimits records a role's quota limits (updateQuota): from then on
// what the role's frameworks hold, offered or in use, must stay within
// them. Call it only once the engine has the quota (the call is
// acknowledged), before the role is offered anything under it.
func (l *OfferLedger) SetLimits(role string, limits resources.Limits) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if limits.Empty() {
		delete(l.limits, role)
		return
	}
	l.limits[role] = limits
}

// consumedLocked is what role's frameworks hold.
func (l *OfferLedger) consumedLocked(role string) resources.Quantities {
	var q resources.Quantities
	for k, h := range l.held {
		if l.roles[k[0]] == role {
			q = q.Plus(h.ScalarQuantities())
		}
	}
	return q
}

// checkLimitLocked checks that role is within its limits after an offer.
func (l *OfferLedger) checkLimitLocked(seq uint64, fw, role string, res resources.Resources) {
	limit, ok := l.limits[role]
	if !ok {
		return
	}
	used := l.consumedLocked(role)
	if l.peak[role] == nil {
		l.peak[role] = map[string]resources.Scalar{}
	}
	for _, q := range used {
		l.peak[role][q.Name] = max(l.peak[role][q.Name], q.Value)
	}
	if !limit.ContainsQuantities(used) {
		l.fail("event %d: %s offered %s as role %s: the role holds %s, above its limit %s", seq, fw, res, role, used, limit)
	}
}

// Peak is the most a limited role held at once, per resource.
func (l *OfferLedger) Peak(role string) resources.Quantities {
	l.mu.Lock()
	defer l.mu.Unlock()
	var q resources.Quantities
	for name, v := range l.peak[role] {
		q = q.Plus(resources.Quantities{{Name: name, Value: v}})
	}
	return q
}

// RemoveAgent forgets an agent (removeSlave): what was held on it is
// gone, and offers of it that were already on their way are not checked.
func (l *OfferLedger) RemoveAgent(agent string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	delete(l.totals, agent)
	l.removed[agent] = true
	l.note(agent, "removeSlave")
	for k := range l.held {
		if k[1] == agent {
			delete(l.held, k)
		}
	}
}

// RemoveFramework forgets what a framework holds (removeFramework).
func (l *OfferLedger) RemoveFramework(fw string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	for k := range l.held {
		if k[0] == fw {
			delete(l.held, k)
			l.note(k[1], "removeFramework %s", fw)
		}
	}
}

// Event handles one event of the SUBSCRIBE stream; events other than
// OFFERS are ignored.
func (l *OfferLedger) Event(ev *bridgev1.Event) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if ev.GetType() != bridgev1.Event_OFFERS {
		return
	}
	if n := len(l.events); n > 0 && ev.GetSequence() != l.events[n-1]+1 {
		l.fail("event %d after event %d", ev.GetSequence(), l.events[n-1])
	}
	l.events = append(l.events, ev.GetSequence())
	fw := ev.GetOffers().GetFrameworkId().GetValue()
	for _, rr := range ev.GetOffers().GetRoles() {
		for _, sr := range rr.GetSlaves() {
			agent := sr.GetSlaveId().GetValue()
			res, err := resources.FromProto(sr.GetResources())
			if err != nil {
				l.fail("event %d: %v", ev.GetSequence(), err)
				continue
			}
			if l.removed[agent] {
				continue // offered before the engine applied removeSlave
			}
			l.offers++
			if l.refusing[[2]string{fw, agent}] {
				l.fail("event %d: %s offered %s on %s, which it refuses", ev.GetSequence(), fw, res, agent)
			}
			var out resources.Resources
			for k, h := range l.held {
				if k[1] == agent {
					out = out.Plus(h.Unallocate())
				}
			}
			if !l.totals[agent].Contains(out.Plus(res.Unallocate())) {
				l.fail("event %d: %s offered %s on %s beside %s outstanding (total %s): offered twice\nheld: %s\nhistory of %s:\n  %s",
					ev.GetSequence(), fw, res, agent, out, l.totals[agent], l.holders(agent), agent, strings.Join(l.history[agent], "\n  "))
			}
			k := [2]string{fw, agent}
			l.held[k] = l.held[k].Plus(res)
			l.roles[fw] = rr.GetRole()
			l.checkLimitLocked(ev.GetSequence(), fw, rr.GetRole(), res)
			l.note(agent, "event %d: offer %s to %s", ev.GetSequence(), res, fw)
		}
	}
}

// Holding returns what fw holds on agent.
func (l *OfferLedger) Holding(fw, agent string) resources.Resources {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.held[[2]string{fw, agent}]
}

// Holder returns a framework holding something on agent ("" if none).
func (l *OfferLedger) Holder(agent string) string {
	l.mu.Lock()
	defer l.mu.Unlock()
	for k, h := range l.held {
		if k[1] == agent && !h.Empty() {
			return k[0]
		}
	}
	return ""
}

// Release forgets everything fw holds on agent (declined or finished) and
// returns it; with refuse, fw refuses agent from now on (until Revive).
func (l *OfferLedger) Release(fw, agent string, refuse bool) resources.Resources {
	l.mu.Lock()
	defer l.mu.Unlock()
	k := [2]string{fw, agent}
	h := l.held[k]
	delete(l.held, k)
	if refuse {
		l.refusing[k] = true
	}
	return h
}

// Recover takes res back from what fw holds on agent (recoverResources).
func (l *OfferLedger) Recover(fw, agent string, res resources.Resources) {
	l.mu.Lock()
	defer l.mu.Unlock()
	k := [2]string{fw, agent}
	h := l.held[k].Unallocate().Minus(res.Unallocate())
	l.note(agent, "recoverResources %s from %s", res, fw)
	if h.Empty() {
		delete(l.held, k)
		return
	}
	l.held[k] = h
}

// Revive ends fw's refusal of agent.
func (l *OfferLedger) Revive(fw, agent string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	delete(l.refusing, [2]string{fw, agent})
}

// Convert applies a conversion (e.g. a reservation) to what fw holds on
// agent and to the agent's total (updateAllocation with conversions).
func (l *OfferLedger) Convert(fw, agent string, consumed, converted resources.Resources) {
	l.mu.Lock()
	defer l.mu.Unlock()
	k := [2]string{fw, agent}
	l.held[k] = l.held[k].Minus(consumed).Plus(converted)
	l.totals[agent] = l.totals[agent].Minus(consumed.Unallocate()).Plus(converted.Unallocate())
}

// LastEvent is the number of the last OFFERS event (0 before any).
func (l *OfferLedger) LastEvent() uint64 {
	l.mu.Lock()
	defer l.mu.Unlock()
	if len(l.events) == 0 {
		return 0
	}
	return l.events[len(l.events)-1]
}

// Offers counts the (framework, agent) offers checked.
func (l *OfferLedger) Offers() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.offers
}

// Failures returns what the ledger found wrong, in order.
func (l *OfferLedger) Failures() []string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]string(nil), l.failures...)
}
