package main

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"github.com/spf13/cobra"

	"github.com/mactor/mactor/internal/chaos"
	"github.com/mactor/mactor/internal/webui"
)

func newChaos(g *globals) *cobra.Command {
	cfg := chaos.Config{}
	var faults, reportPath string
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "chaos",
		Short: "Run the engine and a simulated cluster under load, inject faults on a seeded schedule, check invariants",
		Long: "chaos starts `mactor serve --faults` as a process, runs a simulated Mesos cluster against it\n" +
			"(frameworks launching and declining, agents joining and leaving, hook calls, a stream of\n" +
			"sequenced bridge calls) and injects faults at --rate per second on a schedule derived from\n" +
			"--seed: panics in framework, agent, hook, allocator and session actors, brutal kills, slow\n" +
			"handlers, dropped bridge connections, escalations and SIGKILL of the whole process. It checks\n" +
			"invariants while it runs and prints a report (text, --json, --report FILE.html).\n" +
			"Exit status: 0 every invariant passed, 1 one failed, 2 bad flags. See docs/chaos.md.",
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			kinds, err := chaos.ParseKinds(faults)
			if err != nil {
				return usageError{err}
			}
			cfg.Kinds = kinds
			if err := cfg.Validate(); err != nil {
				return usageError{err}
			}
			log, err := g.logger(cmd.ErrOrStderr())
			if err != nil {
				return err
			}
			defer func() { _ = log.Sync() }()
			cfg.Logger = log.Named("chaos")
			var html *os.File
			if reportPath != "" {
				if html, err = os.Create(reportPath); err != nil {
					return usageError{fmt.Errorf("--report: %w", err)}
				}
				defer html.Close()
			}
			stderr := cmd.ErrOrStderr()
			bar := newProgressBar(stderr, isTerminal(stderr))
			cfg.Progress = bar.update
			fmt.Fprint(stderr, "mactor chaos: schedule (seed ", cfg.Seed, "):\n", chaos.FormatSchedule(cfg.Plan()))
			ctx, stop := signal.NotifyContext(cmd.Context(), syscall.SIGINT, syscall.SIGTERM)
			defer stop()
			rep, err := chaos.Run(ctx, cfg)
			bar.done()
			if err != nil {
				if errors.Is(err, chaos.ErrBadConfig) {
					return usageError{err}
				}
				return err
			}
			js, err := rep.JSON()
			if err != nil {
				return err
			}
			if html != nil {
				if err := webui.WriteReport(html, js); err != nil {
					return fmt.Errorf("--report: %w", err)
				}
			}
			out := cmd.OutOrStdout()
			if asJSON {
				_, err = fmt.Fprintf(out, "%s\n", js)
			} else {
				err = rep.WriteText(out)
			}
			if err != nil {
				return err
			}
			if !rep.Passed() {
				return errInvariantFailed
			}
			return nil
		},
	}
	f := cmd.Flags()
	f.DurationVar(&cfg.Duration, "duration", chaos.DefaultDuration, "length of the run: warm-up, faults, quiet period (at least 5s)")
	f.Uint64Var(&cfg.Seed, "seed", 1, "seed of the fault schedule and the workload's choices")
	f.Float64Var(&cfg.Rate, "rate", chaos.DefaultRate, "faults per second (every kind is injected at least once)")
	f.StringVar(&faults, "faults", "all", "comma-separated fault kinds: "+strings.Join(kindNames(), ","))
	f.BoolVar(&cfg.DryRun, "dry-run", false, "run the engine and the workload and log every scheduled fault, injecting none")
	f.BoolVar(&asJSON, "json", false, "print the report as one JSON object")
	f.StringVar(&reportPath, "report", "", "also write the report as a self-contained HTML page to this file")
	f.IntVar(&cfg.Agents, "agents", chaos.DefaultAgents, "simulated agents at the start (agents join and leave during the run)")
	f.IntVar(&cfg.Frameworks, "frameworks", chaos.DefaultFrameworks, "simulated frameworks running at once")
	f.IntVar(&cfg.LoadRate, "load-rate", chaos.DefaultLoadRate, "sequenced bridge calls per second of the load session")
	f.DurationVar(&cfg.HookDeadline, "hook-deadline", chaos.DefaultHookDeadline, "the module side's deadline of each hook call")
	f.StringVar(&cfg.EngineBinary, "engine-binary", "", "mactor binary to run as the engine (default: this one)")
	f.StringArrayVar(&cfg.EngineArgs, "engine-arg", nil, "extra argument of `mactor serve` (repeatable; for tests, e.g. --engine-arg=--unsafe-ack-before-fsync)")
	_ = f.MarkHidden("engine-arg")
	return cmd
}

// errInvariantFailed is the error of a run whose report failed (exit 1).
var errInvariantFailed = errors.New("chaos: an invariant failed (see the report)")

func kindNames() []string {
	out := make([]string, len(chaos.AllKinds))
	for i, k := range chaos.AllKinds {
		out[i] = string(k)
	}
	return out
}

// isTerminal reports whether w is a terminal.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}

// progressBar shows a run's progress: a bar redrawn in place on a
// terminal, else a plain line every ten seconds.
type progressBar struct {
	w    io.Writer
	tty  bool
	last time.Time
	drew bool
}

func newProgressBar(w io.Writer, tty bool) *progressBar { return &progressBar{w: w, tty: tty} }

func (b *progressBar) update(p chaos.Progress) {
	frac := min(float64(p.Elapsed)/float64(p.Duration), 1)
	status := fmt.Sprintf("%5.1fs/%.0fs %-7s faults %d/%d  sigkill restarts %d  calls acked %d",
		p.Elapsed.Seconds(), p.Duration.Seconds(), p.Phase, p.Faults, p.Planned, p.Restarts, p.EventsAcked)
	if !b.tty {
		if time.Since(b.last) >= 10*time.Second {
			b.last = time.Now()
			fmt.Fprintln(b.w, "mactor chaos:", status)
		}
		return
	}
	const width = 30
	n := int(frac * width)
	var bar bytes.Buffer
	bar.WriteString(strings.Repeat("█", n))
	bar.WriteString(strings.Repeat("░", width-n))
	fmt.Fprintf(b.w, "\r%s %3.0f%%  %s", bar.String(), frac*100, status)
	b.drew = true
}

func (b *progressBar) done() {
	if b.drew {
		fmt.Fprintln(b.w)
	}
}
