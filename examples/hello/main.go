// Command hello is the HelloWorld framework as a mactor behaviour: it
// registers in role hello_world_role with the MULTI_ROLE capability,
// launches one command task per offer until it has launched -tasks of
// them, and tears itself down once they have all ended.
//
//	go run ./examples/hello --master http://127.0.0.1:5050 --tasks 3
//
// It speaks the Mesos v1 scheduler API, so it runs against a real Mesos
// master or against `mactor sim`.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"os/user"
	"strings"
	"syscall"

	"github.com/asynkron/protoactor-go/actor"
	"go.uber.org/zap"
	"google.golang.org/protobuf/proto"

	"github.com/mactor/mactor/actors/scheduler"
	"github.com/mactor/mactor/internal/logging"
	mesosv1 "github.com/mactor/mactor/messages/mesos/v1"
)

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "hello:", err)
		os.Exit(1)
	}
}

func run() error {
	var (
		masters   = flag.String("master", scheduler.DefaultMaster, "master URL(s), comma-separated")
		tasks     = flag.Int("tasks", 5, "number of tasks to launch")
		command   = flag.String("command", "echo 'Hello, World!'", "shell command each task runs")
		cpus      = flag.Float64("cpus", 0.1, "CPUs per task")
		mem       = flag.Float64("mem", 32, "memory per task, MB")
		role      = flag.String("role", "hello_world_role", "role to register in")
		userName  = flag.String("user", currentUser(), "user the tasks run as")
		principal = flag.String("principal", "", "principal for HTTP authentication (with --secret)")
		secret    = flag.String("secret", "", "secret for HTTP authentication")
		encoding  = flag.String("encoding", "protobuf", "wire encoding: protobuf or json")
		logLevel  = flag.String("log-level", "info", "debug, info, warn or error")
	)
	flag.Parse()
	if *tasks <= 0 {
		return fmt.Errorf("--tasks must be positive")
	}
	log, err := logging.New(logging.Options{Level: *logLevel, Format: logging.FormatConsole})
	if err != nil {
		return err
	}
	defer func() { _ = log.Sync() }()

	opts := []scheduler.Option{scheduler.WithLogger(log)}
	switch *encoding {
	case "json":
		opts = append(opts, scheduler.WithEncoding(scheduler.JSON))
	case "protobuf":
	default:
		return fmt.Errorf("--encoding must be protobuf or json, not %q", *encoding)
	}
	if *principal != "" {
		opts = append(opts, scheduler.WithCredentials(*principal, *secret))
	}
	info := &mesosv1.FrameworkInfo{
		User:         proto.String(*userName),
		Name:         proto.String("HelloWorld Framework"),
		Roles:        []string{*role},
		Capabilities: []*mesosv1.FrameworkInfo_Capability{{Type: mesosv1.FrameworkInfo_Capability_MULTI_ROLE.Enum()}},
	}
	if *principal != "" {
		info.Principal = proto.String(*principal)
	}
	s := &settings{tasks: *tasks, command: *command, cpus: *cpus, mem: *mem, log: log}

	system := actor.NewActorSystem(logging.ActorSystemOption(log))
	d, err := scheduler.Start(system, scheduler.Config{
		Masters:   strings.Split(*masters, ","),
		Framework: info,
		New:       newHello(s),
	}, opts...)
	if err != nil {
		return err
	}

	// Ctrl-C tears the framework down (its tasks are killed).
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
	if n := s.failed.Load(); n > 0 {
		return fmt.Errorf("%d of %d tasks did not finish", n, *tasks)
	}
	log.Info("done", zap.Int("tasks", *tasks))
	return nil
}

func currentUser() string {
	if u, err := user.Current(); err == nil {
		return u.Username
	}
	return "root"
}
