package master

import (
	"bytes"
	"time"

	"github.com/google/uuid"
	"go.uber.org/zap"
	"google.golang.org/protobuf/proto"

	mesosv1 "github.com/mactor/mactor/messages/mesos/v1"
	schedulerv1 "github.com/mactor/mactor/messages/mesos/v1/scheduler"
	"github.com/mactor/mactor/sim/internal/taskstate"
)

// acceptance is an ACCEPT (or DECLINE) between taking its offers, under
// the master's lock, and launching its tasks, under the lock again; the
// launch hook runs in between with no lock held.
type acceptance struct {
	f      *framework
	info   *mesosv1.FrameworkInfo // the framework's, for the hook
	offers []*mesosv1.Offer
	launch []launching
}

// launching is a task of an acceptance with the offer it uses.
type launching struct {
	task  *mesosv1.TaskInfo
	offer *mesosv1.Offer
	agent *mesosv1.AgentInfo
	group *mesosv1.ExecutorInfo // the executor of its LAUNCH_GROUP, if it runs one
}

// executor is the custom executor the task runs on, nil for a command task.
func (l launching) executor() *mesosv1.ExecutorInfo {
	if l.group != nil {
		return l.group
	}
	return l.task.GetExecutor()
}

// takeOffersLocked starts ACCEPT (and, with no operations, DECLINE): it
// uses each offer once and picks the tasks of LAUNCH and LAUNCH_GROUP
// operations. Tasks on invalid offers are TASK_DROPPED at once.
func (m *Master) takeOffersLocked(f *framework, ids []*mesosv1.OfferID, ops []*mesosv1.Offer_Operation) *acceptance {
	a := &acceptance{f: f, info: proto.Clone(f.info).(*mesosv1.FrameworkInfo)}
	byAgent := map[string]*mesosv1.Offer{}
	valid := len(ids) > 0
	for _, id := range ids {
		o := m.offers[id.GetValue()]
		if o == nil || o.GetFrameworkId().GetValue() != f.info.GetId().GetValue() {
			valid = false
			continue
		}
		delete(m.offers, id.GetValue())
		a.offers = append(a.offers, o)
		byAgent[o.GetAgentId().GetValue()] = o
	}
	for _, op := range ops {
		var (
			tasks []*mesosv1.TaskInfo
			group *mesosv1.ExecutorInfo
		)
		switch op.GetType() {
		case mesosv1.Offer_Operation_LAUNCH:
			tasks = op.GetLaunch().GetTaskInfos()
		case mesosv1.Offer_Operation_LAUNCH_GROUP:
			tasks = op.GetLaunchGroup().GetTaskGroup().GetTasks()
			// An executor with a command gets the group in one LAUNCH_GROUP
			// event; without one (Mesos's default executor, which the sim
			// does not have) the tasks run as command tasks.
			if e := op.GetLaunchGroup().GetExecutor(); e.GetCommand().GetValue() != "" {
				group = proto.Clone(e).(*mesosv1.ExecutorInfo)
			}
		default:
			m.log.Info("offer operation not simulated", zap.String("type", op.GetType().String()))
		}
		for _, t := range tasks {
			o := byAgent[t.GetAgentId().GetValue()]
			if !valid || o == nil {
				m.terminalLocked(f, t, mesosv1.TaskState_TASK_DROPPED, mesosv1.TaskStatus_REASON_INVALID_OFFERS, "Task launched with invalid offers")
				continue
			}
			l := launching{task: proto.Clone(t).(*mesosv1.TaskInfo), offer: o, group: group}
			injectAllocationInfo(l.task, o)
			if group != nil {
				injectAllocationInfo(&mesosv1.TaskInfo{Executor: group}, o)
			}
			if agent := m.agents[o.GetAgentId().GetValue()]; agent != nil {
				l.agent = proto.Clone(agent).(*mesosv1.AgentInfo)
			}
			a.launch = append(a.launch, l)
		}
	}
	return a
}

// decorate calls masterLaunchTaskLabelDecorator for each task; the master's
// lock must not be held, so that a slow hook blocks nothing else.
func (m *Master) decorate(a *acceptance) {
	for _, l := range a.launch {
		labels, err := m.cfg.Module.LaunchTaskLabels(m.ctx(), l.task, a.info, l.agent)
		if err != nil {
			m.log.Warn("masterLaunchTaskLabelDecorator", zap.Error(err))
		} else if labels != nil {
			l.task.Labels = labels
		}
	}
}

// finishAcceptLocked ends an ACCEPT once its tasks are decorated: it
// records and launches them, reports the used resources
// (transitionOfferedToAllocated) and returns the rest with the filters
// (recoverResources). If the framework was removed meanwhile, nothing is
// left to do: removeFramework gave the allocator back all it had offered.
func (m *Master) finishAcceptLocked(a *acceptance, filters *mesosv1.Filters) {
	f := a.f
	if f.removed || m.frameworks[f.info.GetId().GetValue()] != f {
		return
	}
	used := map[string][]*mesosv1.Resource{}
	var (
		launched []*task
		groups   []*mesosv1.ExecutorInfo               // in the order of the operations
		members  = map[*mesosv1.ExecutorInfo][]*task{} // their tasks
	)
	for _, l := range a.launch {
		t := l.task
		if _, dup := f.tasks[t.GetTaskId().GetValue()]; dup {
			m.terminalLocked(f, t, mesosv1.TaskState_TASK_DROPPED, mesosv1.TaskStatus_REASON_TASK_INVALID, "Task has duplicate ID")
			continue
		}
		agent := l.offer.GetAgentId().GetValue()
		used[agent] = append(used[agent], t.GetResources()...)
		if e := l.executor(); e != nil {
			// A new executor's resources come out of the offer too, and
			// go back when it exits (ExecutorExited).
			key := executorKey(agent, e.GetExecutorId().GetValue())
			if _, running := f.executors[key]; !running {
				f.executors[key] = e
				used[agent] = append(used[agent], e.GetResources()...)
			}
		}
		rec := &task{info: t, executor: l.executor().GetExecutorId().GetValue(), status: &mesosv1.TaskStatus{
			TaskId: t.GetTaskId(), State: mesosv1.TaskState_TASK_STAGING.Enum(), AgentId: t.GetAgentId(),
		}}
		f.tasks[t.GetTaskId().GetValue()] = rec
		if l.group == nil {
			launched = append(launched, rec)
			continue
		}
		if members[l.group] == nil {
			groups = append(groups, l.group)
		}
		members[l.group] = append(members[l.group], rec)
	}
	for _, o := range a.offers {
		agent := o.GetAgentId().GetValue()
		if u := used[agent]; len(u) > 0 {
			if err := m.cfg.Module.TransitionOfferedToAllocated(m.ctx(), f.info.GetId(), o.GetAgentId(), u); err != nil {
				m.log.Warn("transitionOfferedToAllocated", zap.Error(err))
			}
		}
		rest, err := minus(o.GetResources(), used[agent], o.GetAllocationInfo().GetRole())
		if err != nil {
			m.log.Warn("unused resources", zap.Error(err))
			continue
		}
		m.recover(f.info.GetId(), o.GetAgentId(), rest, filters, false)
	}
	for _, rec := range launched {
		if m.cfg.Launcher == nil {
			m.updateLocked(f, rec, lostStatus(rec.info, noAgents))
			continue
		}
		if err := m.cfg.Launcher.Launch(m.ctx(), f.info, rec.info); err != nil {
			m.updateLocked(f, rec, lostStatus(rec.info, err.Error()))
		}
	}
	for _, g := range groups {
		recs := members[g]
		msg := noAgents
		if m.cfg.Launcher != nil {
			tasks := make([]*mesosv1.TaskInfo, len(recs))
			for i, rec := range recs {
				tasks[i] = rec.info
			}
			err := m.cfg.Launcher.LaunchGroup(m.ctx(), f.info, g, tasks)
			if err == nil {
				continue
			}
			msg = err.Error()
		}
		for _, rec := range recs {
			m.updateLocked(f, rec, lostStatus(rec.info, msg))
		}
	}
}

// Update is a task status update from an agent. The master records it,
// returns the resources of an ended task to the allocator, and sends it
// to the framework until acknowledged (when it has a uuid).
func (m *Master) Update(fw string, st *mesosv1.TaskStatus) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	f := m.frameworks[fw]
	if f == nil {
		return ErrUnknownFramework
	}
	t := f.tasks[st.GetTaskId().GetValue()]
	if t == nil {
		return ErrUnknownTask
	}
	m.updateLocked(f, t, proto.Clone(st).(*mesosv1.TaskStatus))
	return nil
}

func (m *Master) updateLocked(f *framework, t *task, st *mesosv1.TaskStatus) {
	if st.Uuid == nil {
		u := uuid.New()
		st.Uuid = u[:]
	}
	if st.Timestamp == nil {
		st.Timestamp = proto.Float64(float64(time.Now().UnixNano()) / 1e9)
	}
	wasTerminal := taskstate.Terminal(t.status.GetState())
	t.status = st
	if taskstate.Terminal(st.GetState()) && !wasTerminal {
		m.recover(f.info.GetId(), t.info.GetAgentId(), t.info.GetResources(), nil, true)
	}
	t.pending = st
	if f.stream != nil {
		f.stream.send(updateEvent(st))
	}
}

// terminalLocked sends a terminal status for a task the master did not
// launch; the update carries no uuid and needs no acknowledgement.
func (m *Master) terminalLocked(f *framework, t *mesosv1.TaskInfo, state mesosv1.TaskState, reason mesosv1.TaskStatus_Reason, msg string) {
	if f.stream == nil {
		return
	}
	f.stream.send(updateEvent(&mesosv1.TaskStatus{
		TaskId: t.GetTaskId(), AgentId: t.GetAgentId(), State: state.Enum(), Reason: reason.Enum(),
		Source: mesosv1.TaskStatus_SOURCE_MASTER.Enum(), Message: proto.String(msg),
		Timestamp: proto.Float64(float64(time.Now().UnixNano()) / 1e9),
	}))
}

func lostStatus(t *mesosv1.TaskInfo, msg string) *mesosv1.TaskStatus {
	return &mesosv1.TaskStatus{
		TaskId: t.GetTaskId(), AgentId: t.GetAgentId(), State: mesosv1.TaskState_TASK_LOST.Enum(),
		Source: mesosv1.TaskStatus_SOURCE_MASTER.Enum(), Message: proto.String(msg),
	}
}

// acknowledgeLocked stops the resending of an update.
func (m *Master) acknowledgeLocked(f *framework, a *schedulerv1.Call_Acknowledge) {
	t := f.tasks[a.GetTaskId().GetValue()]
	if t == nil || t.pending == nil || !bytes.Equal(t.pending.GetUuid(), a.GetUuid()) {
		return
	}
	t.pending = nil
	if taskstate.Terminal(t.status.GetState()) {
		// Mesos keeps completed tasks for /state; so does the sim.
		m.log.Debug("terminal update acknowledged", zap.String("task", a.GetTaskId().GetValue()))
	}
}

// killLocked is KILL: an unknown task gets TASK_LOST, a known one is
// killed by its agent.
func (m *Master) killLocked(f *framework, id *mesosv1.TaskID, agent *mesosv1.AgentID) {
	t := f.tasks[id.GetValue()]
	if t == nil {
		m.terminalLocked(f, &mesosv1.TaskInfo{TaskId: id, AgentId: agent}, mesosv1.TaskState_TASK_LOST, mesosv1.TaskStatus_REASON_RECONCILIATION, "Attempted to kill an unknown task")
		return
	}
	if taskstate.Terminal(t.status.GetState()) {
		return
	}
	if m.cfg.Launcher == nil {
		m.updateLocked(f, t, &mesosv1.TaskStatus{TaskId: id, AgentId: t.info.GetAgentId(), State: mesosv1.TaskState_TASK_KILLED.Enum(), Source: mesosv1.TaskStatus_SOURCE_MASTER.Enum()})
		return
	}
	if err := m.cfg.Launcher.Kill(m.ctx(), f.info.GetId(), t.info.GetAgentId(), id); err != nil {
		m.log.Warn("kill", zap.Error(err))
	}
}

// reconcileLocked is RECONCILE: the latest status of each task asked
// about (all when none), without a uuid, with REASON_RECONCILIATION.
func (m *Master) reconcileLocked(f *framework, asked []*schedulerv1.Call_Reconcile_Task) {
	send := func(st *mesosv1.TaskStatus) {
		st = proto.Clone(st).(*mesosv1.TaskStatus)
		st.Uuid = nil
		st.Reason = mesosv1.TaskStatus_REASON_RECONCILIATION.Enum()
		st.Source = mesosv1.TaskStatus_SOURCE_MASTER.Enum()
		f.stream.send(updateEvent(st))
	}
	if len(asked) == 0 {
		for _, id := range sortedKeys(f.tasks) {
			if t := f.tasks[id]; !taskstate.Terminal(t.status.GetState()) {
				send(t.status)
			}
		}
		return
	}
	for _, a := range asked {
		// A terminal task whose last update was acknowledged is gone from
		// a Mesos master (it keeps it only among completed tasks): it is
		// unknown to reconciliation.
		if t := f.tasks[a.GetTaskId().GetValue()]; t != nil && (!taskstate.Terminal(t.status.GetState()) || t.pending != nil) {
			send(t.status)
			continue
		}
		send(m.unknownTaskLocked(f, a))
	}
}

// unknownTaskLocked is what Mesos's master answers an explicit
// reconciliation of a task it does not know: TASK_LOST, or, for a
// PARTITION_AWARE framework, TASK_GONE if the agent named is registered
// and TASK_UNKNOWN otherwise.
func (m *Master) unknownTaskLocked(f *framework, a *schedulerv1.Call_Reconcile_Task) *mesosv1.TaskStatus {
	st := &mesosv1.TaskStatus{TaskId: a.GetTaskId(), AgentId: a.GetAgentId(), State: mesosv1.TaskState_TASK_LOST.Enum(),
		Message: proto.String("Reconciliation: Task is unknown")}
	registered := a.GetAgentId() != nil && m.agents[a.GetAgentId().GetValue()] != nil
	if registered {
		st.Message = proto.String("Reconciliation: Task is unknown to the agent")
	}
	for _, c := range f.info.GetCapabilities() {
		if c.GetType() != mesosv1.FrameworkInfo_Capability_PARTITION_AWARE {
			continue
		}
		st.State = mesosv1.TaskState_TASK_UNKNOWN.Enum()
		if registered {
			st.State = mesosv1.TaskState_TASK_GONE.Enum()
		}
	}
	return st
}

// removeFrameworkLocked is TEARDOWN or a failover timeout: the tasks are
// killed, the offers recovered, the stream closed and the allocator told.
func (m *Master) removeFrameworkLocked(f *framework) {
	f.removed = true
	id := f.info.GetId()
	m.recoverOffersLocked(id.GetValue())
	for _, t := range f.tasks {
		if taskstate.Terminal(t.status.GetState()) {
			continue
		}
		if m.cfg.Launcher != nil {
			if err := m.cfg.Launcher.Kill(m.ctx(), id, t.info.GetAgentId(), t.info.GetTaskId()); err != nil {
				m.log.Warn("kill", zap.Error(err))
			}
		}
		t.status = &mesosv1.TaskStatus{TaskId: t.info.GetTaskId(), AgentId: t.info.GetAgentId(), State: mesosv1.TaskState_TASK_KILLED.Enum(), Reason: mesosv1.TaskStatus_REASON_FRAMEWORK_REMOVED.Enum()}
		m.recover(id, t.info.GetAgentId(), t.info.GetResources(), nil, true)
		t.pending = nil
	}
	m.shutdownExecutorsLocked(f)
	for key, e := range f.executors {
		agent, _ := splitExecutorKey(key)
		m.recover(id, &mesosv1.AgentID{Value: proto.String(agent)}, e.GetResources(), nil, true)
		delete(f.executors, key)
	}
	if f.stream != nil {
		f.stream.end()
		f.stream = nil
	}
	if err := m.cfg.Module.RemoveFramework(m.ctx(), id); err != nil {
		m.log.Warn("removeFramework", zap.Error(err))
	}
}

// retryUpdates resends unacknowledged updates every UpdateRetry.
func (m *Master) retryUpdates() {
	defer m.wg.Done()
	tick := time.NewTicker(m.cfg.UpdateRetry)
	defer tick.Stop()
	for {
		select {
		case <-m.stop:
			return
		case <-tick.C:
		}
		m.mu.Lock()
		for _, f := range m.frameworks {
			if f.stream == nil {
				continue
			}
			for _, id := range sortedKeys(f.tasks) {
				if p := f.tasks[id].pending; p != nil {
					f.stream.send(updateEvent(p))
				}
			}
		}
		m.mu.Unlock()
	}
}
