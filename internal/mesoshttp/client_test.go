package mesoshttp_test

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"

	"google.golang.org/protobuf/proto"

	"github.com/mactor/mactor/internal/mesoshttp"
	schedulerv1 "github.com/mactor/mactor/messages/mesos/v1/scheduler"
)

func mustURL(t *testing.T, s string) *url.URL {
	t.Helper()
	u, err := url.Parse(s)
	if err != nil {
		t.Fatal(err)
	}
	return u
}

func teardown() *schedulerv1.Call {
	return &schedulerv1.Call{Type: schedulerv1.Call_TEARDOWN.Enum()}
}

func TestClientFollowsProtocolRelativeRedirect(t *testing.T) {
	var leaderAuth atomic.Value
	leader := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		u, p, _ := r.BasicAuth()
		leaderAuth.Store(u + ":" + p + " " + r.Header.Get("Mesos-Stream-Id"))
		body, _ := io.ReadAll(r.Body)
		call := &schedulerv1.Call{}
		if err := proto.Unmarshal(body, call); err != nil || call.GetType() != schedulerv1.Call_TEARDOWN {
			http.Error(w, "bad call", http.StatusBadRequest)
			return
		}
		w.WriteHeader(http.StatusAccepted)
	}))
	defer leader.Close()
	follower := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Location", "//"+leader.Listener.Addr().String()+r.URL.Path)
		w.WriteHeader(http.StatusTemporaryRedirect)
	}))
	defer follower.Close()

	c := &mesoshttp.Client{Auth: mesoshttp.BasicAuth{Principal: "fw", Secret: "s3cret"}}
	resp, err := c.Do(context.Background(), mesoshttp.Request{
		URL:      mustURL(t, follower.URL+"/api/v1/scheduler"),
		Encoding: mesoshttp.Protobuf,
		Call:     teardown(),
		Name:     "TEARDOWN",
		Header:   http.Header{"Mesos-Stream-Id": {"stream-1"}},
	})
	if err != nil {
		t.Fatal(err)
	}
	resp.Discard()
	if resp.StatusCode != http.StatusAccepted {
		t.Fatalf("status %d", resp.StatusCode)
	}
	if want := leader.URL + "/api/v1/scheduler"; resp.URL.String() != want {
		t.Fatalf("answered by %s, want %s", resp.URL, want)
	}
	if got := leaderAuth.Load(); got != "fw:s3cret stream-1" {
		t.Fatalf("leader saw credentials and stream %q", got)
	}
}

func TestClientErrors(t *testing.T) {
	tests := []struct {
		name     string
		handler  http.HandlerFunc
		wantErr  error
		wantMsg  string
		wantCode int
	}{
		{
			name: "403 with message",
			handler: func(w http.ResponseWriter, r *http.Request) {
				http.Error(w, "Framework is not subscribed", http.StatusForbidden)
			},
			wantErr: mesoshttp.ErrForbidden, wantMsg: "Framework is not subscribed", wantCode: 403,
		},
		{
			name: "503 no leader",
			handler: func(w http.ResponseWriter, r *http.Request) {
				http.Error(w, "No leader elected", http.StatusServiceUnavailable)
			},
			wantErr: mesoshttp.ErrServiceUnavailable, wantMsg: "No leader elected", wantCode: 503,
		},
		{
			name: "redirect loop",
			handler: func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Location", "//"+r.Host+r.URL.Path)
				w.WriteHeader(http.StatusTemporaryRedirect)
			},
			wantErr: mesoshttp.ErrTooManyRedirects,
		},
		{
			name: "redirect without location",
			handler: func(w http.ResponseWriter, r *http.Request) {
				w.WriteHeader(http.StatusTemporaryRedirect)
			},
			wantErr: mesoshttp.ErrBadRedirect,
		},
		{
			name: "unexpected content type",
			handler: func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Content-Type", "text/html")
				w.WriteHeader(http.StatusOK)
			},
			wantErr: mesoshttp.ErrUnsupportedEncoding,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := httptest.NewServer(tt.handler)
			defer srv.Close()
			c := &mesoshttp.Client{MaxRedirects: 3}
			_, err := c.Do(context.Background(), mesoshttp.Request{
				URL: mustURL(t, srv.URL+"/api/v1/scheduler"), Call: teardown(), Name: "TEARDOWN",
			})
			if !errors.Is(err, tt.wantErr) {
				t.Fatalf("err = %v, want %v", err, tt.wantErr)
			}
			var e *mesoshttp.Error
			if tt.wantCode != 0 {
				if !errors.As(err, &e) || e.Code != tt.wantCode || e.Message != tt.wantMsg || e.Call != "TEARDOWN" {
					t.Fatalf("error = %#v", e)
				}
			}
		})
	}
}

func TestClientSendsEncodingHeaders(t *testing.T) {
	for _, enc := range []mesoshttp.Encoding{mesoshttp.JSON, mesoshttp.Protobuf} {
		t.Run(enc.String(), func(t *testing.T) {
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				if r.Method != http.MethodPost || r.Header.Get("Content-Type") != enc.ContentType() ||
					r.Header.Get("Accept") != enc.ContentType() || r.Header.Get("User-Agent") != "mactor-test" {
					http.Error(w, "bad headers", http.StatusBadRequest)
					return
				}
				body, _ := io.ReadAll(r.Body)
				if enc == mesoshttp.JSON && strings.TrimSpace(string(body)) != `{"type":"TEARDOWN"}` {
					http.Error(w, "bad body "+string(body), http.StatusBadRequest)
					return
				}
				w.WriteHeader(http.StatusAccepted)
			}))
			defer srv.Close()
			c := &mesoshttp.Client{UserAgent: "mactor-test"}
			resp, err := c.Do(context.Background(), mesoshttp.Request{
				URL: mustURL(t, srv.URL), Encoding: enc, Call: teardown(), Name: "TEARDOWN",
			})
			if err != nil {
				t.Fatal(err)
			}
			resp.Discard()
		})
	}
}

func TestClientEncodeError(t *testing.T) {
	c := &mesoshttp.Client{}
	_, err := c.Do(context.Background(), mesoshttp.Request{
		URL:  mustURL(t, "http://127.0.0.1:1"),
		Call: &schedulerv1.Call{Subscribe: &schedulerv1.Call_Subscribe{}},
		Name: "SUBSCRIBE",
	})
	if !errors.Is(err, mesoshttp.ErrInvalidMessage) {
		t.Fatalf("err = %v", err)
	}
}
