package compat

import (
	"fmt"

	"google.golang.org/protobuf/proto"

	"github.com/mactor/mactor/bridge/owner"
	"github.com/mactor/mactor/messages/alligator"
	bridgev1 "github.com/mactor/mactor/messages/bridge/v1"
	mesos "github.com/mactor/mactor/messages/mesos"
)

// FromAlligator decodes an alligator event (its `type` and serialized
// `value`) into the equivalent bridge call, unsequenced. The value may miss
// required fields (proto2); a call that then names no owner is refused by
// the bridge like any other.
func FromAlligator(eventType string, value []byte) (*bridgev1.Call, error) {
	m, err := alligator.New(eventType)
	if err != nil {
		return nil, fmt.Errorf("%w: %q", ErrUnknownType, eventType)
	}
	if err := (proto.UnmarshalOptions{AllowPartial: true}).Unmarshal(value, m); err != nil {
		return nil, fmt.Errorf("%w: %s: %v", ErrValue, eventType, err)
	}
	return mapAlligator(m)
}

func mapAlligator(m proto.Message) (*bridgev1.Call, error) {
	c := &bridgev1.Call{}
	switch v := m.(type) {
	case *alligator.AddFramework:
		// 0.23's addFramework had no active flag: an added framework was
		// active.
		add := &bridgev1.Call_AddFramework{FrameworkId: v.GetFrameworkId(), FrameworkInfo: v.GetFrameworkInfo(), Active: true}
		for _, u := range v.GetSlaveResources() {
			add.Used = append(add.Used, &bridgev1.SlaveResources{SlaveId: u.GetSlaveId(), Resources: u.GetResources()})
		}
		c.Type, c.Payload = bridgev1.Call_ADD_FRAMEWORK, &bridgev1.Call_AddFramework_{AddFramework: add}
	case *alligator.RemoveFramework:
		c.Type, c.Payload = bridgev1.Call_REMOVE_FRAMEWORK, &bridgev1.Call_RemoveFramework{RemoveFramework: &bridgev1.FrameworkTarget{FrameworkId: v.GetFrameworkId()}}
	case *alligator.ActivateFramework:
		c.Type, c.Payload = bridgev1.Call_ACTIVATE_FRAMEWORK, &bridgev1.Call_ActivateFramework{ActivateFramework: &bridgev1.FrameworkTarget{FrameworkId: v.GetFrameworkId()}}
	case *alligator.DeactivateFramework:
		c.Type, c.Payload = bridgev1.Call_DEACTIVATE_FRAMEWORK, &bridgev1.Call_DeactivateFramework{DeactivateFramework: &bridgev1.FrameworkTarget{FrameworkId: v.GetFrameworkId()}}
	case *alligator.AddSlave:
		add := &bridgev1.Call_AddSlave{SlaveId: v.GetSlaveId(), SlaveInfo: v.GetSlaveInfo(), Total: v.GetTotal()}
		for _, u := range v.GetFrameworkResources() {
			add.Used = append(add.Used, &bridgev1.FrameworkResources{FrameworkId: u.GetFrameworkId(), Resources: u.GetResources()})
		}
		c.Type, c.Payload = bridgev1.Call_ADD_SLAVE, &bridgev1.Call_AddSlave_{AddSlave: add}
	case *alligator.RemoveSlave:
		c.Type, c.Payload = bridgev1.Call_REMOVE_SLAVE, &bridgev1.Call_RemoveSlave{RemoveSlave: &bridgev1.SlaveTarget{SlaveId: v.GetSlaveId()}}
	case *alligator.UpdateSlave:
		// 0.23's updateSlave(slaveId, oversubscribed).
		c.Type, c.Payload = bridgev1.Call_UPDATE_SLAVE, &bridgev1.Call_UpdateSlave_{UpdateSlave: &bridgev1.Call_UpdateSlave{
			SlaveId: v.GetSlaveId(), Oversubscribed: &bridgev1.ResourceList{Resources: v.GetResources()},
		}}
	case *alligator.ActivateSlave:
		c.Type, c.Payload = bridgev1.Call_ACTIVATE_SLAVE, &bridgev1.Call_ActivateSlave{ActivateSlave: &bridgev1.SlaveTarget{SlaveId: v.GetSlaveId()}}
	case *alligator.DeactivateSlave:
		c.Type, c.Payload = bridgev1.Call_DEACTIVATE_SLAVE, &bridgev1.Call_DeactivateSlave{DeactivateSlave: &bridgev1.SlaveTarget{SlaveId: v.GetSlaveId()}}
	case *alligator.UpdateWhitelist:
		// alligator sends a plain list: empty stands for "no whitelist".
		u := &bridgev1.Call_UpdateWhitelist{}
		if len(v.GetWhitelist()) > 0 {
			u.Whitelist = &bridgev1.Hostnames{Hostnames: v.GetWhitelist()}
		}
		c.Type, c.Payload = bridgev1.Call_UPDATE_WHITELIST, &bridgev1.Call_UpdateWhitelist_{UpdateWhitelist: u}
	case *alligator.RequestResources:
		c.Type, c.Payload = bridgev1.Call_REQUEST_RESOURCES, &bridgev1.Call_RequestResources_{RequestResources: &bridgev1.Call_RequestResources{
			FrameworkId: v.GetFrameworkId(), Requests: v.GetRequests(),
		}}
	case *alligator.UpdateAllocation:
		u, err := updateAllocation(v)
		if err != nil {
			return nil, err
		}
		c.Type, c.Payload = bridgev1.Call_UPDATE_ALLOCATION, &bridgev1.Call_UpdateAllocation_{UpdateAllocation: u}
	case *alligator.RecoverResources:
		// 0.23 did not tell offered from allocated resources; they are
		// recovered as offered (the framework rules fall back to allocated
		// when the offered ones do not hold them).
		c.Type, c.Payload = bridgev1.Call_RECOVER_RESOURCES, &bridgev1.Call_RecoverResources_{RecoverResources: &bridgev1.Call_RecoverResources{
			FrameworkId: v.GetFrameworkId(), SlaveId: v.GetSlaveId(), Resources: v.GetResources(), Filters: v.GetFilters(),
		}}
	case *alligator.ReviveOffers:
		// 0.23 revived every role of the framework.
		c.Type, c.Payload = bridgev1.Call_REVIVE_OFFERS, &bridgev1.Call_ReviveOffers{ReviveOffers: &bridgev1.RoleTargets{FrameworkId: v.GetFrameworkId()}}
	case *alligator.UpdateFramework:
		c.Type, c.Payload = bridgev1.Call_UPDATE_FRAMEWORK, &bridgev1.Call_UpdateFramework_{UpdateFramework: &bridgev1.Call_UpdateFramework{
			FrameworkId: v.GetFrameworkId(), FrameworkInfo: v.GetFrameworkInfo(),
		}}
	case *alligator.MasterLaunchTaskLabelDecorator:
		c.Type, c.Payload = bridgev1.Call_MASTER_LAUNCH_TASK_LABEL_DECORATOR, &bridgev1.Call_MasterLaunchTaskLabelDecorator_{MasterLaunchTaskLabelDecorator: &bridgev1.Call_MasterLaunchTaskLabelDecorator{
			TaskInfo: v.GetTaskInfo(), FrameworkInfo: v.GetFrameworkInfo(), SlaveInfo: v.GetSlaveInfo(),
		}}
	case *alligator.SlaveRunTaskLabelDecorator:
		// 0.23's agent label decorator had no ExecutorInfo.
		c.Type, c.Payload = bridgev1.Call_SLAVE_RUN_TASK_LABEL_DECORATOR, &bridgev1.Call_SlaveRunTaskLabelDecorator_{SlaveRunTaskLabelDecorator: &bridgev1.Call_SlaveRunTaskLabelDecorator{
			TaskInfo: v.GetTaskInfo(), FrameworkInfo: v.GetFrameworkInfo(), SlaveInfo: v.GetSlaveInfo(),
		}}
	case *alligator.SlaveExecutorEnvironmentDecorator:
		c.Type, c.Payload = bridgev1.Call_SLAVE_EXECUTOR_ENVIRONMENT_DECORATOR, &bridgev1.Call_SlaveExecutorEnvironmentDecorator_{SlaveExecutorEnvironmentDecorator: &bridgev1.Call_SlaveExecutorEnvironmentDecorator{
			ExecutorInfo: v.GetExecutorInfo(),
		}}
	case *alligator.SlaveRemoveExecutorHook:
		c.Type, c.Payload = bridgev1.Call_SLAVE_REMOVE_EXECUTOR_HOOK, &bridgev1.Call_SlaveRemoveExecutorHook_{SlaveRemoveExecutorHook: &bridgev1.Call_SlaveRemoveExecutorHook{
			FrameworkInfo: v.GetFrameworkInfo(), ExecutorInfo: v.GetExecutorInfo(),
		}}
	default:
		return nil, fmt.Errorf("%w: %T", ErrUnknownType, m)
	}
	return c, nil
}

// updateAllocation maps 0.23's updateAllocation(operations) to 1.11's
// form: the operations become conversions, applied to what they consume.
func updateAllocation(v *alligator.UpdateAllocation) (*bridgev1.Call_UpdateAllocation, error) {
	u := &bridgev1.Call_UpdateAllocation{FrameworkId: v.GetFrameworkId(), SlaveId: v.GetSlaveId()}
	var offered []*mesos.Resource
	for _, op := range v.GetOperations() {
		cs, err := conversionsOf(op)
		if err != nil {
			return nil, fmt.Errorf("%w: UpdateAllocation: %v", ErrValue, err)
		}
		for _, cv := range cs {
			u.Conversions = append(u.Conversions, cv)
			if offered, err = owner.Plus(offered, cv.GetConsumed()); err != nil {
				return nil, fmt.Errorf("%w: UpdateAllocation: %v", ErrValue, err)
			}
		}
	}
	u.OfferedResources = offered
	return u, nil
}
