package cluster

import (
	"context"
	"fmt"
	"net"
	"slices"

	"github.com/asynkron/protoactor-go/actor"
	"google.golang.org/protobuf/proto"

	mesosv1 "github.com/mactor/mactor/messages/mesos/v1"
	"github.com/mactor/mactor/sim/agent"
	"github.com/mactor/mactor/supervisor"
)

// Agents joining and leaving a running cluster, as Mesos agents register
// and are removed (mactor chaos drives both).

// agentPID returns the actor of an agent, nil if it is not in the cluster.
func (c *Cluster) agentPID(id string) *actor.PID {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.pids[id]
}

// AgentIDs returns the ids of the agents in the cluster, sorted.
func (c *Cluster) AgentIDs() []string {
	c.mu.Lock()
	defer c.mu.Unlock()
	ids := make([]string, 0, len(c.pids))
	for id := range c.pids {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	return ids
}

// AddAgent starts one more agent with the cluster's agent resources and
// attributes: the master learns it, its actor starts under the agents'
// supervisor, and the module side tells the engine (addSlave). It returns
// the new agent's id.
func (c *Cluster) AddAgent(ctx context.Context) (string, error) {
	c.mu.Lock()
	i := c.next
	c.next++
	c.mu.Unlock()
	info, err := agentInfo(c.master.Info().GetId(), i, c.cfg.AgentResources, c.cfg.AgentAttributes)
	if err != nil {
		return "", err
	}
	id := info.GetId().GetValue()
	acfg, err := c.agentConfig(info)
	if err != nil {
		return "", err
	}
	pid, err := c.agents.AddChild(supervisor.ChildSpec{ID: id, Start: func(string) actor.Actor { return agent.New(acfg) }})
	if err != nil {
		return "", fmt.Errorf("sim: agent %s: %w", id, err)
	}
	c.mu.Lock()
	c.pids[id] = pid
	c.mu.Unlock()
	c.master.AddAgent(info)
	if err := c.module.AddSlave(ctx, info); err != nil {
		return id, err
	}
	return id, nil
}

// RemoveAgent takes an agent out of the cluster, as Mesos removes an agent
// that is gone for good: the master rescinds its offers and forgets it, the
// agent's actor stops (killing its tasks), and the module side tells the
// engine (removeSlave).
func (c *Cluster) RemoveAgent(ctx context.Context, id string) error {
	c.mu.Lock()
	_, ok := c.pids[id]
	delete(c.pids, id)
	c.mu.Unlock()
	if !ok {
		return fmt.Errorf("%w: no agent %s", ErrBadConfig, id)
	}
	c.master.RemoveAgent(id)
	if err := c.agents.TerminateChild(id); err != nil {
		return fmt.Errorf("sim: agent %s: %w", id, err)
	}
	if err := c.agents.DeleteChild(id); err != nil {
		return fmt.Errorf("sim: agent %s: %w", id, err)
	}
	return c.module.RemoveSlave(ctx, &mesosv1.AgentID{Value: &id})
}

// agentConfig is the configuration of the agent actor of info. The
// agent's HTTP API (its executors' /api/v1/executor) is bound here, on the
// agent's hostname, and its port becomes info's port, as a Mesos agent's.
func (c *Cluster) agentConfig(info *mesosv1.AgentInfo) (agent.Config, error) {
	ledger := agent.NewLedger()
	port, err := ledger.Listen(net.JoinHostPort(info.GetHostname(), "0"))
	if err != nil {
		return agent.Config{}, fmt.Errorf("sim: agent %s: %w", info.GetId().GetValue(), err)
	}
	info.Port = proto.Int32(int32(port))
	return agent.Config{Info: info, WorkDir: c.cfg.WorkDir, FakeTasks: c.cfg.FakeTasks, FakeDuration: c.cfg.FakeDuration,
		Hooks: c.module, Updater: c.master, Logger: c.log.Named("agent"), Ledger: ledger}, nil
}
