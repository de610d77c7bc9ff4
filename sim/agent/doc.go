// Package agent is a simulated Mesos agent of `mactor sim`: an actor that
// runs the tasks the master launches on it. Command tasks run as local
// processes in per-task sandbox directories with the environment Mesos's
// command executor would give them; with FakeTasks they finish after a
// set duration instead. The agent calls the agent-side hooks at their
// moments (slaveRunTaskLabelDecorator and slaveExecutorEnvironmentDecorator
// before a task runs, slaveTaskStatusDecorator on every update,
// slaveRemoveExecutorHook when the task's executor has exited) and applies
// their results. Status updates carry uuids and go to the master, which
// resends them to the framework until acknowledged.
package agent
