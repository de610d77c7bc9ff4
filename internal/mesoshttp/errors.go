package mesoshttp

import (
	"context"
	"errors"
	"fmt"
	"net/http"
)

// Sentinel errors. An *Error answered by a master or an agent matches the
// sentinel of its status code with errors.Is.
var (
	ErrBadRequest           = errors.New("mesos: bad request")            // 400
	ErrUnauthorized         = errors.New("mesos: unauthorized")           // 401
	ErrForbidden            = errors.New("mesos: forbidden")              // 403
	ErrNotFound             = errors.New("mesos: not found")              // 404
	ErrMethodNotAllowed     = errors.New("mesos: method not allowed")     // 405
	ErrNotAcceptable        = errors.New("mesos: not acceptable")         // 406
	ErrConflict             = errors.New("mesos: conflict")               // 409
	ErrUnsupportedMediaType = errors.New("mesos: unsupported media type") // 415
	ErrTooManyRequests      = errors.New("mesos: too many requests")      // 429
	ErrInternal             = errors.New("mesos: internal server error")  // 500
	ErrNotImplemented       = errors.New("mesos: not implemented")        // 501
	ErrServiceUnavailable   = errors.New("mesos: service unavailable")    // 503
	ErrUnexpectedStatus     = errors.New("mesos: unexpected status")      // any other
	ErrTooManyRedirects     = errors.New("mesos: too many redirects")     // redirect loop
	ErrBadRedirect          = errors.New("mesos: redirect without usable Location")
	ErrInvalidMessage       = errors.New("mesos: invalid message")          // fails to encode
	ErrUnsupportedEncoding  = errors.New("mesos: unsupported content type") // in a response
)

var statusSentinels = map[int]error{
	http.StatusBadRequest:           ErrBadRequest,
	http.StatusUnauthorized:         ErrUnauthorized,
	http.StatusForbidden:            ErrForbidden,
	http.StatusNotFound:             ErrNotFound,
	http.StatusMethodNotAllowed:     ErrMethodNotAllowed,
	http.StatusNotAcceptable:        ErrNotAcceptable,
	http.StatusConflict:             ErrConflict,
	http.StatusUnsupportedMediaType: ErrUnsupportedMediaType,
	http.StatusTooManyRequests:      ErrTooManyRequests,
	http.StatusInternalServerError:  ErrInternal,
	http.StatusNotImplemented:       ErrNotImplemented,
	http.StatusServiceUnavailable:   ErrServiceUnavailable,
}

// Error is an HTTP answer other than the expected one from a Mesos master
// or agent. Message is the response body, which Mesos fills with a human
// readable reason such as "Framework is not subscribed".
type Error struct {
	// Code is the HTTP status code, e.g. 403.
	Code int
	// Message is the body of the response, trimmed, at most 4 KiB.
	Message string
	// Call names the call that failed, e.g. "SUBSCRIBE" (may be empty).
	Call string
	// URL is the endpoint that answered.
	URL string
}

// Error implements error.
func (e *Error) Error() string {
	s := fmt.Sprintf("mesos: %d %s", e.Code, http.StatusText(e.Code))
	if e.Call != "" {
		s += " for " + e.Call
	}
	if e.URL != "" {
		s += " from " + e.URL
	}
	if e.Message != "" {
		s += ": " + e.Message
	}
	return s
}

// Is reports whether target is the sentinel error of e's status code.
func (e *Error) Is(target error) bool {
	if s, ok := statusSentinels[e.Code]; ok {
		return s == target
	}
	return target == ErrUnexpectedStatus
}

// Temporary reports whether trying again later (or on another master) may
// succeed: 404 (routes not installed yet), 429, and 5xx other than 501.
func (e *Error) Temporary() bool {
	switch {
	case e.Code == http.StatusNotFound, e.Code == http.StatusTooManyRequests:
		return true
	case e.Code == http.StatusNotImplemented:
		return false
	case e.Code >= 500:
		return true
	}
	return false
}

// IsTemporary reports whether err may go away on a retry: a temporary
// *Error, or any failure that is not an answer from Mesos at all (a refused
// connection, a reset, a timeout, a broken stream).
func IsTemporary(err error) bool {
	if err == nil {
		return false
	}
	if errors.Is(err, context.Canceled) {
		return false
	}
	var e *Error
	if errors.As(err, &e) {
		return e.Temporary()
	}
	return !errors.Is(err, ErrInvalidMessage) && !errors.Is(err, ErrBadRedirect) &&
		!errors.Is(err, ErrUnsupportedEncoding)
}
