package mesoshttp_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"testing"

	"github.com/mactor/mactor/internal/mesoshttp"
)

func TestErrorMapsStatusCodes(t *testing.T) {
	tests := []struct {
		code      int
		sentinel  error
		temporary bool
	}{
		{400, mesoshttp.ErrBadRequest, false},
		{401, mesoshttp.ErrUnauthorized, false},
		{403, mesoshttp.ErrForbidden, false},
		{404, mesoshttp.ErrNotFound, true},
		{405, mesoshttp.ErrMethodNotAllowed, false},
		{406, mesoshttp.ErrNotAcceptable, false},
		{409, mesoshttp.ErrConflict, false},
		{415, mesoshttp.ErrUnsupportedMediaType, false},
		{429, mesoshttp.ErrTooManyRequests, true},
		{500, mesoshttp.ErrInternal, true},
		{501, mesoshttp.ErrNotImplemented, false},
		{503, mesoshttp.ErrServiceUnavailable, true},
		{418, mesoshttp.ErrUnexpectedStatus, false},
		{502, mesoshttp.ErrUnexpectedStatus, true},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprint(tt.code), func(t *testing.T) {
			var err error = fmt.Errorf("wrapped: %w", &mesoshttp.Error{Code: tt.code, Message: "Framework is not subscribed", Call: "KILL"})
			if !errors.Is(err, tt.sentinel) {
				t.Errorf("errors.Is(%v, %v) = false", err, tt.sentinel)
			}
			if tt.sentinel != mesoshttp.ErrBadRequest && errors.Is(err, mesoshttp.ErrBadRequest) {
				t.Errorf("%d also matches ErrBadRequest", tt.code)
			}
			var e *mesoshttp.Error
			if !errors.As(err, &e) || e.Message != "Framework is not subscribed" {
				t.Errorf("errors.As lost the message: %+v", e)
			}
			if got := mesoshttp.IsTemporary(err); got != tt.temporary {
				t.Errorf("IsTemporary = %v, want %v", got, tt.temporary)
			}
		})
	}
}

func TestIsTemporaryTransportErrors(t *testing.T) {
	tests := []struct {
		name string
		err  error
		want bool
	}{
		{"nil", nil, false},
		{"refused", &net.OpError{Op: "dial", Err: errors.New("connection refused")}, true},
		{"eof", io.ErrUnexpectedEOF, true},
		{"canceled", fmt.Errorf("x: %w", context.Canceled), false},
		{"bad redirect", mesoshttp.ErrBadRedirect, false},
		{"invalid message", mesoshttp.ErrInvalidMessage, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := mesoshttp.IsTemporary(tt.err); got != tt.want {
				t.Fatalf("IsTemporary(%v) = %v", tt.err, got)
			}
		})
	}
}

func TestErrorString(t *testing.T) {
	e := &mesoshttp.Error{Code: 403, Message: "Framework is not subscribed", Call: "ACCEPT", URL: "http://m1:5050/api/v1/scheduler"}
	want := "mesos: 403 Forbidden for ACCEPT from http://m1:5050/api/v1/scheduler: Framework is not subscribed"
	if e.Error() != want {
		t.Fatalf("Error() = %q", e.Error())
	}
}
