package scheduler

import (
	"fmt"

	"google.golang.org/protobuf/proto"

	mesosv1 "github.com/mactor/mactor/messages/mesos/v1"
	schedulerv1 "github.com/mactor/mactor/messages/mesos/v1/scheduler"
)

// validate checks a call the way Mesos would before it is queued, so that
// a malformed call fails in the caller rather than in a 400 later.
func validate(call *schedulerv1.Call) error {
	if call == nil || call.Type == nil {
		return fmt.Errorf("%w: call has no type", ErrInvalidCall)
	}
	if err := proto.CheckInitialized(call); err != nil {
		return fmt.Errorf("%w: %s: %w", ErrInvalidCall, call.GetType(), err)
	}
	return nil
}

// enqueue queues an asynchronous call.
func (f *framework) enqueue(call *schedulerv1.Call) error {
	if err := validate(call); err != nil {
		return err
	}
	f.mu.Lock()
	stopping, subscribed := f.stopping, f.subscribed
	f.mu.Unlock()
	switch {
	case stopping:
		return ErrStopped
	case !subscribed:
		return ErrNotSubscribed
	}
	if !f.queue.Push(&pending{call: call}) {
		return ErrStopped
	}
	return nil
}

func callOf(t schedulerv1.Call_Type) *schedulerv1.Call { return &schedulerv1.Call{Type: t.Enum()} }

// AcceptOffers implements Driver.
func (f *framework) AcceptOffers(offerIDs []*mesosv1.OfferID, operations []*mesosv1.Offer_Operation, filters *mesosv1.Filters) error {
	c := callOf(schedulerv1.Call_ACCEPT)
	c.Accept = &schedulerv1.Call_Accept{OfferIds: offerIDs, Operations: operations, Filters: filters}
	return f.enqueue(c)
}

// LaunchTasks implements Driver.
func (f *framework) LaunchTasks(offerIDs []*mesosv1.OfferID, tasks []*mesosv1.TaskInfo, filters *mesosv1.Filters) error {
	op := &mesosv1.Offer_Operation{
		Type:   mesosv1.Offer_Operation_LAUNCH.Enum(),
		Launch: &mesosv1.Offer_Operation_Launch{TaskInfos: tasks},
	}
	return f.AcceptOffers(offerIDs, []*mesosv1.Offer_Operation{op}, filters)
}

// LaunchGroup implements Driver.
func (f *framework) LaunchGroup(offerIDs []*mesosv1.OfferID, executor *mesosv1.ExecutorInfo, group *mesosv1.TaskGroupInfo, filters *mesosv1.Filters) error {
	op := &mesosv1.Offer_Operation{
		Type:        mesosv1.Offer_Operation_LAUNCH_GROUP.Enum(),
		LaunchGroup: &mesosv1.Offer_Operation_LaunchGroup{Executor: executor, TaskGroup: group},
	}
	return f.AcceptOffers(offerIDs, []*mesosv1.Offer_Operation{op}, filters)
}

// DeclineOffer implements Driver.
func (f *framework) DeclineOffer(offerIDs []*mesosv1.OfferID, filters *mesosv1.Filters) error {
	c := callOf(schedulerv1.Call_DECLINE)
	c.Decline = &schedulerv1.Call_Decline{OfferIds: offerIDs, Filters: filters}
	return f.enqueue(c)
}

// AcceptInverseOffers implements Driver.
func (f *framework) AcceptInverseOffers(ids []*mesosv1.OfferID, filters *mesosv1.Filters) error {
	c := callOf(schedulerv1.Call_ACCEPT_INVERSE_OFFERS)
	c.AcceptInverseOffers = &schedulerv1.Call_AcceptInverseOffers{InverseOfferIds: ids, Filters: filters}
	return f.enqueue(c)
}

// DeclineInverseOffers implements Driver.
func (f *framework) DeclineInverseOffers(ids []*mesosv1.OfferID, filters *mesosv1.Filters) error {
	c := callOf(schedulerv1.Call_DECLINE_INVERSE_OFFERS)
	c.DeclineInverseOffers = &schedulerv1.Call_DeclineInverseOffers{InverseOfferIds: ids, Filters: filters}
	return f.enqueue(c)
}

// KillTask implements Driver.
func (f *framework) KillTask(task *mesosv1.TaskID, agent *mesosv1.AgentID, policy *mesosv1.KillPolicy) error {
	c := callOf(schedulerv1.Call_KILL)
	c.Kill = &schedulerv1.Call_Kill{TaskId: task, AgentId: agent, KillPolicy: policy}
	return f.enqueue(c)
}

// ReviveOffers implements Driver.
func (f *framework) ReviveOffers(roles ...string) error {
	c := callOf(schedulerv1.Call_REVIVE)
	c.Revive = &schedulerv1.Call_Revive{Roles: roles}
	return f.enqueue(c)
}

// SuppressOffers implements Driver.
func (f *framework) SuppressOffers(roles ...string) error {
	c := callOf(schedulerv1.Call_SUPPRESS)
	c.Suppress = &schedulerv1.Call_Suppress{Roles: roles}
	return f.enqueue(c)
}

// Acknowledge implements Driver.
func (f *framework) Acknowledge(status *mesosv1.TaskStatus) error {
	if f.opt.autoAck {
		return ErrAutoAcknowledge
	}
	return f.acknowledge(status)
}

func (f *framework) acknowledge(status *mesosv1.TaskStatus) error {
	if len(status.GetUuid()) == 0 {
		return ErrNoUUID
	}
	c := callOf(schedulerv1.Call_ACKNOWLEDGE)
	c.Acknowledge = &schedulerv1.Call_Acknowledge{AgentId: status.GetAgentId(), TaskId: status.GetTaskId(), Uuid: status.GetUuid()}
	return f.enqueue(c)
}

// AcknowledgeOperationStatus implements Driver.
func (f *framework) AcknowledgeOperationStatus(status *mesosv1.OperationStatus) error {
	if f.opt.autoAck {
		return ErrAutoAcknowledge
	}
	return f.acknowledgeOperation(status)
}

func (f *framework) acknowledgeOperation(status *mesosv1.OperationStatus) error {
	if len(status.GetUuid().GetValue()) == 0 {
		return ErrNoUUID
	}
	c := callOf(schedulerv1.Call_ACKNOWLEDGE_OPERATION_STATUS)
	c.AcknowledgeOperationStatus = &schedulerv1.Call_AcknowledgeOperationStatus{
		AgentId:            status.GetAgentId(),
		ResourceProviderId: status.GetResourceProviderId(),
		Uuid:               status.GetUuid().GetValue(),
		OperationId:        status.GetOperationId(),
	}
	return f.enqueue(c)
}

// Reconcile implements Driver.
func (f *framework) Reconcile(tasks ...*schedulerv1.Call_Reconcile_Task) error {
	c := callOf(schedulerv1.Call_RECONCILE)
	c.Reconcile = &schedulerv1.Call_Reconcile{Tasks: tasks}
	return f.enqueue(c)
}

// ReconcileOperations implements Driver.
func (f *framework) ReconcileOperations(operations ...*schedulerv1.Call_ReconcileOperations_Operation) error {
	c := callOf(schedulerv1.Call_RECONCILE_OPERATIONS)
	c.ReconcileOperations = &schedulerv1.Call_ReconcileOperations{Operations: operations}
	return f.enqueue(c)
}

// SendFrameworkMessage implements Driver.
func (f *framework) SendFrameworkMessage(executor *mesosv1.ExecutorID, agent *mesosv1.AgentID, data []byte) error {
	c := callOf(schedulerv1.Call_MESSAGE)
	c.Message = &schedulerv1.Call_Message{ExecutorId: executor, AgentId: agent, Data: data}
	if data == nil {
		c.Message.Data = []byte{}
	}
	return f.enqueue(c)
}

// RequestResources implements Driver.
func (f *framework) RequestResources(requests ...*mesosv1.Request) error {
	c := callOf(schedulerv1.Call_REQUEST)
	c.Request = &schedulerv1.Call_Request{Requests: requests}
	return f.enqueue(c)
}

// Shutdown implements Driver.
func (f *framework) Shutdown(executor *mesosv1.ExecutorID, agent *mesosv1.AgentID) error {
	c := callOf(schedulerv1.Call_SHUTDOWN)
	c.Shutdown = &schedulerv1.Call_Shutdown{ExecutorId: executor, AgentId: agent}
	return f.enqueue(c)
}

// Send implements Driver.
func (f *framework) Send(call *schedulerv1.Call) error {
	if call.GetType() == schedulerv1.Call_SUBSCRIBE {
		return fmt.Errorf("%w: the driver subscribes by itself", ErrInvalidCall)
	}
	return f.enqueue(proto.Clone(call).(*schedulerv1.Call))
}

// UpdateFramework implements Driver.
func (f *framework) UpdateFramework(info *mesosv1.FrameworkInfo, suppressedRoles []string, constraints *schedulerv1.OfferConstraints) error {
	if info == nil {
		return fmt.Errorf("%w: nil FrameworkInfo", ErrInvalidCall)
	}
	info = proto.Clone(info).(*mesosv1.FrameworkInfo)
	if id := f.FrameworkID(); id != nil && info.Id == nil {
		info.Id = id
	}
	c := callOf(schedulerv1.Call_UPDATE_FRAMEWORK)
	c.UpdateFramework = &schedulerv1.Call_UpdateFramework{FrameworkInfo: info, SuppressedRoles: suppressedRoles, OfferConstraints: constraints}
	f.mu.Lock()
	stopping, subscribed := f.stopping, f.subscribed
	f.mu.Unlock()
	switch {
	case stopping:
		return ErrStopped
	case !subscribed:
		return ErrNotSubscribed
	}
	if err := f.sendSync(c); err != nil {
		return err
	}
	f.mu.Lock()
	f.info, f.suppressed, f.constraints = info, append([]string(nil), suppressedRoles...), constraints
	f.mu.Unlock()
	return nil
}
