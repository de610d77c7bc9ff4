package hooks

import (
	"fmt"
	"strings"
	"time"

	bridgev1 "github.com/mactor/mactor/messages/bridge/v1"
)

// DefaultDeadline is how long a hook call may take unless configured.
const DefaultDeadline = 500 * time.Millisecond

// DefaultWorkers bounds the calls of one hook that run at once.
const DefaultWorkers = 256

// Fallback is what a hook answers when its deadline passes, its actor is
// restarting, its policy crashed or too many calls are running.
type Fallback int

const (
	// FallbackNone answers None, "no change" (the default): the master or
	// agent carries on as if no hook module were loaded.
	FallbackNone Fallback = iota
	// FallbackError answers an error: Mesos logs it; for the Docker
	// pre-launch decorator and the isolator's prepare it fails the launch.
	// Use it for hooks whose answer must not be skipped.
	FallbackError
)

// String returns "none" or "error".
func (f Fallback) String() string {
	if f == FallbackError {
		return "error"
	}
	return "none"
}

// ParseFallback reads "none" or "error".
func ParseFallback(s string) (Fallback, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "", "none", "no-change":
		return FallbackNone, nil
	case "error":
		return FallbackError, nil
	}
	return 0, fmt.Errorf("%w: fallback %q (want none or error)", ErrConfig, s)
}

// Setting is the deadline and fallback of one hook.
type Setting struct {
	// Deadline bounds the call; zero means the default.
	Deadline time.Duration
	Fallback Fallback
}

// Settings configures every hook.
type Settings struct {
	// Default applies to hooks without their own entry; a zero Deadline
	// means DefaultDeadline.
	Default Setting
	// PerHook overrides Default by hook name (Hook.Name).
	PerHook map[string]Setting
	// Workers bounds the calls of one hook that run at once; zero means
	// DefaultWorkers. A call beyond it gets the fallback at once.
	Workers int
}

// For returns the setting of hook h.
func (s Settings) For(h Hook) Setting {
	out := s.Default
	if p, ok := s.PerHook[h.Name]; ok {
		out = p
		if out.Deadline == 0 {
			out.Deadline = s.Default.Deadline
		}
	}
	if out.Deadline <= 0 {
		out.Deadline = DefaultDeadline
	}
	return out
}

func (s Settings) workers() int {
	if s.Workers <= 0 {
		return DefaultWorkers
	}
	return s.Workers
}

// Validate checks that every per-hook entry names a hook.
func (s Settings) Validate() error {
	for name := range s.PerHook {
		if _, ok := ByName(name); !ok {
			return fmt.Errorf("%w: unknown hook %q", ErrConfig, name)
		}
	}
	return nil
}

// FallbackResult is the answer a hook gives with fallback f; reason says
// why it was used ("deadline", "restarting", "crash", "overload").
func FallbackResult(f Fallback, reason string) *bridgev1.HookResult {
	if f == FallbackError {
		return &bridgev1.HookResult{Error: "mactor: hook fallback (" + reason + ")", Fallback: true}
	}
	return &bridgev1.HookResult{None: true, Fallback: true}
}
