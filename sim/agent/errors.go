package agent

import "errors"

// ErrNoCommand reports a task with neither a command nor an executor.
var ErrNoCommand = errors.New("agent: task has no command")

// ErrCustomExecutor reports a task with a custom executor, which the sim
// does not run yet.
var ErrCustomExecutor = errors.New("agent: custom executors are not simulated yet")
