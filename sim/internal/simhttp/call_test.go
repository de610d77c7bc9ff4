package simhttp_test

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/mactor/mactor/internal/mesoshttp"
	schedulerv1 "github.com/mactor/mactor/messages/mesos/v1/scheduler"
	"github.com/mactor/mactor/sim/internal/simhttp"
)

func TestResponseEncoding(t *testing.T) {
	tests := []struct {
		name   string
		accept []string
		want   mesoshttp.Encoding
		code   int
	}{
		{name: "no Accept", want: mesoshttp.JSON},
		{name: "wildcard", accept: []string{"*/*"}, want: mesoshttp.JSON},
		{name: "protobuf only", accept: []string{mesoshttp.ContentTypeProtobuf}, want: mesoshttp.Protobuf},
		{name: "both: JSON wins", accept: []string{mesoshttp.ContentTypeProtobuf + ", " + mesoshttp.ContentTypeJSON}, want: mesoshttp.JSON},
		{name: "JSON refused with q=0", accept: []string{mesoshttp.ContentTypeJSON + ";q=0", mesoshttp.ContentTypeProtobuf}, want: mesoshttp.Protobuf},
		{name: "neither", accept: []string{"text/html"}, code: http.StatusNotAcceptable},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := simhttp.ResponseEncoding(tt.accept)
			if tt.code != 0 {
				if err == nil || err.Code != tt.code {
					t.Fatalf("error %v, want %d", err, tt.code)
				}
				return
			}
			if err != nil || got != tt.want {
				t.Fatalf("%v, %v; want %v", got, err, tt.want)
			}
		})
	}
}

func TestReadCall(t *testing.T) {
	tests := []struct {
		name   string
		method string
		ctype  string
		body   string
		code   int
	}{
		{name: "good JSON", method: http.MethodPost, ctype: mesoshttp.ContentTypeJSON, body: `{"type":"TEARDOWN"}`},
		{name: "GET", method: http.MethodGet, code: http.StatusMethodNotAllowed},
		{name: "no Content-Type", method: http.MethodPost, body: "{}", code: http.StatusBadRequest},
		{name: "text", method: http.MethodPost, ctype: "text/plain", body: "{}", code: http.StatusUnsupportedMediaType},
		{name: "bad protobuf", method: http.MethodPost, ctype: mesoshttp.ContentTypeProtobuf, body: "\xff\xff", code: http.StatusBadRequest},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := httptest.NewRequest(tt.method, "/api/v1/scheduler", strings.NewReader(tt.body))
			if tt.ctype != "" {
				r.Header.Set("Content-Type", tt.ctype)
			}
			w := httptest.NewRecorder()
			call := &schedulerv1.Call{}
			_, err := simhttp.ReadCall(w, r, call)
			if tt.code == 0 {
				if err != nil || call.GetType() != schedulerv1.Call_TEARDOWN {
					t.Fatalf("%v, call %v", err, call)
				}
				return
			}
			if err == nil || err.Code != tt.code {
				t.Fatalf("error %v, want %d", err, tt.code)
			}
			simhttp.WriteError(w, err)
			if w.Code != tt.code || w.Body.String() != err.Msg {
				t.Fatalf("answered %d %q", w.Code, w.Body.String())
			}
		})
	}
}
