package main

import (
	"encoding/json"
	"fmt"
	"io"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"github.com/mactor/mactor/bridge/bench"
)

func newBench() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "bench",
		Short: "Benchmarks of the engine",
	}
	cmd.AddCommand(newBenchBridge(), newBenchAllocator())
	return cmd
}

func newBenchBridge() *cobra.Command {
	var o bench.Options
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "bridge",
		Short: "Measure the bridge on loopback: hook round trip, durable events/s, native vs multipart vs fork/exec",
		Long: "bench bridge starts an engine in-process (journal under --data, default a temporary\n" +
			"directory) and measures, on loopback: the hook round trip under a paced load at each\n" +
			"--rate (p50/p99 from when each call was due), durable one-way events per second\n" +
			"through the Go client's batches, and the same hook answered over the native bridge,\n" +
			"over alligator's multipart path and the criteo way (fork/exec of a shell script).",
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			progress := cmd.ErrOrStderr()
			if asJSON {
				progress = io.Discard
			}
			res, err := bench.Run(cmd.Context(), o, progress)
			if err != nil {
				return err
			}
			out := cmd.OutOrStdout()
			if asJSON {
				return json.NewEncoder(out).Encode(res)
			}
			printBench(out, res)
			return nil
		},
	}
	f := cmd.Flags()
	f.BoolVar(&asJSON, "json", false, "print one JSON object")
	f.StringVar(&o.DataDir, "data", "", "directory for the engine's journal (default: a temporary one)")
	f.IntSliceVar(&o.HookRates, "rate", []int{1000, 10000}, "paced hook loads, calls/s")
	f.DurationVar(&o.HookDuration, "duration", 3*time.Second, "how long each paced load runs")
	f.IntVar(&o.Workers, "workers", 64, "concurrent callers of the paced loads")
	f.IntVar(&o.Events, "events", 200000, "durable one-way calls to send")
	f.IntVar(&o.Owners, "owners", 1000, "agents the events are spread over")
	f.IntVar(&o.Samples, "samples", 1000, "sequential calls per variant in the side-by-side comparison (fork/exec: a fifth)")
	return cmd
}

func printBench(w io.Writer, r bench.Result) {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintf(tw, "CPUs\t%d\n", r.CPUs)
	for _, l := range r.Loads {
		fmt.Fprintf(tw, "hook round trip at %d/s\tp50 %.0f µs\tp99 %.0f µs\tmax %.0f µs\t(%d calls, %.0f/s achieved, %d fallbacks)\n",
			l.Rate, l.P50us, l.P99us, l.MaxUs, l.Calls, l.Achieved, l.Fallbacks)
	}
	fmt.Fprintf(tw, "bare net/http floor at %d/s\tp50 %.0f µs\tp99 %.0f µs\t(same pacer, no engine)\n", lastRate(r), r.FloorP50us, r.FloorP99us)
	fmt.Fprintf(tw, "durable one-way events\t%.0f /s\t(%d calls over %d agents)\n", r.EventsPerSec, r.Events, r.Owners)
	fmt.Fprintf(tw, "same hook, sequential p50:\t\t\n")
	fmt.Fprintf(tw, "  native bridge\t%.0f µs\t1×\n", r.NativeRTTP50us)
	fmt.Fprintf(tw, "  alligator multipart\t%.0f µs\t%.2f×\n", r.MultipartRTTP50us, r.MultipartRatio)
	fmt.Fprintf(tw, "  criteo fork/exec\t%.0f µs\t%.1f×\n", r.ForkExecRTTP50us, r.ForkExecRatio)
	_ = tw.Flush()
}

func lastRate(r bench.Result) int {
	if len(r.Loads) == 0 {
		return 0
	}
	return r.Loads[len(r.Loads)-1].Rate
}
