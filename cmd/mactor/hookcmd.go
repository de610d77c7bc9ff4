package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/mactor/mactor/actors/hooks"
	"github.com/mactor/mactor/bridge/client"
)

// EnvEngine names the environment variable that points hook-command at
// the engine when --engine is not given.
const EnvEngine = "MACTOR_ENGINE"

// hookCommandPrefix is the base name that makes the binary behave as
// `mactor hook-command` (a symlink such as /usr/local/bin/mactor-hook); a
// suffix "-<hook>" names the hook (mactor-hook-slaveResourcesDecorator).
const hookCommandPrefix = "mactor-hook"

func newHookCommand() *cobra.Command {
	var engineAddr, hookName string
	var timeout time.Duration
	cmd := &cobra.Command{
		Use:   "hook-command INPUT OUTPUT ERROR",
		Short: "Answer a hook for criteo/mesos-command-modules by asking the running engine",
		Long: "hook-command is what criteo/mesos-command-modules runs for a hook or an isolator\n" +
			"call: INPUT holds the call as a JSON object of Mesos-JSON protobufs. The call is\n" +
			"forwarded to the engine (--engine, or $" + EnvEngine + ", default 127.0.0.1:4050), its\n" +
			"answer written to OUTPUT as Mesos JSON (empty for \"no change\" where the module\n" +
			"accepts that), and the command exits 0. On failure it writes the reason to ERROR\n" +
			"and exits 1. When the engine is down or slower than --timeout, the answer is the\n" +
			"hook's no-change fallback. The hook is told by the input's keys, or by --hook, or\n" +
			"by the name the binary is run as (" + hookCommandPrefix + "-<hook>).",
		Args: cobra.ExactArgs(3),
		RunE: func(cmd *cobra.Command, args []string) error {
			if engineAddr == "" {
				engineAddr = os.Getenv(EnvEngine)
			}
			err := runHookCommand(cmd.Context(), engineAddr, hookName, timeout, args[0], args[1], cmd.ErrOrStderr())
			if err != nil {
				_ = os.WriteFile(args[2], []byte(err.Error()+"\n"), 0o600)
			}
			return err
		},
	}
	f := cmd.Flags()
	f.StringVar(&engineAddr, "engine", "", "the engine's bridge address (default $"+EnvEngine+", else 127.0.0.1:4050)")
	f.StringVar(&hookName, "hook", "", "the hook (e.g. slaveRunTaskLabelDecorator); default: told by the input")
	f.DurationVar(&timeout, "timeout", 5*time.Second, "how long to wait for the engine before answering no change")
	return cmd
}

func runHookCommand(ctx context.Context, engineAddr, hookName string, timeout time.Duration, in, out string, stderr io.Writer) error {
	if ctx == nil {
		ctx = context.Background()
	}
	data, err := readFileLimited(in, hooks.MaxCommandInput)
	if err != nil {
		return fmt.Errorf("reading INPUT: %w", err)
	}
	call, err := hooks.ParseCommandInput(data, hookName)
	if err != nil {
		return err
	}
	c := client.New(client.Config{Addr: engineAddr, HookDeadline: timeout})
	defer c.Close()
	res, err := c.Hook(ctx, call)
	if err != nil {
		return err
	}
	if res.GetFallback() {
		fmt.Fprintf(stderr, "mactor hook-command: %s: the engine did not answer in time; no change\n", call.GetType())
	}
	if res.GetError() != "" {
		return errors.New(res.GetError())
	}
	b, err := hooks.CommandOutput(call, res)
	if err != nil {
		return err
	}
	if err := os.WriteFile(out, b, 0o600); err != nil {
		return fmt.Errorf("writing OUTPUT: %w", err)
	}
	return nil
}

func readFileLimited(path string, limit int64) ([]byte, error) {
	st, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	if st.Size() > limit {
		return nil, fmt.Errorf("%s is larger than %d bytes", path, limit)
	}
	return os.ReadFile(path)
}

// hookCommandArgs turns a run as mactor-hook[-<hook>] into the arguments
// of `mactor hook-command`; ok is false for any other name.
func hookCommandArgs(argv0 string, args []string) ([]string, bool) {
	base := argv0
	if i := strings.LastIndexByte(base, '/'); i >= 0 {
		base = base[i+1:]
	}
	if !strings.HasPrefix(base, hookCommandPrefix) {
		return nil, false
	}
	out := []string{"hook-command"}
	if hook := strings.TrimPrefix(strings.TrimPrefix(base, hookCommandPrefix), "-"); hook != "" {
		out = append(out, "--hook", hook)
	}
	return append(out, args...), true
}
