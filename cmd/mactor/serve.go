package main

import (
	"context"
	"fmt"
	"os/signal"
	"syscall"
	"time"

	"github.com/spf13/cobra"
	"go.uber.org/zap"

	"github.com/mactor/mactor/internal/engine"
)

func newServe(g *globals) *cobra.Command {
	cfg := engine.Config{}
	var grace time.Duration
	cmd := &cobra.Command{
		Use:   "serve",
		Short: "Run the engine: the bridge for the Mesos modules and the status server",
		Long: "serve runs mactor's engine until SIGINT or SIGTERM: the bridge that the Mesos\n" +
			"allocator and hook modules call (--listen) and the status server with /health (--http).\n" +
			"Durable state lives under --data.",
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			log, err := g.logger(cmd.ErrOrStderr())
			if err != nil {
				return err
			}
			defer func() { _ = log.Sync() }()
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
	f.StringVar(&cfg.HTTP, "http", engine.DefaultHTTP, "status server address (host:port): /health")
	f.StringVar(&cfg.DataDir, "data", engine.DefaultData, "directory of the durable store")
	f.DurationVar(&grace, "shutdown-grace", 10*time.Second, "how long to wait for in-flight requests on shutdown")
	return cmd
}
