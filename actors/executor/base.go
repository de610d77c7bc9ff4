package executor

import (
	mesosv1 "github.com/mactor/mactor/messages/mesos/v1"
	executorv1 "github.com/mactor/mactor/messages/mesos/v1/executor"
)

// Base implements every Executor callback as a no-op, except Shutdown,
// which stops the driver. Embed it in a behaviour and override the
// callbacks it needs.
type Base struct{}

var _ Executor = Base{}

// Registered does nothing.
func (Base) Registered(Driver, *executorv1.Event_Subscribed) {}

// Reregistered does nothing.
func (Base) Reregistered(Driver, *executorv1.Event_Subscribed) {}

// Disconnected does nothing.
func (Base) Disconnected(Driver) {}

// LaunchTask does nothing.
func (Base) LaunchTask(Driver, *mesosv1.TaskInfo) {}

// LaunchGroup does nothing.
func (Base) LaunchGroup(Driver, *mesosv1.TaskGroupInfo) {}

// KillTask does nothing.
func (Base) KillTask(Driver, *mesosv1.TaskID, *mesosv1.KillPolicy) {}

// Acknowledged does nothing.
func (Base) Acknowledged(Driver, *mesosv1.TaskID, []byte) {}

// FrameworkMessage does nothing.
func (Base) FrameworkMessage(Driver, []byte) {}

// Shutdown stops the driver.
func (Base) Shutdown(d Driver) { _ = d.Stop() }

// Error does nothing.
func (Base) Error(Driver, string) {}
