package agent

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"os"
	"os/exec"
	"slices"
	"syscall"
	"time"

	"github.com/asynkron/protoactor-go/actor"
	"go.uber.org/zap"
	"google.golang.org/protobuf/proto"

	mesosv1 "github.com/mactor/mactor/messages/mesos/v1"
	executorv1 "github.com/mactor/mactor/messages/mesos/v1/executor"
)

// executorRun is one custom executor the agent runs for a framework: a
// process in its own sandbox that subscribes to the agent's executor API
// and gets the tasks launched on it.
type executorRun struct {
	key        string
	fw         *mesosv1.FrameworkInfo
	info       *mesosv1.ExecutorInfo
	dir        string
	container  string
	cmd        *exec.Cmd                    // nil until fetched and started
	stream     *execStream                  // the subscription; nil when none
	tasks      map[string]*mesosv1.TaskInfo // launched, not yet terminal
	queued     []delivery                   // launched before the executor subscribed
	acked      map[string]bool              // uuids of the updates already forwarded
	killed     map[string]bool              // tasks the framework killed
	subscribed bool                         // it subscribed at least once
	shutdown   bool                         // SHUTDOWN sent; killed when the grace period ends
	destroyed  string                       // why the agent killed it ("" if it did not)
	timer      *time.Timer                  // registration timeout, then the grace period
}

func executorKey(fw, executor string) string { return fw + "\x00" + executor }

// executor-side notes the actor sends itself.
type (
	execFetched struct {
		run *executorRun
		err error
	}
	execExited struct {
		run    *executorRun
		status int32 // wait status, -1 if it never ran
		err    error
	}
	execTimeout struct{ run *executorRun }
)

// delivery is what waits for an executor to subscribe: one task (LAUNCH)
// or the tasks of a group (LAUNCH_GROUP).
type delivery struct {
	ids   []string
	group bool
}

// launchOnExecutor runs a task on its custom executor.
func (a *Agent) launchOnExecutor(ctx actor.Context, m *Launch) {
	task := proto.Clone(m.Task).(*mesosv1.TaskInfo)
	a.runOnExecutor(ctx, m.Framework, task.GetExecutor(), []*mesosv1.TaskInfo{task}, false)
}

// launchGroup runs the tasks of a LAUNCH_GROUP on their executor.
func (a *Agent) launchGroup(ctx actor.Context, m *LaunchGroup) {
	tasks := make([]*mesosv1.TaskInfo, len(m.Tasks))
	for i, t := range m.Tasks {
		tasks[i] = proto.Clone(t).(*mesosv1.TaskInfo)
	}
	a.runOnExecutor(ctx, m.Framework, proto.Clone(m.Executor).(*mesosv1.ExecutorInfo), tasks, true)
}

// runOnExecutor gives tasks to a custom executor, starting it first if it
// does not run yet; they wait until it subscribes.
func (a *Agent) runOnExecutor(ctx actor.Context, fw *mesosv1.FrameworkInfo, info *mesosv1.ExecutorInfo, tasks []*mesosv1.TaskInfo, group bool) {
	fail := func(state mesosv1.TaskState, msg string) {
		for _, t := range tasks {
			a.update(fw, t, info, state, msg)
		}
	}
	if info.GetCommand().GetValue() == "" {
		fail(mesosv1.TaskState_TASK_ERROR, ErrExecutorNoCommand.Error())
		return
	}
	if info.FrameworkId == nil {
		info.FrameworkId = fw.GetId()
	}
	key := executorKey(fw.GetId().GetValue(), info.GetExecutorId().GetValue())
	run := a.executors[key]
	if run != nil && (run.shutdown || run.destroyed != "") {
		fail(mesosv1.TaskState_TASK_LOST, "Executor terminating")
		return
	}
	if a.cfg.Hooks != nil {
		for _, task := range tasks {
			hctx, cancel := context.WithTimeout(context.Background(), hookTimeout)
			labels, err := a.cfg.Hooks.RunTaskLabels(hctx, task, info, fw, a.cfg.Info)
			cancel()
			if err != nil {
				a.log.Warn("slaveRunTaskLabelDecorator", zap.Error(err))
			} else if labels != nil {
				task.Labels = labels
			}
		}
	}
	if run == nil {
		var err error
		if run, err = a.startExecutor(ctx, fw, info); err != nil {
			fail(mesosv1.TaskState_TASK_FAILED, err.Error())
			return
		}
	}
	d := delivery{group: group}
	for _, t := range tasks {
		id := t.GetTaskId().GetValue()
		run.tasks[id] = t
		d.ids = append(d.ids, id)
	}
	if run.stream != nil {
		run.stream.send(run.event(d))
		return
	}
	run.queued = append(run.queued, d)
}

// event is the LAUNCH or LAUNCH_GROUP of a delivery.
func (r *executorRun) event(d delivery) *executorv1.Event {
	var tasks []*mesosv1.TaskInfo
	for _, id := range d.ids {
		if t := r.tasks[id]; t != nil {
			tasks = append(tasks, t)
		}
	}
	if !d.group {
		return launchEvent(tasks[0])
	}
	return &executorv1.Event{Type: executorv1.Event_LAUNCH_GROUP.Enum(), LaunchGroup: &executorv1.Event_LaunchGroup{
		TaskGroup: &mesosv1.TaskGroupInfo{Tasks: tasks},
	}}
}

// startExecutor makes the executor's sandbox, calls the environment hook
// and fetches the command's URIs off the actor; the process starts when
// the fetch is done (execFetched).
func (a *Agent) startExecutor(ctx actor.Context, fw *mesosv1.FrameworkInfo, info *mesosv1.ExecutorInfo) (*executorRun, error) {
	endpoint := a.endpoint()
	if endpoint == "" {
		return nil, ErrNoAPI
	}
	dir, container, err := sandbox(a.cfg.WorkDir, a.cfg.Info.GetId().GetValue(), fw.GetId().GetValue(), info.GetExecutorId().GetValue())
	if err != nil {
		return nil, err
	}
	var hookEnv *mesosv1.Environment
	if a.cfg.Hooks != nil {
		hctx, cancel := context.WithTimeout(context.Background(), hookTimeout)
		hookEnv, err = a.cfg.Hooks.ExecutorEnvironment(hctx, info)
		cancel()
		if err != nil {
			a.log.Warn("slaveExecutorEnvironmentDecorator", zap.Error(err))
		}
	}
	run := &executorRun{
		key: executorKey(fw.GetId().GetValue(), info.GetExecutorId().GetValue()), fw: fw, info: info, dir: dir, container: container,
		tasks: map[string]*mesosv1.TaskInfo{}, acked: map[string]bool{}, killed: map[string]bool{},
	}
	a.executors[run.key] = run
	env := environment(a.cfg, envSpec{fw: fw, exec: info, dir: dir, endpoint: endpoint, grace: gracePeriod(a.cfg, info),
		vars: info.GetCommand().GetEnvironment(), hook: hookEnv})
	if run.cmd, err = command(info.GetCommand(), dir, env); err != nil {
		delete(a.executors, run.key)
		return nil, err
	}
	system, self := ctx.ActorSystem(), ctx.Self()
	uris := info.GetCommand().GetUris()
	go func() {
		err := fetch(context.Background(), uris, dir)
		system.Root.Send(self, &execFetched{run: run, err: err})
	}()
	run.timer = time.AfterFunc(a.cfg.RegistrationTimeout, func() { system.Root.Send(self, &execTimeout{run: run}) })
	a.log.Info("launching executor", zap.String("executor", info.GetExecutorId().GetValue()), zap.String("sandbox", dir))
	return run, nil
}

// fetched starts the executor's process once its URIs are in the sandbox.
func (a *Agent) fetched(ctx actor.Context, m *execFetched) {
	run := m.run
	if a.executors[run.key] != run {
		closeOutput(run.cmd)
		return
	}
	err := m.err
	if err == nil && run.destroyed != "" {
		err = errors.New(run.destroyed)
	}
	if err == nil {
		err = run.cmd.Start()
	}
	if err != nil {
		a.log.Warn("executor not started", zap.String("executor", run.info.GetExecutorId().GetValue()), zap.Error(err))
		if run.destroyed == "" {
			run.destroyed = fmt.Sprintf("Failed to launch the executor: %v", err)
		}
		a.executorExited(&execExited{run: run, status: -1})
		return
	}
	system, self, cmd := ctx.ActorSystem(), ctx.Self(), run.cmd
	go func() {
		err := cmd.Wait()
		status := int32(0)
		if ws, ok := cmd.ProcessState.Sys().(syscall.WaitStatus); ok {
			status = int32(ws)
			err = nil
		}
		system.Root.Send(self, &execExited{run: run, status: status, err: err})
	}()
}

// executorExited ends an executor: the tasks it did not finish fail (or
// are killed, if the framework or a shutdown asked for it), the framework
// hears of the exit, and slaveRemoveExecutorHook runs.
func (a *Agent) executorExited(m *execExited) {
	run := m.run
	if a.executors[run.key] != run {
		return
	}
	delete(a.executors, run.key)
	if run.timer != nil {
		run.timer.Stop()
	}
	if run.stream != nil {
		run.stream.end()
		run.stream = nil
	}
	closeOutput(run.cmd)
	msg := "Executor terminated"
	reason := mesosv1.TaskStatus_REASON_EXECUTOR_TERMINATED
	if run.destroyed != "" {
		msg = run.destroyed
	}
	if run.destroyed == registrationTimeout {
		reason = mesosv1.TaskStatus_REASON_EXECUTOR_REGISTRATION_TIMEOUT
	}
	for _, id := range slices.Sorted(maps.Keys(run.tasks)) {
		state := mesosv1.TaskState_TASK_FAILED
		if run.killed[id] || run.shutdown {
			state = mesosv1.TaskState_TASK_KILLED
		}
		st := a.agentStatus(run, run.tasks[id], state, msg)
		st.Reason = reason.Enum()
		a.forward(run.fw.GetId(), st)
	}
	a.log.Info("executor exited", zap.String("executor", run.info.GetExecutorId().GetValue()), zap.Int32("status", m.status), zap.Error(m.err))
	if a.cfg.Updater != nil {
		if err := a.cfg.Updater.ExecutorExited(run.fw.GetId().GetValue(), a.cfg.Info.GetId(), run.info.GetExecutorId(), m.status); err != nil {
			a.log.Debug("executor exit not reported", zap.Error(err))
		}
	}
	a.removeExecutor(&running{fw: run.fw, exec: run.info})
}

const registrationTimeout = "Executor did not register within the registration timeout"

// timedOut kills an executor that did not subscribe in time, or did not
// exit within its grace period after SHUTDOWN.
func (a *Agent) timedOut(m *execTimeout) {
	run := m.run
	if a.executors[run.key] != run {
		return
	}
	switch {
	case run.shutdown:
		a.destroy(run, "Executor did not exit within its shutdown grace period")
	case !run.subscribed && run.destroyed == "":
		a.destroy(run, registrationTimeout)
	}
}

// destroy kills an executor's processes; its exit ends it.
func (a *Agent) destroy(run *executorRun, why string) {
	if run.destroyed == "" {
		run.destroyed = why
	}
	if run.cmd != nil && run.cmd.Process != nil {
		_ = syscall.Kill(-run.cmd.Process.Pid, syscall.SIGKILL)
	}
}

// shutdownExecutor sends SHUTDOWN and kills the executor after its grace
// period; one that has not subscribed is killed at once.
func (a *Agent) shutdownExecutor(ctx actor.Context, run *executorRun) {
	if run.shutdown {
		return
	}
	run.shutdown = true
	if run.timer != nil {
		run.timer.Stop()
	}
	if run.stream == nil {
		a.destroy(run, "Executor shut down before it subscribed")
		return
	}
	run.stream.send(&executorv1.Event{Type: executorv1.Event_SHUTDOWN.Enum()})
	system, self := ctx.ActorSystem(), ctx.Self()
	run.timer = time.AfterFunc(gracePeriod(a.cfg, run.info), func() { system.Root.Send(self, &execTimeout{run: run}) })
}

// killOnExecutor kills a task of a custom executor: KILL to the executor,
// or TASK_KILLED at once for a task it has not been given yet. It reports
// whether the task was an executor's.
func (a *Agent) killOnExecutor(m *Kill) bool {
	id := m.Task.GetValue()
	for _, run := range a.executors {
		if run.fw.GetId().GetValue() != m.Framework.GetValue() || run.tasks[id] == nil {
			continue
		}
		task := run.tasks[id]
		run.killed[id] = true
		for i, d := range run.queued {
			if !slices.Contains(d.ids, id) {
				continue
			}
			// Not given to the executor yet: the agent kills it, with the
			// rest of its group, as Mesos kills a whole group.
			run.queued = slices.Delete(run.queued, i, i+1)
			for _, gid := range d.ids {
				if t := run.tasks[gid]; t != nil {
					delete(run.tasks, gid)
					a.forward(run.fw.GetId(), a.agentStatus(run, t, mesosv1.TaskState_TASK_KILLED, "Killed before delivery to the executor"))
				}
			}
			return true
		}
		if run.stream != nil {
			run.stream.send(&executorv1.Event{Type: executorv1.Event_KILL.Enum(), Kill: &executorv1.Event_Kill{TaskId: m.Task, KillPolicy: task.GetKillPolicy()}})
		}
		return true
	}
	return false
}

// stopExecutors kills every executor: the agent is stopping for good.
func (a *Agent) stopExecutors() {
	for _, run := range a.executors {
		if run.timer != nil {
			run.timer.Stop()
		}
		if run.stream != nil {
			run.stream.end()
		}
		a.destroy(run, "Agent stopped")
		if run.cmd != nil && run.cmd.Process == nil {
			closeOutput(run.cmd)
		}
	}
	if api := a.cfg.Ledger.api.Swap(nil); api != nil {
		api.close()
	}
}

// agentStatus is an update the agent makes for a task of an executor.
func (a *Agent) agentStatus(run *executorRun, task *mesosv1.TaskInfo, state mesosv1.TaskState, msg string) *mesosv1.TaskStatus {
	return &mesosv1.TaskStatus{
		TaskId: task.GetTaskId(), State: state.Enum(), AgentId: a.cfg.Info.GetId(), ExecutorId: run.info.GetExecutorId(),
		Source: mesosv1.TaskStatus_SOURCE_AGENT.Enum(), Message: proto.String(msg), Labels: task.GetLabels(),
		Timestamp: proto.Float64(float64(time.Now().UnixNano()) / 1e9), Uuid: newUUID(),
	}
}

func launchEvent(task *mesosv1.TaskInfo) *executorv1.Event {
	return &executorv1.Event{Type: executorv1.Event_LAUNCH.Enum(), Launch: &executorv1.Event_Launch{Task: task}}
}

func closeOutput(cmd *exec.Cmd) {
	if cmd == nil {
		return
	}
	for _, w := range []any{cmd.Stdout, cmd.Stderr} {
		if f, ok := w.(*os.File); ok {
			_ = f.Close()
		}
	}
}
