// Package logging builds mactor's zap loggers from the command-line flags
// and routes protoactor-go's log/slog output through the same zap core, so
// that one process writes one log stream in one format.
package logging
