package executor_test

import (
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"time"

	"github.com/asynkron/protoactor-go/actor"
	"google.golang.org/protobuf/proto"

	"github.com/mactor/mactor/actors/executor"
	"github.com/mactor/mactor/internal/mesoshttp"
	mesosv1 "github.com/mactor/mactor/messages/mesos/v1"
	executorv1 "github.com/mactor/mactor/messages/mesos/v1/executor"
)

// echo is an executor whose tasks finish at once, echoing their data.
type echo struct {
	executor.Base // Shutdown stops the driver
}

func (echo) LaunchTask(d executor.Driver, task *mesosv1.TaskInfo) {
	_ = d.SendStatusUpdate(&mesosv1.TaskStatus{TaskId: task.GetTaskId(), State: mesosv1.TaskState_TASK_RUNNING.Enum()})
	_ = d.SendStatusUpdate(&mesosv1.TaskStatus{
		TaskId:  task.GetTaskId(),
		State:   mesosv1.TaskState_TASK_FINISHED.Enum(),
		Message: proto.String(string(task.GetData())),
	})
}

func ExampleStart() {
	agent, updates := exampleAgent() // stands in for a Mesos agent
	defer agent.Close()

	// On a real agent, leave Env nil: Start reads MESOS_* from the
	// environment (EnvFromOS).
	env := &executor.Env{
		FrameworkID:         "5a1d2c3e-8f4b-4c1e-9d7a-2b6e0f3c4d5e-0000",
		ExecutorID:          "echo",
		AgentEndpoint:       strings.TrimPrefix(agent.URL, "http://"),
		ShutdownGracePeriod: 5 * time.Second,
	}
	d, err := executor.Start(actor.NewActorSystem(), executor.Config{
		Env: env,
		New: func() executor.Executor { return echo{} },
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(<-updates)
	fmt.Println(<-updates)
	fmt.Println("join:", d.Join()) // the agent sent SHUTDOWN; Base stopped the driver
	// Output:
	// hello TASK_RUNNING
	// hello TASK_FINISHED hi there
	// join: <nil>
}

// exampleAgent launches one task, reports the updates it gets, and shuts
// the executor down after the second.
func exampleAgent() (*httptest.Server, <-chan string) {
	updates := make(chan string, 2)
	seen := make(chan struct{})
	return httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		enc, _ := mesoshttp.EncodingOf(r.Header.Get("Content-Type"))
		call := &executorv1.Call{}
		body, _ := io.ReadAll(r.Body)
		_ = enc.Unmarshal(body, call)
		if call.GetType() == executorv1.Call_UPDATE {
			st := call.GetUpdate().GetStatus()
			updates <- strings.TrimSpace(st.GetTaskId().GetValue() + " " + st.GetState().String() + " " + st.GetMessage())
			if st.GetState() == mesosv1.TaskState_TASK_FINISHED {
				close(seen)
			}
		}
		if call.GetType() != executorv1.Call_SUBSCRIBE {
			w.WriteHeader(http.StatusAccepted)
			return
		}
		w.Header().Set("Content-Type", enc.ContentType())
		events := mesoshttp.NewEventWriter(w, enc)
		_ = events.Write(subscribedEvent())
		task := taskInfo("hello")
		task.Data = []byte("hi there")
		_ = events.Write(&executorv1.Event{Type: executorv1.Event_LAUNCH.Enum(), Launch: &executorv1.Event_Launch{Task: task}})
		select {
		case <-seen:
			_ = events.Write(shutdownEvent())
		case <-r.Context().Done():
		}
		<-r.Context().Done()
	})), updates
}
