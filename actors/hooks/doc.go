// Package hooks holds the hook actors: one supervised actor per hook
// callback of Mesos 1.11's hook.hpp (all eleven) plus the isolator's
// prepare and cleanup calls of command-style modules, under the `hooks`
// one_for_one supervisor.
//
// A hook call reaches its actor through Hooks.Ask, which waits at most the
// hook's deadline (500 ms unless configured). Past the deadline, or while
// the actor is restarting after a crash, Ask answers with the hook's
// fallback — by default "no change" (HookResult{none, fallback}), the
// answer Mesos gives when no hook module is loaded — and counts it in the
// metrics. A hook never hangs the master or the agent that asked.
//
// What a hook answers is programmed in two ways, which can be combined:
//
//   - in Go: a HookPolicy (one method per hook; embed NoChange and override
//     what you need), compiled into the engine;
//   - in YAML: the built-in rules of a --hooks-config file (labels by
//     framework name, role or principal; environment variables; an
//     environment file written when an executor starts and removed when it
//     is removed; delegation to an external command, the way
//     criteo/mesos-command-modules runs one).
//
// The actor never runs a policy on its own goroutine: every call runs on a
// worker goroutine (a bounded number per hook), so a slow command or policy
// never holds up the calls behind it. A panic in a policy is caught on the
// worker, answered with the fallback, and then crashes the actor, so that
// its supervisor restarts it (and counts the restart) as for any actor.
// docs/hooks.md is the guide.
package hooks
