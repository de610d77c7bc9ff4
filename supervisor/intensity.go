package supervisor

import "time"

// intensity is OTP's restart intensity: at most max restarts within any
// period. Restarts are kept as timestamps in a queue (restarts[head:]);
// those older than the period are dropped on every add, so while the
// supervisor goes on the queue holds at most max entries. add is amortised
// O(1).
type intensity struct {
	max      int
	period   time.Duration
	restarts []time.Time
	head     int
}

// add records a restart at now and reports whether the supervisor may go
// on (false: more than max restarts in the last period, give up).
func (in *intensity) add(now time.Time) bool {
	in.restarts = append(in.restarts, now)
	cut := now.Add(-in.period)
	for in.head < len(in.restarts) && !in.restarts[in.head].After(cut) {
		in.head++
	}
	if in.head > 32 && in.head > len(in.restarts)/2 {
		n := copy(in.restarts, in.restarts[in.head:])
		in.restarts, in.head = in.restarts[:n], 0
	}
	return len(in.restarts)-in.head <= in.max
}

// count is the number of restarts within the period, as of the last add.
func (in *intensity) count() int { return len(in.restarts) - in.head }
