package agent

// Ledger is an agent's table of the tasks it runs. It lives outside the
// actor so that an agent restarted after a crash (same mailbox, new
// instance) still knows its running tasks: their processes keep running,
// and their exits, kills and updates are still handled. Only the agent's
// actor touches it, one message at a time.
type Ledger struct {
	running map[string]*running
}

// NewLedger returns an empty ledger.
func NewLedger() *Ledger { return &Ledger{running: map[string]*running{}} }
