package wirecompat

import (
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
)

// nonLeader is a real HTTP server that answers as a Mesos master that is
// not the leader: every request gets 307 Temporary Redirect with a
// protocol-relative Location naming the leader and the request's path, as
// Mesos's Master::Http::redirect writes it ("//host:port/api/v1/scheduler").
// The sim has a single master, always the leader; this stands for a
// follower in front of it.
type nonLeader struct {
	srv *httptest.Server

	mu    sync.Mutex
	paths []string
}

// startNonLeader starts a non-leading master redirecting to leader
// (host:port) on loopback; it stops when the test ends.
func startNonLeader(t *testing.T, leader string) *nonLeader {
	t.Helper()
	n := &nonLeader{}
	n.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n.mu.Lock()
		n.paths = append(n.paths, r.Method+" "+r.URL.Path+" "+r.Header.Get("Content-Type"))
		n.mu.Unlock()
		w.Header().Set("Location", "//"+leader+r.URL.Path)
		w.WriteHeader(http.StatusTemporaryRedirect)
	}))
	t.Cleanup(n.srv.Close)
	return n
}

// URL is the follower's base URL (http://127.0.0.1:port).
func (n *nonLeader) URL() string { return n.srv.URL }

// Requests are the requests the follower answered, as
// "METHOD path content-type".
func (n *nonLeader) Requests() []string {
	n.mu.Lock()
	defer n.mu.Unlock()
	return append([]string(nil), n.paths...)
}
