package executor_test

import (
	"errors"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/mactor/mactor/actors/executor"
	mesosv1 "github.com/mactor/mactor/messages/mesos/v1"
	executorv1 "github.com/mactor/mactor/messages/mesos/v1/executor"
)

// TestLosingTheAgent: without checkpointing the executor shuts down as soon
// as the agent goes away; with it, it retries SUBSCRIBE until the recovery
// timeout, then shuts down. Either way the behaviour gets Shutdown.
func TestLosingTheAgent(t *testing.T) {
	tests := []struct {
		name       string
		checkpoint bool
		want       error
		minTries   int
	}{
		{"no checkpointing", false, executor.ErrDisconnected, 1},
		{"recovery timeout", true, executor.ErrRecoveryTimeout, 3},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			agent := newFakeAgent(t, func(s *stream) { s.Send(subscribedEvent()) }) // then the stream ends
			agent.setRefuse(func(n int) (int, string) {
				if n > 1 {
					return 503, "Agent has not finished recovery"
				}
				return 0, ""
			})
			env := testEnv(agent)
			env.Checkpoint = tt.checkpoint
			env.RecoveryTimeout = 200 * time.Millisecond
			h := start(t, agent, env, nil)
			err := h.d.Join()
			if !errors.Is(err, tt.want) {
				t.Fatalf("Join() = %v, want %v", err, tt.want)
			}
			if got := h.j.all(); !slices.Contains(got, "disconnected") || !slices.Contains(got, "shutdown") {
				t.Fatalf("callbacks %q", got)
			}
			if n := len(agent.Subscribes()); n < tt.minTries || (!tt.checkpoint && n != 1) {
				t.Fatalf("%d SUBSCRIBE attempts", n)
			}
		})
	}
}

// TestShutdown: on SHUTDOWN the behaviour kills its tasks and stops, and
// its last updates reach the agent first; one that does not stop is
// stopped when the grace period ends.
func TestShutdown(t *testing.T) {
	t.Run("behaviour stops", func(t *testing.T) {
		agent := newFakeAgent(t, func(s *stream) {
			s.Send(subscribedEvent(), launch("t1"), shutdownEvent())
			s.Hold()
		})
		h := start(t, agent, testEnv(agent), &hooks{shutdown: func(d executor.Driver) {
			_ = d.SendStatusUpdate(&mesosv1.TaskStatus{TaskId: &mesosv1.TaskID{Value: ptr("t1")}, State: mesosv1.TaskState_TASK_KILLED.Enum()})
			_ = d.Stop()
		}})
		if err := h.d.Join(); err != nil {
			t.Fatalf("Join() = %v", err)
		}
		ups := agent.updates()
		if len(ups) != 1 || ups[0].GetState() != mesosv1.TaskState_TASK_KILLED {
			t.Fatalf("updates %v, want TASK_KILLED sent before stopping", ups)
		}
	})
	t.Run("grace period expires", func(t *testing.T) {
		agent := newFakeAgent(t, func(s *stream) {
			s.Send(subscribedEvent(), shutdownEvent())
			s.Hold()
		})
		env := testEnv(agent)
		env.ShutdownGracePeriod = 50 * time.Millisecond
		h := start(t, agent, env, &hooks{shutdown: func(executor.Driver) {}}) // ignores SHUTDOWN
		if err := h.d.Join(); !errors.Is(err, executor.ErrShutdownTimeout) {
			t.Fatalf("Join() = %v", err)
		}
	})
}

// TestCrashInLaunchTask: a LaunchTask that panics restarts the behaviour
// without dropping the subscription; the task is reported TASK_FAILED and
// the next launch is handled.
func TestCrashInLaunchTask(t *testing.T) {
	agent := newFakeAgent(t, func(s *stream) {
		s.Send(subscribedEvent(), launch("bad"), launch("good"))
		s.Hold()
	})
	h := start(t, agent, testEnv(agent), &hooks{launch: func(d executor.Driver, task *mesosv1.TaskInfo) {
		if task.GetTaskId().GetValue() == "bad" {
			panic("cannot start it")
		}
		_ = running(d, task, "uuid-good-running")
	}})
	h.j.waitFor(t, "launch good")
	agent.waitFor("2 updates", func() bool { return len(agent.updates()) == 2 })
	ups := agent.updates()
	if ups[0].GetTaskId().GetValue() != "bad" || ups[0].GetState() != mesosv1.TaskState_TASK_FAILED ||
		!strings.Contains(ups[0].GetMessage(), "cannot start it") {
		t.Fatalf("first update %v, want TASK_FAILED for the crashed launch", ups[0])
	}
	if ups[1].GetTaskId().GetValue() != "good" {
		t.Fatalf("second update %v", ups[1])
	}
	if want := []string{"init", "registered hello-executor", "init", `launch good ""`}; !slices.Equal(h.j.all(), want) {
		t.Fatalf("callbacks %q, want %q", h.j.all(), want)
	}
	if n := len(agent.Subscribes()); n != 1 {
		t.Fatalf("%d SUBSCRIBE calls", n)
	}
}

// TestSubscribeRefused: an agent that does not know the framework refuses
// for good.
func TestSubscribeRefused(t *testing.T) {
	agent := newFakeAgent(t, nil)
	agent.setRefuse(func(int) (int, string) { return 400, "Framework cannot be found" })
	h := start(t, agent, testEnv(agent), nil)
	err := h.d.Join()
	var e *executor.Error
	if !errors.Is(err, executor.ErrBadRequest) || !errors.As(err, &e) || e.Message != "Framework cannot be found" {
		t.Fatalf("Join() = %v", err)
	}
	if h.j.count("error ") != 1 {
		t.Fatalf("Error callback not called: %q", h.j.all())
	}
}

// TestAuthenticationToken: the JWT from the environment goes as a bearer
// token on every call.
func TestAuthenticationToken(t *testing.T) {
	agent := newFakeAgent(t, nil)
	env := testEnv(agent)
	env.AuthenticationToken = "eyJhbGciOiJIUzI1NiJ9.e30.sig"
	h := start(t, agent, env, nil)
	h.j.waitFor(t, "registered")
	if err := h.d.SendFrameworkMessage([]byte("hi")); err != nil {
		t.Fatal(err)
	}
	agent.waitFor("MESSAGE", func() bool { return len(agent.Calls()) == 1 })
	for _, c := range append(agent.Subscribes(), agent.Calls()...) {
		if got := c.header.Get("Authorization"); got != "Bearer "+env.AuthenticationToken {
			t.Fatalf("%s sent Authorization %q", c.call.GetType(), got)
		}
	}
}

// TestDomainSocket: with MESOS_DOMAIN_SOCKET the executor reaches the
// agent over the Unix socket, at the agent process's route.
func TestDomainSocket(t *testing.T) {
	dir, err := os.MkdirTemp("", "mactor")
	if err != nil {
		t.Fatal(err)
	}
	defer os.RemoveAll(dir)
	sock := filepath.Join(dir, "agent.sock")
	l, err := net.Listen("unix", sock)
	if err != nil {
		t.Fatal(err)
	}
	agent := newFakeAgent(t, nil)
	var (
		first     sync.Once
		firstPath string
		pathsDone = make(chan struct{})
	)
	srv := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		first.Do(func() {
			firstPath = r.URL.Path
			close(pathsDone)
		})
		agent.srv.Config.Handler.ServeHTTP(w, r)
	})}
	go func() { _ = srv.Serve(l) }()
	t.Cleanup(func() { _ = srv.Close() })
	env := testEnv(agent)
	env.AgentEndpoint = ""
	env.DomainSocket = sock
	h := start(t, agent, env, nil)
	h.j.waitFor(t, "registered")
	<-pathsDone
	if firstPath != "/slave(1)/api/v1/executor" {
		t.Fatalf("path %q", firstPath)
	}
}

// TestInvalidUpdates: updates the agent would refuse fail in the caller.
func TestInvalidUpdates(t *testing.T) {
	agent := newFakeAgent(t, nil)
	h := start(t, agent, testEnv(agent), nil)
	h.j.waitFor(t, "registered")
	tests := []struct {
		name   string
		status *mesosv1.TaskStatus
	}{
		{"nil", nil},
		{"no task id", &mesosv1.TaskStatus{State: mesosv1.TaskState_TASK_RUNNING.Enum()}},
		{"no state", &mesosv1.TaskStatus{TaskId: &mesosv1.TaskID{Value: ptr("t")}}},
		{"another executor's", &mesosv1.TaskStatus{TaskId: &mesosv1.TaskID{Value: ptr("t")}, State: mesosv1.TaskState_TASK_RUNNING.Enum(),
			ExecutorId: &mesosv1.ExecutorID{Value: ptr("other")}}},
		{"wrong source", &mesosv1.TaskStatus{TaskId: &mesosv1.TaskID{Value: ptr("t")}, State: mesosv1.TaskState_TASK_RUNNING.Enum(),
			Source: mesosv1.TaskStatus_SOURCE_MASTER.Enum()}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if err := h.d.SendStatusUpdate(tt.status); !errors.Is(err, executor.ErrInvalidCall) {
				t.Fatalf("err = %v", err)
			}
		})
	}
	for _, c := range agent.Calls() {
		if c.call.GetType() == executorv1.Call_UPDATE {
			t.Fatal("an invalid update reached the agent")
		}
	}
}

func TestStopAndAbort(t *testing.T) {
	for _, tt := range []struct {
		name string
		stop func(d executor.Driver) error
		want error
	}{
		{"Stop", executor.Driver.Stop, nil},
		{"Abort", executor.Driver.Abort, executor.ErrAborted},
	} {
		t.Run(tt.name, func(t *testing.T) {
			agent := newFakeAgent(t, nil)
			h := start(t, agent, testEnv(agent), nil)
			h.j.waitFor(t, "registered")
			if err := tt.stop(h.d); err != nil {
				t.Fatal(err)
			}
			if err := h.d.Join(); !errors.Is(err, tt.want) {
				t.Fatalf("Join() = %v", err)
			}
			if err := h.d.SendFrameworkMessage(nil); !errors.Is(err, executor.ErrStopped) {
				t.Fatalf("after stop: %v", err)
			}
			if h.j.count("disconnected") != 0 {
				t.Fatalf("Disconnected on a requested stop: %q", h.j.all())
			}
		})
	}
}

func TestStartValidation(t *testing.T) {
	sys := newActorSystem()
	defer sys.Shutdown()
	ok := func() executor.Executor { return executor.Base{} }
	if _, err := executor.Start(sys, executor.Config{Env: &executor.Env{}}); !errors.Is(err, executor.ErrInvalidConfig) {
		t.Fatalf("no New: %v", err)
	}
	if _, err := executor.Start(sys, executor.Config{Env: &executor.Env{}, New: ok}); !errors.Is(err, executor.ErrInvalidConfig) {
		t.Fatalf("empty Env: %v", err)
	}
	t.Setenv("MESOS_FRAMEWORK_ID", "")
	t.Setenv("MESOS_EXECUTOR_ID", "")
	if _, err := executor.Start(sys, executor.Config{New: ok}); !errors.Is(err, executor.ErrMissingEnv) {
		t.Fatalf("environment: %v", err)
	}
}

func ptr[T any](v T) *T { return &v }
