package wirecompat

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"io"
	"os"
	"time"

	mesos "github.com/mesos/mesos-go/api/v1/lib"
	"github.com/mesos/mesos-go/api/v1/lib/encoding"
	"github.com/mesos/mesos-go/api/v1/lib/encoding/codecs"
	"github.com/mesos/mesos-go/api/v1/lib/executor"
	execcalls "github.com/mesos/mesos-go/api/v1/lib/executor/calls"
	"github.com/mesos/mesos-go/api/v1/lib/executor/config"
	"github.com/mesos/mesos-go/api/v1/lib/httpcli"
	"github.com/mesos/mesos-go/api/v1/lib/httpcli/httpexec"
)

// executorEnv makes the test binary run as mesosGoExecutor (TestMain);
// its value is the media type of the executor's codec.
const executorEnv = "WIRECOMPAT_MESOS_GO_EXECUTOR"

// executorDeadline bounds an executor's whole life: an agent that never
// acknowledges makes it fail instead of hang.
const executorDeadline = 20 * time.Second

// Errors of the mesos-go executor.
var (
	errExecutorIdentity = errors.New("SUBSCRIBED names another framework or executor")
	errExecutorEvent    = errors.New("unexpected executor event")
	errStreamEnded      = errors.New("the agent ended the stream before every update was acknowledged")
)

// mesosGoExecutor is a custom executor written with mesos-go's v1
// executor library, nothing of mactor's: config.FromEnv reads the MESOS_*
// environment the agent gives it, httpcli + httpexec call the agent's
// executor API, and it decodes the event stream with mesos-go's codec. For
// each LAUNCH it sends TASK_RUNNING and TASK_FINISHED (each with its own
// uuid, source SOURCE_EXECUTOR) and it exits with status 0 once the agent
// has acknowledged every update. Anything unexpected makes it exit with
// status 3, which the framework sees in the FAILURE event.
type mesosGoExecutor struct {
	cfg     config.Config
	sender  execcalls.Sender
	unacked map[string]bool // uuid → sent, not yet ACKNOWLEDGED
	tasks   int             // tasks launched
}

// runMesosGoExecutor runs the executor with the codec of mediaType and
// returns its exit status.
func runMesosGoExecutor(mediaType string) int {
	if err := executorMain(mediaType); err != nil {
		fmt.Fprintln(os.Stderr, "mesos-go executor:", err)
		return 3
	}
	return 0
}

func executorMain(mediaType string) error {
	codec, ok := codecs.ByMediaType[encoding.MediaType(mediaType)]
	if !ok {
		return fmt.Errorf("%w: no codec %q", errExecutorEvent, mediaType)
	}
	cfg, err := config.FromEnv()
	if err != nil {
		return fmt.Errorf("environment: %w", err)
	}
	cli := httpcli.New(httpcli.Endpoint("http://"+cfg.AgentEndpoint+"/api/v1/executor"), httpcli.Codec(codec))
	e := &mesosGoExecutor{
		cfg:     cfg,
		sender:  execcalls.SenderWith(httpexec.NewSender(cli.Send), execcalls.Framework(cfg.FrameworkID), execcalls.Executor(cfg.ExecutorID)),
		unacked: map[string]bool{},
	}
	ctx, cancel := context.WithTimeout(context.Background(), executorDeadline)
	defer cancel()
	return e.run(ctx)
}

// run subscribes and handles events until every update is acknowledged.
func (e *mesosGoExecutor) run(ctx context.Context) error {
	resp, err := e.sender.Send(ctx, execcalls.NonStreaming(execcalls.Subscribe(nil, nil)))
	if err != nil {
		return fmt.Errorf("SUBSCRIBE: %w", err)
	}
	defer resp.Close()
	for {
		var ev executor.Event
		if err := resp.Decode(&ev); err != nil {
			if errors.Is(err, io.EOF) {
				return errStreamEnded
			}
			return fmt.Errorf("stream: %w", err)
		}
		done, err := e.handle(ctx, &ev)
		if err != nil || done {
			return err
		}
	}
}

// handle handles one event; done means every update was acknowledged.
func (e *mesosGoExecutor) handle(ctx context.Context, ev *executor.Event) (done bool, err error) {
	switch ev.GetType() {
	case executor.Event_SUBSCRIBED:
		s := ev.GetSubscribed()
		fw, ex := s.FrameworkInfo.GetID().GetValue(), s.ExecutorInfo.ExecutorID.Value
		if fw != e.cfg.FrameworkID || ex != e.cfg.ExecutorID {
			return false, fmt.Errorf("%w: %s/%s, env says %s/%s", errExecutorIdentity, fw, ex, e.cfg.FrameworkID, e.cfg.ExecutorID)
		}
	case executor.Event_LAUNCH:
		task := ev.GetLaunch().GetTask()
		e.tasks++
		for _, state := range []mesos.TaskState{mesos.TASK_RUNNING, mesos.TASK_FINISHED} {
			if err := e.update(ctx, task.TaskID, state); err != nil {
				return false, err
			}
		}
	case executor.Event_ACKNOWLEDGED:
		delete(e.unacked, string(ev.GetAcknowledged().GetUUID()))
		return e.tasks > 0 && len(e.unacked) == 0, nil
	default:
		return false, fmt.Errorf("%w: %s", errExecutorEvent, ev.GetType())
	}
	return false, nil
}

// update sends a status update with a fresh uuid.
func (e *mesosGoExecutor) update(ctx context.Context, task mesos.TaskID, state mesos.TaskState) error {
	uuid := make([]byte, 16)
	if _, err := rand.Read(uuid); err != nil {
		return fmt.Errorf("uuid: %w", err)
	}
	uuid[6] = uuid[6]&0x0f | 0x40 // version 4
	uuid[8] = uuid[8]&0x3f | 0x80 // RFC 4122 variant
	e.unacked[string(uuid)] = true
	status := mesos.TaskStatus{
		TaskID:     task,
		State:      state.Enum(),
		Source:     mesos.SOURCE_EXECUTOR.Enum(),
		ExecutorID: &mesos.ExecutorID{Value: e.cfg.ExecutorID},
		UUID:       uuid,
	}
	if err := execcalls.SendNoData(ctx, e.sender, execcalls.NonStreaming(execcalls.Update(status))); err != nil {
		return fmt.Errorf("UPDATE %s %s: %w", task.Value, state, err)
	}
	return nil
}
