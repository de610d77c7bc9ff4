package executor

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"net/url"
)

// executorPath is the v1 executor endpoint on an agent.
const executorPath = "/api/v1/executor"

// Config is what an executor needs to run.
type Config struct {
	// Env is the executor's environment; nil means EnvFromOS.
	Env *Env
	// New makes the behaviour: once at the start and again after every
	// crash (erlang-mesos's init/1).
	New func() Executor
}

// agentURL returns the executor endpoint, and the HTTP client to reach it
// when the agent listens on a Unix socket.
func agentURL(env Env, hc *http.Client) (*url.URL, *http.Client, error) {
	if env.DomainSocket != "" {
		// Over the socket the agent serves its process's routes; the
		// host part of the URL is only a label.
		sock := env.DomainSocket
		tr := &http.Transport{DialContext: func(ctx context.Context, _, _ string) (net.Conn, error) {
			var d net.Dialer
			return d.DialContext(ctx, "unix", sock)
		}}
		return &url.URL{Scheme: "http", Host: "agent", Path: "/slave(1)" + executorPath}, &http.Client{Transport: tr}, nil
	}
	if env.AgentEndpoint == "" {
		return nil, nil, fmt.Errorf("%w: no agent endpoint", ErrInvalidConfig)
	}
	return &url.URL{Scheme: "http", Host: env.AgentEndpoint, Path: executorPath}, hc, nil
}
