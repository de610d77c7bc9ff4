// Package actors groups the supervised actors of the engine: one per
// framework, one per agent, one per hook callback, the allocator, and the
// hosted Scheduler and Executor behaviours. Each lives in a sub-package.
package actors
