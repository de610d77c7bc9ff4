// Command executor is a framework with a custom executor, both written as
// mactor behaviours, in one binary. Run without arguments it is the
// framework: it launches -tasks tasks, one per offer, on its own executor,
// which each agent fetches from the framework (the binary serves itself
// over HTTP) and starts as "mactor-example-executor executor".
//
//	go run ./examples/executor --master http://127.0.0.1:5050 --tasks 3
//
// For agents on other machines, listen on a reachable address and
// advertise it (--listen 0.0.0.0:8090 --advertise framework-host), or put
// the binary where every agent can read it (--executor-path) or at a URI
// (--executor-uri).
package main

import (
	"context"
	"flag"
	"fmt"
	"net"
	"os"
	"os/signal"
	"os/user"
	"strings"
	"syscall"

	"github.com/asynkron/protoactor-go/actor"
	"go.uber.org/zap"
	"google.golang.org/protobuf/proto"

	"github.com/mactor/mactor/actors/executor"
	"github.com/mactor/mactor/actors/scheduler"
	"github.com/mactor/mactor/internal/logging"
	mesosv1 "github.com/mactor/mactor/messages/mesos/v1"
)

func main() {
	run := runFramework
	if len(os.Args) > 1 && os.Args[1] == "executor" {
		run = runExecutor
	}
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "executor example:", err)
		os.Exit(1)
	}
}

// runExecutor is the executor mode, started by the agent.
func runExecutor() error {
	log, err := logging.New(logging.Options{Level: "info", Format: logging.FormatConsole})
	if err != nil {
		return err
	}
	defer func() { _ = log.Sync() }()
	env, err := executor.EnvFromOS()
	if err != nil {
		return fmt.Errorf("not started by a Mesos agent? %w", err)
	}
	system := actor.NewActorSystem(logging.ActorSystemOption(log))
	d, err := executor.Start(system, executor.Config{Env: &env, New: newSleeper(log)}, executor.WithLogger(log))
	if err != nil {
		return err
	}
	return d.Join()
}

// runFramework is the framework mode.
func runFramework() error {
	var (
		masters   = flag.String("master", scheduler.DefaultMaster, "master URL(s), comma-separated")
		tasks     = flag.Int("tasks", 3, "number of tasks to launch")
		work      = flag.String("work", "2s", "how long each task works")
		role      = flag.String("role", "hello_world_role", "role to register in")
		userName  = flag.String("user", currentUser(), "user the executor runs as")
		listen    = flag.String("listen", "127.0.0.1:0", "where to serve the executor binary to the agents' fetcher")
		advertise = flag.String("advertise", "", "host name the agents use to reach --listen (default: its host)")
		execPath  = flag.String("executor-path", "", "run the executor from this path on the agents instead of serving it")
		execURI   = flag.String("executor-uri", "", "fetch the executor binary from this URI instead of serving it")
		logLevel  = flag.String("log-level", "info", "debug, info, warn or error")
	)
	flag.Parse()
	log, err := logging.New(logging.Options{Level: *logLevel, Format: logging.FormatConsole})
	if err != nil {
		return err
	}
	defer func() { _ = log.Sync() }()

	var command *mesosv1.CommandInfo
	switch {
	case *execPath != "":
		command = localCommand(*execPath)
	case *execURI != "":
		command = fetchedCommand(*execURI)
	default:
		host := *advertise
		if host == "" {
			host = advertised(*listen)
		}
		cmd, stopServing, err := serveSelf(*listen, host, log)
		if err != nil {
			return err
		}
		defer stopServing()
		command = cmd
	}
	p := &plan{
		tasks: *tasks, work: *work,
		taskCPUs: 0.1, taskMem: 32, execCPUs: 0.1, execMem: 32,
		command: command, log: log,
	}
	info := &mesosv1.FrameworkInfo{
		User:         proto.String(*userName),
		Name:         proto.String("mactor executor example"),
		Roles:        []string{*role},
		Capabilities: []*mesosv1.FrameworkInfo_Capability{{Type: mesosv1.FrameworkInfo_Capability_MULTI_ROLE.Enum()}},
	}
	system := actor.NewActorSystem(logging.ActorSystemOption(log))
	d, err := scheduler.Start(system, scheduler.Config{
		Masters: strings.Split(*masters, ","), Framework: info, New: newDispatcher(p),
	}, scheduler.WithLogger(log))
	if err != nil {
		return err
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	joined := make(chan error, 1)
	go func() { joined <- d.Join() }()
	select {
	case err = <-joined:
	case <-ctx.Done():
		log.Info("interrupted; tearing the framework down")
		_ = d.Stop(false)
		err = <-joined
	}
	if err != nil {
		return err
	}
	if n := p.failed.Load(); n > 0 {
		return fmt.Errorf("%d of %d tasks did not finish", n, *tasks)
	}
	log.Info("done", zap.Int("tasks", *tasks))
	return nil
}

// advertised guesses the host agents can reach a listen address at.
func advertised(listen string) string {
	host, _, err := net.SplitHostPort(listen)
	if err == nil && host != "" && host != "0.0.0.0" && host != "::" {
		return host
	}
	if name, err := os.Hostname(); err == nil {
		return name
	}
	return "127.0.0.1"
}

func currentUser() string {
	if u, err := user.Current(); err == nil {
		return u.Username
	}
	return "root"
}
