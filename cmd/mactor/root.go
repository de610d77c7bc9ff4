package main

import (
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"
	"go.uber.org/zap"

	"github.com/mactor/mactor/internal/config"
	"github.com/mactor/mactor/internal/logging"
)

// Exit codes of the mactor command.
const (
	exitOK      = 0
	exitFailure = 1 // the command ran and failed
	exitUsage   = 2 // bad flags, arguments or configuration
)

// usageError marks errors that come from how the command was invoked.
type usageError struct{ err error }

func (u usageError) Error() string { return u.err.Error() }
func (u usageError) Unwrap() error { return u.err }

// globals are the flags every subcommand shares.
type globals struct {
	logLevel  string
	logFormat string
	config    string
}

func (g *globals) logger(stderr io.Writer) (*zap.Logger, error) {
	l, err := logging.New(logging.Options{Level: g.logLevel, Format: g.logFormat, Output: stderr})
	if err != nil {
		return nil, usageError{err}
	}
	return l, nil
}

func newRoot(stdout, stderr io.Writer) *cobra.Command {
	g := &globals{}
	root := &cobra.Command{
		Use:           "mactor",
		Short:         "An Erlang-style actor engine for Apache Mesos",
		Long:          "mactor is an actor-based event engine for Apache Mesos: a fault-tolerant companion\nfor the master's allocator and hooks, Go framework behaviours, and chaos testing.",
		SilenceUsage:  true,
		SilenceErrors: true,
		PersistentPreRunE: func(cmd *cobra.Command, _ []string) error {
			if g.config == "" {
				return nil
			}
			if err := config.Apply(cmd.Flags(), g.config); err != nil {
				return usageError{err}
			}
			return nil
		},
	}
	root.SetOut(stdout)
	root.SetErr(stderr)
	root.SetFlagErrorFunc(func(_ *cobra.Command, err error) error { return usageError{err} })
	pf := root.PersistentFlags()
	pf.StringVar(&g.logLevel, "log-level", "info", "log level: debug, info, warn or error")
	pf.StringVar(&g.logFormat, "log-format", "console", "log format: json or console")
	pf.StringVar(&g.config, "config", "", "YAML file whose keys are flag names; flags given on the command line win")
	root.AddCommand(newServe(g), newVersion(), newHookCommand(), newBench(), newSim(g), newChaos(g))
	return root
}

// run executes the command line and returns the process exit code.
func run(args []string, stdout, stderr io.Writer) int {
	root := newRoot(stdout, stderr)
	root.SetArgs(args)
	err := root.Execute()
	if err == nil {
		return exitOK
	}
	fmt.Fprintln(stderr, "mactor:", err)
	var u usageError
	if errors.As(err, &u) || isCobraUsage(err) {
		return exitUsage
	}
	return exitFailure
}

// isCobraUsage recognises cobra's own argument errors, which it does not type.
func isCobraUsage(err error) bool {
	msg := err.Error()
	for _, p := range []string{"unknown command", "unknown flag", "unknown shorthand", "accepts ", "requires at least", "invalid argument"} {
		if strings.Contains(msg, p) {
			return true
		}
	}
	return false
}
