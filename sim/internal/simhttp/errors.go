package simhttp

import (
	"errors"
	"io"
	"net/http"
)

// Error is a request refused: an HTTP status and Mesos's message for it.
type Error struct {
	Code int
	Msg  string
}

// Error implements error.
func (e *Error) Error() string { return e.Msg }

// Refuse returns an Error.
func Refuse(code int, msg string) *Error { return &Error{Code: code, Msg: msg} }

// WriteError answers with the status and message as plain text; an error
// that is not an *Error is a 500.
func WriteError(w http.ResponseWriter, err error) {
	var he *Error
	if !errors.As(err, &he) {
		he = Refuse(http.StatusInternalServerError, err.Error())
	}
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.WriteHeader(he.Code)
	_, _ = io.WriteString(w, he.Msg)
}
