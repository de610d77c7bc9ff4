// Package executor runs a custom Mesos executor written as a behaviour: a
// value implementing Executor, whose methods are the callbacks of
// erlang-mesos's executor module (Registered, LaunchTask, KillTask,
// Shutdown, ...), hosted in a supervised actor and connected to its agent
// over the Mesos v1 executor HTTP API.
//
// # Running an executor
//
// The agent starts the executor's binary with MESOS_* environment
// variables; Start reads them (EnvFromOS, which reports every missing or
// malformed variable at once), subscribes with the agent and hosts the
// behaviour:
//
//	d, err := executor.Start(system, executor.Config{New: func() executor.Executor { return &myExecutor{} }})
//	...
//	os.Exit(exitCode(d.Join()))
//
// Tasks are reported with Driver.SendStatusUpdate. Updates are reliable:
// the driver keeps each one until the agent acknowledges it (the
// Acknowledged callback) and, after losing the agent, resubscribes with
// every unacknowledged update and every launched task none of whose updates
// was acknowledged yet, as the executor API requires.
//
// # Losing the agent
//
// If the framework checkpoints (MESOS_CHECKPOINT=1), the driver retries
// SUBSCRIBE after a disconnection, waiting a random time up to
// MESOS_SUBSCRIPTION_BACKOFF_MAX between attempts, for up to
// MESOS_RECOVERY_TIMEOUT; then it gives up. Without checkpointing it gives
// up at once. Giving up, like the agent's SHUTDOWN event, calls the
// behaviour's Shutdown: kill the tasks, send their terminal updates, and
// call Driver.Stop. If the behaviour has not stopped when the shutdown
// grace period (MESOS_EXECUTOR_SHUTDOWN_GRACE_PERIOD) runs out, the driver
// stops by itself and Join reports ErrShutdownTimeout.
//
// # Crashes
//
// The behaviour runs in its own actor under a one_for_one supervisor,
// apart from the goroutines holding the connection. A panic in a callback
// is logged, the event is dropped (dead-lettered), and a fresh instance
// from Config.New (restored from its saved state if it is Stateful) goes on
// with the next event; the subscription is not touched. A task whose
// LaunchTask crashed is reported TASK_FAILED, since nothing will run it.
package executor
