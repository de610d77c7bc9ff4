// Package behaviour holds what the scheduler and executor drivers (packages
// actors/scheduler and actors/executor) share in running a behaviour: a
// value whose methods are the callbacks of a Mesos API, hosted in an actor
// of its own under a supervisor, apart from the goroutines that hold the
// HTTP connection.
//
//   - Host runs the behaviour's actor under a one_for_one supervisor of its
//     own. A crash restarts the actor in place (same PID, same mailbox; the
//     message being handled is dropped and published as a dead letter).
//     Send delivers to its mailbox, Drain waits until what was sent before
//     has been handled (the actor acknowledges a DrainMarker), Stop ends
//     it, and HostConfig.GaveUp hears when the supervisor gives up past
//     its restart intensity.
//   - Stateful, StateStore, MemoryStore and JournalStore are the opt-in
//     durable state of a behaviour. Restore gives a fresh instance the
//     state last saved; Save saves it after each message handled, and
//     panics if it cannot, so that the supervisor restarts the behaviour
//     from the last saved state and nothing that depends on the message
//     (an acknowledgement) happens.
//   - Ending is the end of a driver: the first result wins, the teardown
//     runs once, and Join waits for it.
//
// The drivers re-export the state types under their own names
// (scheduler.Stateful, executor.MemoryStore, scheduler.JournalStore, ...)
// as aliases, so one store can serve both.
package behaviour
