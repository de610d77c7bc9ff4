package scheduler

import (
	"fmt"
	"net/url"
	"strings"

	mesosv1 "github.com/mactor/mactor/messages/mesos/v1"
	schedulerv1 "github.com/mactor/mactor/messages/mesos/v1/scheduler"
)

// DefaultMaster is the master a Config without Masters talks to.
const DefaultMaster = "http://127.0.0.1:5050"

// schedulerPath is the v1 scheduler endpoint on a master.
const schedulerPath = "/api/v1/scheduler"

// Config is what a framework needs to run.
type Config struct {
	// Masters lists the masters to subscribe with, tried in turn until one
	// answers; a non-leader redirects to the leader. Each is a URL such as
	// "http://m1:5050" (the path defaults to /api/v1/scheduler) or a bare
	// "m1:5050". Empty means DefaultMaster.
	Masters []string
	// Framework is the FrameworkInfo to subscribe with. user and name are
	// required. Set id to fail over a framework registered before (its
	// failover_timeout must not have expired).
	Framework *mesosv1.FrameworkInfo
	// SuppressedRoles are roles to subscribe with offers suppressed.
	SuppressedRoles []string
	// OfferConstraints restrict the offers the framework gets.
	OfferConstraints *schedulerv1.OfferConstraints
	// New makes the behaviour: once at the start and again after every
	// crash. It plays the part of erlang-mesos's init/1: whatever state a
	// fresh instance holds is the state after a restart (unless the
	// behaviour is Stateful).
	New func() Scheduler
}

func (c *Config) validate() error {
	if c.New == nil {
		return fmt.Errorf("%w: New is nil", ErrInvalidConfig)
	}
	if c.Framework == nil {
		return fmt.Errorf("%w: Framework is nil", ErrInvalidConfig)
	}
	if c.Framework.GetUser() == "" || c.Framework.GetName() == "" {
		return fmt.Errorf("%w: FrameworkInfo needs user and name", ErrInvalidConfig)
	}
	return nil
}

// masterURLs parses Masters into scheduler endpoints.
func (c *Config) masterURLs() ([]*url.URL, error) {
	masters := c.Masters
	if len(masters) == 0 {
		masters = []string{DefaultMaster}
	}
	out := make([]*url.URL, 0, len(masters))
	for _, m := range masters {
		u, err := endpoint(m, schedulerPath)
		if err != nil {
			return nil, err
		}
		out = append(out, u)
	}
	return out, nil
}

// endpoint turns "host:port", "http://host:port" or a full URL into the
// URL of an API endpoint.
func endpoint(s, path string) (*url.URL, error) {
	s = strings.TrimSpace(s)
	if !strings.Contains(s, "://") {
		s = "http://" + s
	}
	u, err := url.Parse(s)
	if err != nil {
		return nil, fmt.Errorf("%w: master %q: %w", ErrInvalidConfig, s, err)
	}
	if u.Scheme != "http" && u.Scheme != "https" {
		return nil, fmt.Errorf("%w: master %q: scheme must be http or https", ErrInvalidConfig, s)
	}
	if u.Host == "" {
		return nil, fmt.Errorf("%w: master %q has no host", ErrInvalidConfig, s)
	}
	if u.Path == "" || u.Path == "/" {
		u.Path = path
	}
	return u, nil
}
