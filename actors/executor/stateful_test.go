package executor_test

import (
	"slices"
	"strconv"
	"testing"

	"github.com/mactor/mactor/actors/executor"
	mesosv1 "github.com/mactor/mactor/messages/mesos/v1"
	executorv1 "github.com/mactor/mactor/messages/mesos/v1/executor"
)

// launches is a Stateful executor that counts its tasks and crashes on
// the message "crash".
type launches struct {
	executor.Base
	j *journal
	n int
}

func (l *launches) LaunchTask(d executor.Driver, task *mesosv1.TaskInfo) {
	l.n++
	l.j.add("launched %d", l.n)
}

func (l *launches) FrameworkMessage(d executor.Driver, data []byte) {
	if string(data) == "crash" {
		panic("crash requested")
	}
	l.j.add("message %s at %d", data, l.n)
}

func (l *launches) MarshalState() ([]byte, error) { return strconv.AppendInt(nil, int64(l.n), 10), nil }

func (l *launches) UnmarshalState(b []byte) (err error) {
	l.n, err = strconv.Atoi(string(b))
	return err
}

// TestStatefulExecutor: after a crash the executor behaviour resumes from
// its saved state.
func TestStatefulExecutor(t *testing.T) {
	message := func(s string) *executorv1.Event {
		return &executorv1.Event{Type: executorv1.Event_MESSAGE.Enum(), Message: &executorv1.Event_Message{Data: []byte(s)}}
	}
	agent := newFakeAgent(t, func(s *stream) {
		s.Send(subscribedEvent(), launch("t1"), launch("t2"), message("crash"), message("hello"))
		s.Hold()
	})
	j := &journal{}
	sys := newActorSystem()
	d, err := executor.Start(sys, executor.Config{Env: testEnv(agent), New: func() executor.Executor { return &launches{j: j} }})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = d.Abort(); _ = d.Join(); sys.Shutdown() })
	j.waitFor(t, "message hello")
	if want := []string{"launched 1", "launched 2", "message hello at 2"}; !slices.Equal(j.all(), want) {
		t.Fatalf("journal %q, want %q", j.all(), want)
	}
}
