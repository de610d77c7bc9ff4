package agent

import "errors"

// Sentinel errors of the agent.
var (
	// ErrNoCommand reports a task with neither a command nor an executor.
	ErrNoCommand = errors.New("agent: task has no command")
	// ErrExecutorNoCommand reports a custom executor without a command.
	ErrExecutorNoCommand = errors.New("agent: executor has no command")
	// ErrNoAPI reports that the agent's HTTP API is not listening, so no
	// executor could reach it.
	ErrNoAPI = errors.New("agent: the executor API is not listening")
	// ErrFetch reports a URI the fetcher could not get.
	ErrFetch = errors.New("agent: fetch")
)
