package taskstate_test

import (
	"testing"

	mesosv1 "github.com/mactor/mactor/messages/mesos/v1"
	"github.com/mactor/mactor/sim/internal/taskstate"
)

func TestTerminal(t *testing.T) {
	for v := range mesosv1.TaskState_name {
		s := mesosv1.TaskState(v)
		want := map[mesosv1.TaskState]bool{
			mesosv1.TaskState_TASK_FINISHED: true, mesosv1.TaskState_TASK_FAILED: true, mesosv1.TaskState_TASK_KILLED: true,
			mesosv1.TaskState_TASK_ERROR: true, mesosv1.TaskState_TASK_LOST: true, mesosv1.TaskState_TASK_DROPPED: true,
			mesosv1.TaskState_TASK_GONE: true, mesosv1.TaskState_TASK_GONE_BY_OPERATOR: true,
		}[s]
		t.Run(s.String(), func(t *testing.T) {
			if got := taskstate.Terminal(s); got != want {
				t.Fatalf("Terminal(%s) = %v", s, got)
			}
		})
	}
}
