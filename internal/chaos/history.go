package chaos

import (
	"context"
	"fmt"
	"time"

	bridgev1 "github.com/mactor/mactor/messages/bridge/v1"
)

// What the runner asks the observer about the module side's history.

// ackedTotal counts the calls acknowledged so far, over every session.
func (o *observer) ackedTotal() int64 {
	o.mu.Lock()
	defer o.mu.Unlock()
	var n int64
	for _, s := range o.sessions {
		n += int64(len(s.acked))
	}
	return n
}

// totals counts the calls sent, acknowledged and rejected.
func (o *observer) totals() (sent, acked, rejected int64) {
	sent, acked, rejected, _ = o.settled()
	return sent, acked, rejected
}

// acknowledgedType reports whether some session has a call of type t
// acknowledged.
func (o *observer) acknowledgedType(t bridgev1.Call_Type) bool {
	o.mu.Lock()
	defer o.mu.Unlock()
	for _, s := range o.sessions {
		for seq := range s.acked {
			if s.sent[seq] == t {
				return true
			}
		}
	}
	return false
}

// maxAcked is each session's highest acknowledged sequence number.
func (o *observer) maxAcked() map[string]uint64 {
	o.mu.Lock()
	defer o.mu.Unlock()
	out := map[string]uint64{}
	for id, s := range o.sessions {
		out[id] = s.maxAcked
	}
	return out
}

// maxSent is each session's highest sequence number sent.
func (o *observer) maxSent() map[string]uint64 {
	o.mu.Lock()
	defer o.mu.Unlock()
	out := map[string]uint64{}
	for id, s := range o.sessions {
		out[id] = s.maxSent
	}
	return out
}

// settled returns, at one moment, the totals of the calls and, per
// session, the calls sent and neither acknowledged nor rejected.
func (o *observer) settled() (sent, acked, rejected int64, unanswered map[string][]uint64) {
	o.mu.Lock()
	defer o.mu.Unlock()
	for _, s := range o.sessions {
		sent += int64(len(s.sent))
		acked += int64(len(s.acked))
		rejected += int64(len(s.rejected))
	}
	return sent, acked, rejected, o.unansweredLocked()
}

// unanswered lists, per session, the calls sent and neither acknowledged
// nor rejected.
func (o *observer) unanswered() map[string][]uint64 {
	o.mu.Lock()
	defer o.mu.Unlock()
	return o.unansweredLocked()
}

func (o *observer) unansweredLocked() map[string][]uint64 {
	out := map[string][]uint64{}
	for id, s := range o.sessions {
		for seq := uint64(1); seq <= s.maxSent; seq++ {
			_, a := s.acked[seq]
			_, r := s.rejected[seq]
			if !a && !r {
				out[id] = append(out[id], seq)
			}
		}
	}
	return out
}

// lostAbove counts a session's acknowledged calls above a watermark.
func (o *observer) lostAbove(id string, watermark uint64) int64 {
	o.mu.Lock()
	defer o.mu.Unlock()
	var n int64
	if s := o.sessions[id]; s != nil {
		for seq := range s.acked {
			if seq > watermark {
				n++
			}
		}
	}
	return n
}

// announced returns the frameworks and agents a session added and did not
// remove, with their calls' sequence numbers known to the caller through
// the session's sent map.
func (o *observer) announced() (frameworks, agents map[string]string) {
	o.mu.Lock()
	defer o.mu.Unlock()
	frameworks, agents = map[string]string{}, map[string]string{}
	for id, s := range o.sessions {
		for fw, live := range s.frameworks {
			if live {
				frameworks[fw] = id
			}
		}
		for a, live := range s.agents {
			if live {
				agents[a] = id
			}
		}
	}
	return frameworks, agents
}

// orderFailures returns what the answers showed out of order.
func (o *observer) orderFailures() []string {
	o.mu.Lock()
	defer o.mu.Unlock()
	var out []string
	for _, id := range o.order {
		out = append(out, o.sessions[id].failures...)
	}
	return out
}

// hookStats returns the hook calls' counts.
func (o *observer) hookStats() hookLog {
	o.mu.Lock()
	defer o.mu.Unlock()
	return o.hooks
}

// throughput is the acknowledged calls of each second of the run.
func (o *observer) throughput() []int {
	o.mu.Lock()
	defer o.mu.Unlock()
	return append([]int(nil), o.acks...)
}

// waitAck waits until the next acknowledgement reaches the module side,
// or for at most d.
func (o *observer) waitAck(ctx context.Context, d time.Duration) {
	start := o.ackedTotal()
	deadline := time.Now().Add(d)
	for o.ackedTotal() == start && time.Now().Before(deadline) && ctx.Err() == nil {
		time.Sleep(time.Millisecond)
	}
}

func (h hookLog) String() string {
	return fmt.Sprintf("%d hook calls, %d answered in time, %d late, %d client fallbacks, %d engine fallbacks, slowest %s",
		h.calls, h.inTime, h.late, h.fallbacks, h.engineFallbacks, h.worst.Round(time.Millisecond))
}
