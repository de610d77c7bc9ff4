package main

import (
	"errors"
	"fmt"
	"io"
	"os/signal"
	"syscall"
	"time"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
	"go.uber.org/zap"

	"github.com/mactor/mactor/sim/agent"
	"github.com/mactor/mactor/sim/cluster"
	"github.com/mactor/mactor/sim/master"
)

// simFlags binds the simulated cluster's flags (shared by `sim` and
// `serve --sim`).
func simFlags(f *pflag.FlagSet, cfg *cluster.Config, agents int) {
	f.StringVar(&cfg.MasterListen, "master-listen", cluster.DefaultMasterListen, "simulated master's address (host:port): /api/v1/scheduler, /state, /health")
	f.IntVar(&cfg.Agents, "agents", agents, "number of simulated agents")
	f.StringVar(&cfg.AgentResources, "agent-resources", agent.DefaultResources, "each agent's resources, in Mesos's syntax")
	f.StringVar(&cfg.AgentAttributes, "agent-attributes", "", "each agent's text attributes, name:value;name:value")
	f.BoolVar(&cfg.FakeTasks, "fake-tasks", false, "do not run task commands: tasks finish after --task-duration")
	f.DurationVar(&cfg.FakeDuration, "task-duration", agent.DefaultFakeDuration, "how long a fake task runs")
	f.StringVar(&cfg.WorkDir, "work-dir", "", "directory of the agents' sandboxes (default: a temporary directory, removed on exit)")
	f.DurationVar(&cfg.HeartbeatInterval, "master-heartbeat-interval", master.DefaultHeartbeatInterval, "heartbeat period of the frameworks' event streams")
}

func newSim(g *globals) *cobra.Command {
	cfg := cluster.Config{}
	cmd := &cobra.Command{
		Use:   "sim",
		Short: "Run a simulated Mesos cluster (master API + agents) that drives an engine over the bridge",
		Long: "sim runs a local Mesos cluster without Mesos: the v1 scheduler API on --master-listen\n" +
			"and --agents simulated agents. It calls the engine at --bridge exactly as the Mesos\n" +
			"allocator and hook modules would, and offers frameworks what the engine's OFFERS\n" +
			"stream says. Start an engine first (mactor serve), or use `mactor serve --sim`.",
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if err := cfg.Validate(); err != nil {
				return usageError{err}
			}
			log, err := g.logger(cmd.ErrOrStderr())
			if err != nil {
				return err
			}
			defer func() { _ = log.Sync() }()
			cfg.Logger = log.Named("sim")
			ctx, stop := signal.NotifyContext(cmd.Context(), syscall.SIGINT, syscall.SIGTERM)
			defer stop()
			c, err := cluster.Start(cfg)
			if err != nil {
				return usageErrorIfConfig(err)
			}
			defer c.Close()
			printSimBanner(cmd.OutOrStdout(), c, cfg.Bridge)
			<-ctx.Done()
			return nil
		},
	}
	simFlags(cmd.Flags(), &cfg, cluster.DefaultAgents)
	cmd.Flags().StringVar(&cfg.Bridge, "bridge", cluster.DefaultBridge, "the engine's bridge address (host:port)")
	cmd.Flags().DurationVar(&cfg.HookDeadline, "hook-deadline", time.Second, "client-side deadline of each hook call to the engine")
	return cmd
}

// printSimBanner tells a newcomer where to look.
func printSimBanner(w io.Writer, c *cluster.Cluster, bridge string) {
	fmt.Fprintf(w, "mactor sim: master on http://%s (state: http://%s/state), %d agents, engine bridge %s, sandboxes in %s\n",
		c.MasterAddr(), c.MasterAddr(), len(c.Master().Snapshot().Agents), bridge, c.WorkDir())
	fmt.Fprintf(w, "run a framework against it:  go run ./examples/hello --master http://%s --tasks 3\n", c.MasterAddr())
	fmt.Fprintf(w, "then see its tasks (and the labels hooks gave them):  curl -s http://%s/state\n", c.MasterAddr())
}

// usageErrorIfConfig marks configuration errors as usage errors.
func usageErrorIfConfig(err error) error {
	if isConfigError(err) {
		return usageError{err}
	}
	return err
}

// isConfigError reports whether err comes from a bad sim configuration.
func isConfigError(err error) bool { return errors.Is(err, cluster.ErrBadConfig) }

// startSim starts the simulated cluster of `serve --sim` against the
// engine's bridge and prints the banner.
func startSim(cfg cluster.Config, bridge string, log *zap.Logger, out io.Writer) (*cluster.Cluster, error) {
	cfg.Bridge, cfg.Logger = bridge, log.Named("sim")
	if err := cfg.Validate(); err != nil {
		return nil, usageError{err}
	}
	c, err := cluster.Start(cfg)
	if err != nil {
		return nil, usageErrorIfConfig(err)
	}
	printSimBanner(out, c, bridge)
	return c, nil
}
