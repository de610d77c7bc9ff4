package owner

import (
	bridgev1 "github.com/mactor/mactor/messages/bridge/v1"
)

// DefaultMaxSessions is how many sessions' dedupe marks a record keeps.
// A module session lasts as long as the module's process; a record only
// needs the marks of sessions that may still resend, which are the few
// most recent ones.
const DefaultMaxSessions = 8

// lastApplied returns the highest sequence number of session applied to
// the record (0 if none).
func lastApplied(m *bridgev1.OwnerMeta, session string) uint64 {
	for _, s := range m.GetSessions() {
		if s.GetSessionId() == session {
			return s.GetLastSequence()
		}
	}
	return 0
}

// markApplied counts one applied call and, for a sequenced one, records
// its sequence number as the session's last, evicting the least recently
// used session beyond max.
func markApplied(m *bridgev1.OwnerMeta, session string, seq uint64, max int) {
	m.CallsApplied++
	if session == "" || seq == 0 {
		return
	}
	for _, s := range m.Sessions {
		if s.SessionId == session {
			if seq > s.LastSequence {
				s.LastSequence = seq
			}
			s.Touched = m.CallsApplied
			return
		}
	}
	m.Sessions = append(m.Sessions, &bridgev1.SessionMark{SessionId: session, LastSequence: seq, Touched: m.CallsApplied})
	if max <= 0 {
		max = DefaultMaxSessions
	}
	for len(m.Sessions) > max {
		oldest := 0
		for i, s := range m.Sessions {
			if s.Touched < m.Sessions[oldest].Touched {
				oldest = i
			}
		}
		m.Sessions = append(m.Sessions[:oldest], m.Sessions[oldest+1:]...)
	}
}
