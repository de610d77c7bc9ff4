package cluster

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"strconv"
	"sync"
	"time"

	"github.com/asynkron/protoactor-go/actor"
	"github.com/google/uuid"
	"go.uber.org/zap"

	"github.com/mactor/mactor/bridge/client"
	"github.com/mactor/mactor/internal/logging"
	mesosv1 "github.com/mactor/mactor/messages/mesos/v1"
	"github.com/mactor/mactor/sim/agent"
	"github.com/mactor/mactor/sim/master"
	"github.com/mactor/mactor/sim/module"
	"github.com/mactor/mactor/supervisor"
)

// Cluster is a running simulated Mesos cluster.
type Cluster struct {
	cfg     Config
	log     *zap.Logger
	master  *master.Master
	bridge  *client.Client
	module  *module.Bridge
	system  *actor.ActorSystem
	agents  *supervisor.Handle
	mu      sync.Mutex            // guards pids and next (agents join and leave at run time)
	pids    map[string]*actor.PID // agent id → actor
	next    int                   // index of the next agent to join
	ln      net.Listener
	srv     *http.Server
	cancel  context.CancelFunc
	wg      sync.WaitGroup
	tempDir string
	once    sync.Once
}

var _ master.Launcher = (*Cluster)(nil)

// Start starts the master, the agents (each added to the engine with
// addSlave) and the OFFERS pump.
func Start(cfg Config) (*Cluster, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	cfg = cfg.withDefaults()
	c := &Cluster{cfg: cfg, log: cfg.Logger, pids: map[string]*actor.PID{}}
	if cfg.WorkDir == "" {
		dir, err := os.MkdirTemp("", "mactor-sim-")
		if err != nil {
			return nil, fmt.Errorf("sim: work dir: %w", err)
		}
		c.tempDir, c.cfg.WorkDir = dir, dir
	}
	ln, err := net.Listen("tcp", cfg.MasterListen)
	if err != nil {
		c.removeTemp()
		return nil, fmt.Errorf("sim: master listener: %w", err)
	}
	c.ln = ln
	host, port, _ := net.SplitHostPort(ln.Addr().String())
	p, _ := strconv.Atoi(port)
	id := uuid.NewString()
	c.bridge = client.New(client.Config{Addr: cfg.Bridge, SessionID: "sim-" + id, HookDeadline: cfg.HookDeadline, HTTP: cfg.BridgeHTTP, Logger: c.log.Named("bridge")})
	c.module = module.New(c.bridge, c.log.Named("module"))
	c.master = master.New(master.Config{ID: id, Hostname: host, Port: uint32(p), HeartbeatInterval: cfg.HeartbeatInterval,
		Module: c.module, Launcher: c, Logger: c.log.Named("master")})

	c.system = actor.NewActorSystem(logging.ActorSystemOption(c.log))
	var children []supervisor.ChildSpec
	var infos []*mesosv1.AgentInfo
	for i := range cfg.Agents {
		info, err := agentInfo(id, i, cfg.AgentResources, cfg.AgentAttributes)
		if err != nil {
			c.abort()
			return nil, err
		}
		infos = append(infos, info)
		acfg, err := c.agentConfig(info)
		if err != nil {
			c.abort()
			return nil, err
		}
		children = append(children, supervisor.ChildSpec{ID: info.GetId().GetValue(), Start: func(string) actor.Actor { return agent.New(acfg) }})
	}
	c.agents, err = supervisor.Start(c.system, "sim-agents", supervisor.Spec{Strategy: supervisor.OneForOne, Children: children,
		Options: []supervisor.Option{supervisor.WithIntensity(10, time.Second), supervisor.WithLogger(c.log.Named("supervisor"))}})
	if err != nil {
		c.abort()
		return nil, fmt.Errorf("sim: agents: %w", err)
	}
	kids, err := c.agents.WhichChildren()
	if err != nil {
		c.abort()
		return nil, fmt.Errorf("sim: agents: %w", err)
	}
	for _, k := range kids {
		c.pids[k.ID] = k.PID
	}
	c.next = cfg.Agents
	ctx, cancel := context.WithCancel(context.Background())
	c.cancel = cancel
	// A starting Mesos master initializes its allocator, then recovers it
	// from its (here empty) registry, before any agent registers.
	if err := c.module.Initialize(ctx, module.MesosOptions()); err != nil {
		c.abort()
		return nil, err
	}
	if err := c.module.Recover(ctx, 0); err != nil {
		c.abort()
		return nil, err
	}
	for _, info := range infos {
		c.master.AddAgent(info)
		if err := c.module.AddSlave(ctx, info); err != nil {
			c.abort()
			return nil, err
		}
	}
	c.wg.Add(1)
	go func() {
		defer c.wg.Done()
		_ = c.module.Offers(ctx, id, c.master)
	}()
	c.srv = &http.Server{Handler: c.master.Handler(), ReadHeaderTimeout: 10 * time.Second}
	c.wg.Add(1)
	go func() {
		defer c.wg.Done()
		if err := c.srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			c.log.Error("master listener", zap.Error(err))
		}
	}()
	c.log.Info("simulated cluster started", zap.String("master", c.MasterAddr()), zap.Int("agents", cfg.Agents), zap.String("bridge", cfg.Bridge), zap.String("sandboxes", c.cfg.WorkDir))
	return c, nil
}

// MasterAddr is the master's host:port.
func (c *Cluster) MasterAddr() string { return c.ln.Addr().String() }

// Master is the simulated master.
func (c *Cluster) Master() *master.Master { return c.master }

// WorkDir is where the sandboxes are.
func (c *Cluster) WorkDir() string { return c.cfg.WorkDir }

// Launch implements master.Launcher: the task goes to its agent's actor.
func (c *Cluster) Launch(_ context.Context, fw *mesosv1.FrameworkInfo, task *mesosv1.TaskInfo) error {
	pid := c.agentPID(task.GetAgentId().GetValue())
	if pid == nil {
		return fmt.Errorf("%w: %s", master.ErrUnknownAgent, task.GetAgentId().GetValue())
	}
	c.system.Root.Send(pid, &agent.Launch{Framework: fw, Task: task})
	return nil
}

// LaunchGroup implements master.Launcher: the group goes to its agent's
// actor, which hands it to the executor in one LAUNCH_GROUP event.
func (c *Cluster) LaunchGroup(_ context.Context, fw *mesosv1.FrameworkInfo, executor *mesosv1.ExecutorInfo, tasks []*mesosv1.TaskInfo) error {
	if len(tasks) == 0 {
		return nil
	}
	id := tasks[0].GetAgentId().GetValue()
	pid := c.agentPID(id)
	if pid == nil {
		return fmt.Errorf("%w: %s", master.ErrUnknownAgent, id)
	}
	c.system.Root.Send(pid, &agent.LaunchGroup{Framework: fw, Executor: executor, Tasks: tasks})
	return nil
}

// Kill implements master.Launcher.
func (c *Cluster) Kill(_ context.Context, fw *mesosv1.FrameworkID, agentID *mesosv1.AgentID, task *mesosv1.TaskID) error {
	pid := c.agentPID(agentID.GetValue())
	if pid == nil {
		return fmt.Errorf("%w: %s", master.ErrUnknownAgent, agentID.GetValue())
	}
	c.system.Root.Send(pid, &agent.Kill{Framework: fw, Task: task})
	return nil
}

// Message implements master.Launcher: the message goes to the agent's
// actor, which hands it to the executor.
func (c *Cluster) Message(_ context.Context, fw *mesosv1.FrameworkID, agentID *mesosv1.AgentID, executor *mesosv1.ExecutorID, data []byte) error {
	pid := c.pids[agentID.GetValue()]
	if pid == nil {
		return fmt.Errorf("%w: %s", master.ErrUnknownAgent, agentID.GetValue())
	}
	c.system.Root.Send(pid, &agent.Message{Framework: fw, Executor: executor, Data: data})
	return nil
}

// Shutdown implements master.Launcher.
func (c *Cluster) Shutdown(_ context.Context, fw *mesosv1.FrameworkID, agentID *mesosv1.AgentID, executor *mesosv1.ExecutorID) error {
	pid := c.pids[agentID.GetValue()]
	if pid == nil {
		return fmt.Errorf("%w: %s", master.ErrUnknownAgent, agentID.GetValue())
	}
	c.system.Root.Send(pid, &agent.Shutdown{Framework: fw, Executor: executor})
	return nil
}

// Close stops the cluster: streams end, agents kill their tasks, the
// bridge session closes.
func (c *Cluster) Close() {
	c.once.Do(c.abort)
}

func (c *Cluster) abort() {
	if c.cancel != nil {
		c.cancel()
	}
	if c.master != nil {
		c.master.Close()
	}
	if c.srv != nil {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		_ = c.srv.Shutdown(ctx)
		cancel()
	} else if c.ln != nil {
		_ = c.ln.Close()
	}
	c.wg.Wait()
	if c.agents != nil {
		_ = c.agents.Stop()
	}
	if c.system != nil {
		c.system.Shutdown()
	}
	if c.bridge != nil {
		_ = c.bridge.Close()
	}
	c.removeTemp()
}

func (c *Cluster) removeTemp() {
	if c.tempDir != "" {
		_ = os.RemoveAll(c.tempDir)
	}
}
