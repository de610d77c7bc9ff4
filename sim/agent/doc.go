// Package agent is a simulated Mesos agent of `mactor sim`: an actor that
// runs the tasks the master launches on it.
//
// Command tasks run as local processes in per-task sandbox directories
// with the environment Mesos's command executor would give them; with
// FakeTasks they finish after a set duration instead.
//
// A task whose ExecutorInfo has a command runs on that custom executor:
// the agent fetches the command's URIs into the executor's sandbox, starts
// it as a process with the MESOS_* environment of an HTTP executor, and
// serves it the v1 executor API (POST /api/v1/executor on the agent's own
// port, see Ledger.Listen): SUBSCRIBE and its event stream, UPDATE,
// MESSAGE and HEARTBEAT calls, with Mesos's status codes. Tasks and task
// groups wait until the executor subscribes; its updates go to the master
// with their uuids and are acknowledged back; framework messages travel
// both ways; kills, SHUTDOWN with its grace period, the registration
// timeout and the executor's exit are handled as Mesos's agent does.
//
// The agent calls the agent-side hooks at their moments
// (slaveRunTaskLabelDecorator before each task, slaveExecutorEnvironment-
// Decorator before an executor starts, slaveTaskStatusDecorator on every
// update, slaveRemoveExecutorHook when an executor has exited) and applies
// their results. Status updates go to the master, which resends them to
// the framework until acknowledged.
package agent
