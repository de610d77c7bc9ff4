package master

import (
	"fmt"
	"strings"

	"go.uber.org/zap"
	"google.golang.org/protobuf/proto"

	mesosv1 "github.com/mactor/mactor/messages/mesos/v1"
	schedulerv1 "github.com/mactor/mactor/messages/mesos/v1/scheduler"
)

// Message is a framework message an executor sent: the framework gets it
// as a MESSAGE event if it is connected. Like Mesos's, it is not retried.
func (m *Master) Message(fw string, agent *mesosv1.AgentID, executor *mesosv1.ExecutorID, data []byte) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	f := m.frameworks[fw]
	if f == nil || f.removed {
		return fmt.Errorf("%w: %s", ErrUnknownFramework, fw)
	}
	if f.stream != nil {
		f.stream.send(&schedulerv1.Event{Type: schedulerv1.Event_MESSAGE.Enum(), Message: &schedulerv1.Event_Message{
			AgentId: agent, ExecutorId: executor, Data: data,
		}})
	}
	return nil
}

// ExecutorExited reports that a custom executor ended with a wait status:
// the framework gets a FAILURE event naming the executor, as Mesos sends
// on an ExitedExecutorMessage.
func (m *Master) ExecutorExited(fw string, agent *mesosv1.AgentID, executor *mesosv1.ExecutorID, status int32) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	f := m.frameworks[fw]
	if f == nil || f.removed {
		return fmt.Errorf("%w: %s", ErrUnknownFramework, fw)
	}
	key := executorKey(agent.GetValue(), executor.GetValue())
	if e := f.executors[key]; e != nil {
		delete(f.executors, key)
		m.recover(f.info.GetId(), agent, e.GetResources(), nil, true)
	}
	if f.stream != nil {
		f.stream.send(&schedulerv1.Event{Type: schedulerv1.Event_FAILURE.Enum(), Failure: &schedulerv1.Event_Failure{
			AgentId: agent, ExecutorId: executor, Status: &status,
		}})
	}
	return nil
}

// shutdownExecutorsLocked asks the agents to shut down every custom
// executor the framework's tasks named (it is being removed).
func (m *Master) shutdownExecutorsLocked(f *framework) {
	if m.cfg.Launcher == nil {
		return
	}
	for _, key := range sortedKeys(f.executors) {
		agent, executor := splitExecutorKey(key)
		if err := m.cfg.Launcher.Shutdown(m.ctx(), f.info.GetId(), &mesosv1.AgentID{Value: proto.String(agent)}, &mesosv1.ExecutorID{Value: proto.String(executor)}); err != nil {
			m.log.Warn("shutdown executor", zap.String("executor", executor), zap.Error(err))
		}
	}
}

// executorKey names an executor of a framework: agent and executor id.
func executorKey(agent, executor string) string { return agent + "\x00" + executor }

func splitExecutorKey(key string) (agent, executor string) {
	agent, executor, _ = strings.Cut(key, "\x00")
	return agent, executor
}
