package master

// RemoveAgent forgets an agent that left the cluster for good: resources
// offered on it from now on go back to the allocator, and its outstanding
// offers are rescinded (not returned to the allocator: the module's
// removeSlave drops the agent's resources there). Its tasks end through
// their own status updates (the agent kills them as it stops).
func (m *Master) RemoveAgent(id string) {
	m.mu.Lock()
	delete(m.agents, id)
	m.mu.Unlock()
	m.Rescind(id)
}
