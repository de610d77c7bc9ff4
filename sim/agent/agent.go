package agent

import (
	"context"
	"errors"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"syscall"
	"time"

	"github.com/asynkron/protoactor-go/actor"
	"go.uber.org/zap"
	"google.golang.org/protobuf/proto"

	mesosv1 "github.com/mactor/mactor/messages/mesos/v1"
)

// hookTimeout bounds one hook call made by the agent; the bridge client's
// own deadline is normally shorter.
const hookTimeout = 5 * time.Second

// Agent is the actor of one simulated agent. Its state (the running tasks)
// lives in the actor; make it with New and spawn it (supervised, in
// sim/cluster).
type Agent struct {
	cfg       Config
	log       *zap.Logger
	running   map[string]*running     // the ledger's command tasks
	executors map[string]*executorRun // the ledger's custom executors
}

// running is a task the agent runs.
type running struct {
	fw     *mesosv1.FrameworkInfo
	task   *mesosv1.TaskInfo
	exec   *mesosv1.ExecutorInfo
	cmd    *exec.Cmd   // nil for a fake task
	timer  *time.Timer // fake tasks only
	killed bool
}

// New returns an agent actor.
func New(cfg Config) *Agent {
	if cfg.Logger == nil {
		cfg.Logger = zap.NewNop()
	}
	if cfg.FakeDuration <= 0 {
		cfg.FakeDuration = DefaultFakeDuration
	}
	if cfg.Ledger == nil {
		cfg.Ledger = NewLedger()
	}
	if cfg.ShutdownGracePeriod <= 0 {
		cfg.ShutdownGracePeriod = DefaultShutdownGracePeriod
	}
	if cfg.RegistrationTimeout <= 0 {
		cfg.RegistrationTimeout = DefaultRegistrationTimeout
	}
	if cfg.ExecutorHeartbeat <= 0 {
		cfg.ExecutorHeartbeat = DefaultExecutorHeartbeat
	}
	if cfg.Listen == "" {
		host := cfg.Info.GetHostname()
		if host == "" {
			host = "127.0.0.1"
		}
		cfg.Listen = net.JoinHostPort(host, "0")
	}
	return &Agent{cfg: cfg, log: cfg.Logger.With(zap.String("agent", cfg.Info.GetId().GetValue())), running: cfg.Ledger.running, executors: cfg.Ledger.executors}
}

// Receive implements actor.Actor.
func (a *Agent) Receive(ctx actor.Context) {
	switch m := ctx.Message().(type) {
	case *actor.Started:
		a.serveAPI(ctx)
	case *Launch:
		if m.Task.GetExecutor() != nil {
			a.launchOnExecutor(ctx, m)
			return
		}
		a.launch(ctx, m)
	case *LaunchGroup:
		a.launchGroup(ctx, m)
	case *Kill:
		if !a.killOnExecutor(m) {
			a.kill(m.Task.GetValue())
		}
	case *exited:
		a.exited(m)
	case *taskFetched:
		a.start(ctx, m)
	default:
		if a.executorMessage(ctx) {
			return
		}
		if _, ok := m.(*actor.Stopping); ok {
			for id := range a.running {
				a.kill(id)
			}
			a.stopExecutors()
		}
	}
}

func (a *Agent) launch(ctx actor.Context, m *Launch) {
	task := proto.Clone(m.Task).(*mesosv1.TaskInfo)
	id := task.GetTaskId().GetValue()
	if task.GetCommand().GetValue() == "" && !a.cfg.FakeTasks {
		a.update(m.Framework, task, nil, mesosv1.TaskState_TASK_ERROR, ErrNoCommand.Error())
		return
	}
	// The command executor Mesos would start for this task.
	execInfo := &mesosv1.ExecutorInfo{
		Type:        mesosv1.ExecutorInfo_DEFAULT.Enum(),
		ExecutorId:  &mesosv1.ExecutorID{Value: proto.String(id)},
		FrameworkId: m.Framework.GetId(),
		Name:        proto.String("Command Executor (Task: " + id + ")"),
		Command:     task.GetCommand(),
		Resources:   task.GetResources(),
	}
	hctx, cancel := context.WithTimeout(context.Background(), hookTimeout)
	defer cancel()
	var hookEnv *mesosv1.Environment
	if a.cfg.Hooks != nil {
		if labels, err := a.cfg.Hooks.RunTaskLabels(hctx, task, execInfo, m.Framework, a.cfg.Info); err != nil {
			a.log.Warn("slaveRunTaskLabelDecorator", zap.Error(err))
		} else if labels != nil {
			task.Labels = labels
		}
		env, err := a.cfg.Hooks.ExecutorEnvironment(hctx, execInfo)
		if err != nil {
			a.log.Warn("slaveExecutorEnvironmentDecorator", zap.Error(err))
		}
		hookEnv = env
	}
	r := &running{fw: m.Framework, task: task, exec: execInfo}
	a.running[id] = r
	system, self := ctx.ActorSystem(), ctx.Self()
	notify := func(e *exited) { system.Root.Send(self, e) }
	if a.cfg.FakeTasks {
		a.update(m.Framework, task, nil, mesosv1.TaskState_TASK_RUNNING, "")
		r.timer = time.AfterFunc(a.cfg.FakeDuration, func() { notify(&exited{task: id}) })
		return
	}
	dir, _, err := sandbox(a.cfg.WorkDir, a.cfg.Info.GetId().GetValue(), m.Framework.GetId().GetValue(), id)
	if err != nil {
		delete(a.running, id)
		a.update(m.Framework, task, nil, mesosv1.TaskState_TASK_FAILED, err.Error())
		return
	}
	env := environment(a.cfg, envSpec{fw: m.Framework, exec: execInfo, dir: dir, endpoint: a.endpoint(), grace: a.cfg.ShutdownGracePeriod,
		command: true, task: id, vars: task.GetCommand().GetEnvironment(), hook: hookEnv})
	cmd, err := command(task.GetCommand(), dir, env)
	if err != nil {
		delete(a.running, id)
		a.update(m.Framework, task, nil, mesosv1.TaskState_TASK_FAILED, fmt.Sprintf("Failed to launch: %v", err))
		a.removeExecutor(r)
		return
	}
	if uris := task.GetCommand().GetUris(); len(uris) > 0 {
		// Mesos's fetcher runs before the command: off the actor, which
		// starts the command when the files are in the sandbox.
		go func() {
			err := fetch(context.Background(), uris, dir)
			system.Root.Send(self, &taskFetched{task: id, cmd: cmd, err: err})
		}()
		return
	}
	a.start(ctx, &taskFetched{task: id, cmd: cmd})
}

// start runs a command task's process once its URIs are fetched.
func (a *Agent) start(ctx actor.Context, m *taskFetched) {
	id, cmd := m.task, m.cmd
	r := a.running[id]
	if r == nil || r.cmd != nil {
		closeOutput(cmd)
		return
	}
	err := m.err
	if err == nil && r.killed {
		closeOutput(cmd)
		a.exited(&exited{task: id, killed: true})
		return
	}
	if err == nil {
		err = cmd.Start()
	}
	if err != nil {
		closeOutput(cmd)
		delete(a.running, id)
		a.update(r.fw, r.task, nil, mesosv1.TaskState_TASK_FAILED, fmt.Sprintf("Failed to launch: %v", err))
		a.removeExecutor(r)
		return
	}
	r.cmd = cmd
	a.update(r.fw, r.task, nil, mesosv1.TaskState_TASK_RUNNING, "")
	system, self := ctx.ActorSystem(), ctx.Self()
	go func() {
		err := cmd.Wait()
		code := 0
		var ee *exec.ExitError
		if errors.As(err, &ee) {
			code = ee.ExitCode()
			err = nil
		}
		system.Root.Send(self, &exited{task: id, code: code, err: err})
	}()
}

// command builds the process of a command task: `sh -c value` for a shell
// command, value with arguments otherwise.
func command(c *mesosv1.CommandInfo, dir string, env []string) (*exec.Cmd, error) {
	var cmd *exec.Cmd
	if c.Shell == nil || c.GetShell() {
		cmd = exec.Command("/bin/sh", "-c", c.GetValue())
	} else {
		args := c.GetArguments()
		if len(args) > 0 {
			args = args[1:]
		}
		cmd = exec.Command(c.GetValue(), args...)
	}
	stdout, err := os.Create(filepath.Join(dir, "stdout"))
	if err != nil {
		return nil, fmt.Errorf("agent: stdout: %w", err)
	}
	stderr, err := os.Create(filepath.Join(dir, "stderr"))
	if err != nil {
		_ = stdout.Close()
		return nil, fmt.Errorf("agent: stderr: %w", err)
	}
	cmd.Dir, cmd.Env, cmd.Stdout, cmd.Stderr = dir, env, stdout, stderr
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	return cmd, nil
}

func (a *Agent) kill(id string) {
	r := a.running[id]
	if r == nil || r.killed {
		return
	}
	r.killed = true
	if r.timer != nil {
		if r.timer.Stop() {
			a.exited(&exited{task: id, killed: true})
		}
		return
	}
	if r.cmd != nil && r.cmd.Process != nil {
		_ = syscall.Kill(-r.cmd.Process.Pid, syscall.SIGKILL)
	}
}

func (a *Agent) exited(m *exited) {
	r := a.running[m.task]
	if r == nil {
		return
	}
	delete(a.running, m.task)
	if r.cmd != nil {
		for _, w := range []any{r.cmd.Stdout, r.cmd.Stderr} {
			if f, ok := w.(*os.File); ok {
				_ = f.Close()
			}
		}
	}
	switch {
	case r.killed:
		a.update(r.fw, r.task, r.exec, mesosv1.TaskState_TASK_KILLED, "Command terminated with signal Killed")
	case m.err != nil:
		a.update(r.fw, r.task, r.exec, mesosv1.TaskState_TASK_FAILED, m.err.Error())
	case m.code != 0:
		a.update(r.fw, r.task, r.exec, mesosv1.TaskState_TASK_FAILED, fmt.Sprintf("Command exited with status %d", m.code))
	default:
		a.update(r.fw, r.task, r.exec, mesosv1.TaskState_TASK_FINISHED, "Command exited with status 0")
	}
	a.removeExecutor(r)
}

func (a *Agent) removeExecutor(r *running) {
	if a.cfg.Hooks == nil {
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), hookTimeout)
	defer cancel()
	if err := a.cfg.Hooks.RemoveExecutor(ctx, r.fw, r.exec); err != nil {
		a.log.Warn("slaveRemoveExecutorHook", zap.Error(err))
	}
}

// update builds a status update (with a fresh uuid), passes it through the
// task status hook and hands it to the master.
func (a *Agent) update(fw *mesosv1.FrameworkInfo, task *mesosv1.TaskInfo, execInfo *mesosv1.ExecutorInfo, state mesosv1.TaskState, msg string) {
	st := &mesosv1.TaskStatus{
		TaskId: task.GetTaskId(), State: state.Enum(), AgentId: a.cfg.Info.GetId(),
		Source: mesosv1.TaskStatus_SOURCE_EXECUTOR.Enum(), Timestamp: proto.Float64(float64(time.Now().UnixNano()) / 1e9),
		Uuid: newUUID(), Labels: task.GetLabels(),
	}
	if execInfo != nil {
		st.ExecutorId = execInfo.GetExecutorId()
	}
	if msg != "" {
		st.Message = proto.String(msg)
	}
	a.forward(fw.GetId(), st)
}

// forward passes a status update through the task status hook (which may
// change only its labels and container status, as in Mesos) and hands it
// to the master.
func (a *Agent) forward(fw *mesosv1.FrameworkID, st *mesosv1.TaskStatus) {
	if a.cfg.Hooks != nil {
		ctx, cancel := context.WithTimeout(context.Background(), hookTimeout)
		decorated, err := a.cfg.Hooks.TaskStatus(ctx, fw, st)
		cancel()
		if err != nil {
			a.log.Warn("slaveTaskStatusDecorator", zap.Error(err))
		} else if decorated != nil {
			st = proto.Clone(st).(*mesosv1.TaskStatus)
			st.Labels, st.ContainerStatus = decorated.GetLabels(), decorated.GetContainerStatus()
		}
	}
	if a.cfg.Updater != nil {
		if err := a.cfg.Updater.Update(fw.GetValue(), st); err != nil {
			a.log.Warn("status update", zap.String("task", st.GetTaskId().GetValue()), zap.Error(err))
		}
	}
}
