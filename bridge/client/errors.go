package client

import (
	"errors"
	"fmt"
)

// Sentinel errors of the client.
var (
	// ErrClosed reports a call on, or pending in, a closed Client.
	ErrClosed = errors.New("client: closed")
	// ErrRejected reports a call the engine refused (400): it will not be
	// resent.
	ErrRejected = errors.New("client: call rejected")
	// ErrOutOfSync reports that the engine expects a sequence number this
	// client no longer holds (its data was lost, or another process uses
	// the same session id).
	ErrOutOfSync = errors.New("client: session out of sync with the engine")
)

// StatusError is an HTTP answer other than the expected one.
type StatusError struct {
	Code    int
	Message string
}

// Error implements error.
func (e *StatusError) Error() string {
	return fmt.Sprintf("bridge answered %d: %s", e.Code, e.Message)
}
