package supervisor

import "time"

// intensity is OTP's restart intensity: at most max restarts within any
// period. Restarts are kept as timestamps; those older than the period are
// pruned on every add, so while the supervisor goes on the slice holds at
// most max entries.
type intensity struct {
	max      int
	period   time.Duration
	restarts []time.Time
}

// add records a restart at now and reports whether the supervisor may go
// on (false: more than max restarts in the last period, give up).
func (in *intensity) add(now time.Time) bool {
	in.restarts = append(in.restarts, now)
	cut := now.Add(-in.period)
	drop := 0
	for drop < len(in.restarts) && !in.restarts[drop].After(cut) {
		drop++
	}
	if drop > 0 {
		in.restarts = append(in.restarts[:0], in.restarts[drop:]...)
	}
	return len(in.restarts) <= in.max
}
