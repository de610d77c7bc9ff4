// Package taskstate holds what the simulated master and agents both need
// to know of Mesos task states.
package taskstate

import mesosv1 "github.com/mactor/mactor/messages/mesos/v1"

// Terminal reports whether a task in state s has ended for good.
func Terminal(s mesosv1.TaskState) bool {
	switch s {
	case mesosv1.TaskState_TASK_FINISHED, mesosv1.TaskState_TASK_FAILED, mesosv1.TaskState_TASK_KILLED,
		mesosv1.TaskState_TASK_ERROR, mesosv1.TaskState_TASK_LOST, mesosv1.TaskState_TASK_DROPPED,
		mesosv1.TaskState_TASK_GONE, mesosv1.TaskState_TASK_GONE_BY_OPERATOR:
		return true
	}
	return false
}
