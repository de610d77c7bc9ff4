package agent

import (
	"fmt"
	"net"
	"sync/atomic"
)

// Ledger is an agent's table of the tasks it runs. It lives outside the
// actor so that an agent restarted after a crash (same mailbox, new
// instance) still knows its running tasks: their processes keep running,
// and their exits, kills and updates are still handled. Only the agent's
// actor touches it, one message at a time.
type Ledger struct {
	running   map[string]*running
	executors map[string]*executorRun
	api       atomic.Pointer[apiServer] // the agent's HTTP API, served once per agent
}

// Listen binds the agent's HTTP API to addr ("host:0" picks a port) before
// the agent starts, so that its port can go into the agent's AgentInfo;
// the agent serves on it once started, and closes it when it stops. It
// returns the port.
func (l *Ledger) Listen(addr string) (int, error) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return 0, fmt.Errorf("agent: API listener: %w", err)
	}
	if old := l.api.Swap(newAPIServer(ln)); old != nil {
		old.close()
	}
	return ln.Addr().(*net.TCPAddr).Port, nil
}

// Endpoint is the host:port of the agent's HTTP API, the
// MESOS_AGENT_ENDPOINT of its executors; "" until the agent has started
// (or if it could not listen), unless Listen was called. It is safe for concurrent use.
func (l *Ledger) Endpoint() string {
	if s := l.api.Load(); s != nil {
		return s.ln.Addr().String()
	}
	return ""
}

// NewLedger returns an empty ledger.
func NewLedger() *Ledger {
	return &Ledger{running: map[string]*running{}, executors: map[string]*executorRun{}}
}
