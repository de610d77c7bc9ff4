package bridge

import (
	"net"
	"net/http"
	"sync"
)

// Fault injection for chaos tests (mactor serve --faults): dropping the
// modules' connections, and crashing a module session's actor.

// CrashSession makes a module session's actor panic, as a bug would: the
// session fails every call it holds (503, resend), moves the epoch on, and
// its supervisor restarts it from its journal. Send it to the PID of a
// child of the `sessions` supervisor.
type CrashSession struct{ Reason string }

// conns is the set of the bridge's open client connections.
type conns struct {
	mu  sync.Mutex
	set map[net.Conn]struct{}
}

// ConnState tracks the connections of the bridge's HTTP server; set it as
// that server's http.Server.ConnState so that DropConnections can close
// them.
func (s *Server) ConnState(c net.Conn, st http.ConnState) {
	s.conns.mu.Lock()
	defer s.conns.mu.Unlock()
	switch st {
	case http.StateNew:
		if s.conns.set == nil {
			s.conns.set = map[net.Conn]struct{}{}
		}
		s.conns.set[c] = struct{}{}
	case http.StateClosed, http.StateHijacked:
		delete(s.conns.set, c)
	}
}

// DropConnections ends the open SUBSCRIBE stream (with an ERROR event, if
// it can still be written) and closes every open connection of the
// bridge's HTTP server, as a network failure would: calls in flight lose
// their answers (the module resends them; owners dedupe), and the module
// reconnects. The listener keeps accepting. It returns the number of
// connections closed and of streams ended.
func (s *Server) DropConnections() (closed, streams int) {
	s.hub.mu.Lock()
	if sub := s.hub.sub; sub != nil && !sub.ended {
		sub.end("connection dropped")
		s.hub.sub = nil
		streams++
	}
	s.hub.mu.Unlock()
	s.conns.mu.Lock()
	victims := make([]net.Conn, 0, len(s.conns.set))
	for c := range s.conns.set {
		victims = append(victims, c)
	}
	clear(s.conns.set)
	s.conns.mu.Unlock()
	for _, c := range victims {
		if c.Close() == nil {
			closed++
		}
	}
	return closed, streams
}
