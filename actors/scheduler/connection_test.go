package scheduler_test

import (
	"errors"
	"net"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"

	"github.com/mactor/mactor/actors/scheduler"
	"github.com/mactor/mactor/internal/mesoshttp"
	mesosv1 "github.com/mactor/mactor/messages/mesos/v1"
	schedulerv1 "github.com/mactor/mactor/messages/mesos/v1/scheduler"
)

// TestRedirectToLeader: a non-leading master answers 307 with a
// protocol-relative Location; SUBSCRIBE and every later call go to the
// leader, credentials included.
func TestRedirectToLeader(t *testing.T) {
	tests := []struct {
		name     string
		location func(leader string) string
	}{
		{"protocol relative", func(l string) string { return "//" + l + "/api/v1/scheduler" }},
		{"master delegate path", func(l string) string { return "//" + l + "/master/api/v1/scheduler" }},
		{"bare host and port", func(l string) string { return l }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			leader := newFakeMaster(t, nil)
			leaderAddr := strings.TrimPrefix(leader.url(), "http://")
			var followerHits atomicCounter
			follower := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				followerHits.add()
				w.Header().Set("Location", tt.location(leaderAddr))
				w.WriteHeader(http.StatusTemporaryRedirect)
			}))
			t.Cleanup(follower.Close)

			h := startWith(t, leader, scheduler.Config{Masters: []string{follower.URL}, Framework: frameworkInfo()}, nil,
				scheduler.WithCredentials("hello-principal", "s3cret"))
			h.j.waitFor(t, "registered")
			if err := h.d.ReviveOffers(); err != nil {
				t.Fatal(err)
			}
			leader.waitFor("REVIVE at the leader", func() bool { return len(leader.callsOf(schedulerv1.Call_REVIVE)) == 1 })
			if n := followerHits.get(); n != 1 {
				t.Errorf("follower got %d requests, want only the SUBSCRIBE", n)
			}
			for _, c := range append(leader.Subscribes(), leader.Calls()...) {
				user, pass, ok := (&http.Request{Header: c.header}).BasicAuth()
				if !ok || user != "hello-principal" || pass != "s3cret" {
					t.Errorf("%s reached the leader without credentials", c.call.GetType())
				}
			}
		})
	}
}

// TestSubscribeErrors: status codes that retrying cannot fix stop the
// driver with a typed error carrying the master's message; temporary ones
// are retried until the master takes the subscription.
func TestSubscribeErrors(t *testing.T) {
	tests := []struct {
		name     string
		status   int
		message  string
		sentinel error
		fatal    bool
	}{
		{"401 unauthenticated", 401, "Authentication required", scheduler.ErrUnauthorized, true},
		{"403 unauthorized role", 403, "Not authorized to use roles 'hello_world_role'", scheduler.ErrForbidden, true},
		{"400 invalid framework", 400, "Failed to validate scheduler::Call: Expecting 'framework_id' to be present", scheduler.ErrBadRequest, true},
		{"503 no leader", 503, "No leader elected", scheduler.ErrServiceUnavailable, false},
		{"503 recovering", 503, "Master has not finished recovery", scheduler.ErrServiceUnavailable, false},
		{"404 routes not ready", 404, "", scheduler.ErrNotFound, false},
		{"500 cannot resolve leader", 500, "Failed to resolve hostname", scheduler.ErrInternal, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			master := newFakeMaster(t, nil)
			var failures atomicCounter
			front := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				if n := failures.add(); tt.fatal || n <= 3 {
					http.Error(w, tt.message, tt.status)
					return
				}
				master.srv.Config.Handler.ServeHTTP(w, r)
			}))
			t.Cleanup(front.Close)
			h := startWith(t, master, scheduler.Config{Masters: []string{front.URL}, Framework: frameworkInfo()}, nil)
			if !tt.fatal {
				h.j.waitFor(t, "registered")
				if n := failures.get(); n != 4 {
					t.Fatalf("%d attempts, want 3 failures then success", n)
				}
				return
			}
			err := h.d.Join()
			if !errors.Is(err, tt.sentinel) {
				t.Fatalf("Join() = %v, want %v", err, tt.sentinel)
			}
			var e *scheduler.Error
			if !errors.As(err, &e) || e.Code != tt.status || e.Message != tt.message || e.Call != "SUBSCRIBE" {
				t.Fatalf("Join() error = %#v", e)
			}
			if failures.get() != 1 {
				t.Errorf("retried a fatal answer %d times", failures.get())
			}
			h.j.waitFor(t, "error mesos: "+strconv.Itoa(tt.status))
		})
	}
}

// TestCallErrors: a call the master refuses is reported to the behaviour
// with the status and message; UpdateFramework returns it directly.
func TestCallErrors(t *testing.T) {
	master := newFakeMaster(t, nil)
	master.setAnswer(func(c *schedulerv1.Call) (int, string) {
		switch c.GetType() {
		case schedulerv1.Call_KILL:
			return 403, "Framework is not subscribed"
		case schedulerv1.Call_UPDATE_FRAMEWORK:
			if len(c.GetUpdateFramework().GetFrameworkInfo().GetRoles()) == 0 {
				return 400, "Updating 'FrameworkInfo.roles' to empty is not allowed"
			}
			return 200, ""
		}
		return 202, ""
	})
	h := start(t, master, nil)
	h.j.waitFor(t, "registered")

	if err := h.d.KillTask(&mesosv1.TaskID{Value: ptr("t1")}, nil, nil); err != nil {
		t.Fatal(err)
	}
	h.j.waitFor(t, "call failed KILL")
	got := h.j.all()[len(h.j.all())-1]
	if !strings.Contains(got, "403") || !strings.Contains(got, "Framework is not subscribed") {
		t.Errorf("CallFailed got %q", got)
	}

	info := frameworkInfo()
	info.Roles = nil
	err := h.d.UpdateFramework(info, nil, nil)
	var e *scheduler.Error
	if !errors.Is(err, scheduler.ErrBadRequest) || !errors.As(err, &e) || !strings.Contains(e.Message, "not allowed") {
		t.Fatalf("UpdateFramework = %v", err)
	}
	info.Roles = []string{"other_role"}
	if err := h.d.UpdateFramework(info, []string{"other_role"}, nil); err != nil {
		t.Fatalf("UpdateFramework = %v", err)
	}
	up := master.callsOf(schedulerv1.Call_UPDATE_FRAMEWORK)[1].call.GetUpdateFramework()
	if up.GetFrameworkInfo().GetId().GetValue() != frameworkID || up.GetSuppressedRoles()[0] != "other_role" {
		t.Errorf("UPDATE_FRAMEWORK sent %v", up)
	}
}

// TestSeveralMasters: a master that is down or not serving is skipped.
func TestSeveralMasters(t *testing.T) {
	down, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	downAddr := down.Addr().String()
	down.Close()
	recovering := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, "Master has not finished recovery", http.StatusServiceUnavailable)
	}))
	t.Cleanup(recovering.Close)
	master := newFakeMaster(t, nil)
	h := startWith(t, master, scheduler.Config{
		Masters:   []string{downAddr, recovering.URL, master.url()},
		Framework: frameworkInfo(),
	}, nil)
	h.j.waitFor(t, "registered")
}

// TestNoStreamID: a SUBSCRIBE answer without Mesos-Stream-Id is not a
// subscription; the driver tries again.
func TestNoStreamID(t *testing.T) {
	master := newFakeMaster(t, nil)
	var attempts atomicCounter
	front := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if attempts.add() == 1 {
			w.Header().Set("Content-Type", mesoshttp.ContentTypeProtobuf)
			w.WriteHeader(http.StatusOK)
			return
		}
		master.srv.Config.Handler.ServeHTTP(w, r)
	}))
	t.Cleanup(front.Close)
	h := startWith(t, master, scheduler.Config{Masters: []string{front.URL}, Framework: frameworkInfo()}, nil)
	h.j.waitFor(t, "registered")
}
