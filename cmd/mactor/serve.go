package main

import (
	"context"
	"fmt"
	"os/signal"
	"syscall"
	"time"

	"github.com/spf13/cobra"
	"go.uber.org/zap"

	"github.com/mactor/mactor/actors/allocator"
	"github.com/mactor/mactor/internal/engine"
	"github.com/mactor/mactor/sim/cluster"
)

func newServe(g *globals) *cobra.Command {
	cfg := engine.Config{}
	var grace time.Duration
	var maxBody string
	var withSim bool
	var roleSorter, frameworkSorter string
	simCfg := cluster.Config{}
	cmd := &cobra.Command{
		Use:   "serve",
		Short: "Run the engine: the bridge for the Mesos modules and the status server",
		Long: "serve runs mactor's engine until SIGINT or SIGTERM: the bridge that the Mesos\n" +
			"allocator and hook modules call (--listen) and the status server with /health,\n" +
			"/metrics and /state (--http). Durable state lives in <--data>/mactor.db.\n" +
			"It exits non-zero when its supervision tree gives up.",
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			log, err := g.logger(cmd.ErrOrStderr())
			if err != nil {
				return err
			}
			defer func() { _ = log.Sync() }()
			if cfg.MaxBody, err = parseBytes(maxBody); err != nil {
				return usageError{fmt.Errorf("--max-body: %w", err)}
			}
			cfg.ShutdownGrace = grace
			if cfg.AllocatorPolicy, err = allocator.Sorted(roleSorter, frameworkSorter); err != nil {
				return usageError{err}
			}
			if err := cfg.Validate(); err != nil {
				return usageError{err}
			}
			ctx, stop := signal.NotifyContext(cmd.Context(), syscall.SIGINT, syscall.SIGTERM)
			defer stop()
			e, err := engine.Start(cfg, log)
			if err != nil {
				return err
			}
			fmt.Fprintf(cmd.OutOrStdout(), "mactor serving: bridge on %s, status on http://%s/health, data in %s\n",
				e.BridgeAddr(), e.StatusAddr(), cfg.DataDir)
			fmt.Fprintf(cmd.OutOrStdout(), "dashboard: http://%s/ (live supervision tree, allocation, hooks, events)\n", e.StatusAddr())
			if withSim {
				c, err := startSim(simCfg, e.BridgeAddr(), log, cmd.OutOrStdout())
				if err != nil {
					e.Stop(context.Background())
					return err
				}
				defer c.Close()
			}
			select {
			case <-ctx.Done():
				log.Info("signal received, stopping", zap.Duration("grace", grace))
			case <-e.Done():
			}
			sctx, cancel := context.WithTimeout(context.Background(), grace)
			defer cancel()
			e.Stop(sctx)
			return e.Err()
		},
	}
	f := cmd.Flags()
	f.StringVar(&cfg.Listen, "listen", engine.DefaultListen, "bridge address (host:port) that the Mesos modules call")
	f.StringVar(&cfg.HTTP, "http", engine.DefaultHTTP, "status server address (host:port): /health, /metrics, /state")
	f.StringVar(&cfg.DataDir, "data", engine.DefaultData, "directory of the durable store (mactor.db)")
	f.StringVar(&cfg.HooksConfig, "hooks-config", "", "YAML file of hook deadlines, fallbacks and rules (docs/hooks.md)")
	f.DurationVar(&cfg.HookDeadline, "hook-deadline", engine.DefaultHookDeadline, "default deadline of a hook call; past it the hook's fallback answers")
	f.DurationVar(&cfg.HeartbeatInterval, "heartbeat-interval", engine.DefaultHeartbeatInterval, "heartbeat period of the SUBSCRIBE stream")
	f.StringVar(&maxBody, "max-body", "4MiB", "largest bridge request body (bytes, or with KiB/MiB suffix)")
	f.StringVar(&cfg.AlligatorCallback, "alligator-callback", "", "URL of elodina/alligator's hook callback server: hook answers are also posted there")
	f.DurationVar(&grace, "shutdown-grace", engine.DefaultShutdownGrace, "how long to wait for in-flight requests on shutdown")
	f.DurationVar(&cfg.AllocationInterval, "allocation-interval", engine.DefaultAllocationInterval, "allocation cycle period (and least refuse filter) until the module's INITIALIZE sets one")
	f.BoolVar(&cfg.AllocatorDebug, "allocator-debug", false, "check the allocator's invariants after every call and cycle (a violation restarts the allocator actor)")
	f.StringVar(&roleSorter, "role-sorter", allocator.SorterDRF, "how the allocator orders roles: drf or random (Mesos's --role_sorter)")
	f.StringVar(&frameworkSorter, "framework-sorter", allocator.SorterDRF, "how the allocator orders a role's frameworks: drf or random (Mesos's --framework_sorter)")
	f.BoolVar(&withSim, "sim", false, "also run a simulated Mesos cluster against this engine (see mactor sim; docs/sim.md)")
	f.BoolVar(&cfg.Faults, "faults", false, "enable fault injection (POST /debug/faults on the status server) for chaos tests; never in production")
	f.BoolVar(&cfg.UnsafeAckBeforeFsync, "unsafe-ack-before-fsync", false, "acknowledge calls before they are durable (breaks durability; for the chaos test only)")
	_ = f.MarkHidden("unsafe-ack-before-fsync")
	simFlags(f, &simCfg, cluster.DefaultAgents)
	return cmd
}
