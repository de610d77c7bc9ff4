package module

import (
	"context"
	"fmt"

	"go.uber.org/zap"

	"github.com/mactor/mactor/bridge/client"
	bridgev1 "github.com/mactor/mactor/messages/bridge/v1"
	"github.com/mactor/mactor/messages/mesos"
	mesosv1 "github.com/mactor/mactor/messages/mesos/v1"
	"github.com/mactor/mactor/sim/master"
)

// Bridge is the allocator and hook modules of the simulated cluster, over
// one bridge client session.
type Bridge struct {
	c   *client.Client
	log *zap.Logger
}

var _ master.Module = (*Bridge)(nil)

// New returns a Bridge over c. Closing c is the caller's.
func New(c *client.Client, log *zap.Logger) *Bridge {
	if log == nil {
		log = zap.NewNop()
	}
	return &Bridge{c: c, log: log}
}

// queue sends a one-way call without waiting for it to be durable, the way
// Mesos dispatches allocator calls; the client resends it until the engine
// acknowledges it.
func (b *Bridge) queue(ctx context.Context, call *bridgev1.Call) error {
	p, err := b.c.Go(ctx, call)
	if err != nil {
		return fmt.Errorf("module: %s: %w", call.GetType(), err)
	}
	go func() {
		if _, err := p.Result(context.Background()); err != nil {
			b.log.Warn("bridge call failed", zap.Stringer("type", call.GetType()), zap.Error(err))
		}
	}()
	return nil
}

func frameworkID(id *mesosv1.FrameworkID) *mesos.FrameworkID {
	return &mesos.FrameworkID{Value: id.Value}
}

func slaveID(id *mesosv1.AgentID) *mesos.SlaveID { return &mesos.SlaveID{Value: id.Value} }

func resources(rs []*mesosv1.Resource) ([]*mesos.Resource, error) {
	return convertAll(rs, func() *mesos.Resource { return &mesos.Resource{} })
}

// AddFramework is Allocator::addFramework (active, nothing used).
func (b *Bridge) AddFramework(ctx context.Context, info *mesosv1.FrameworkInfo, suppressed []string) error {
	fi, err := convert(info, &mesos.FrameworkInfo{})
	if err != nil {
		return err
	}
	return b.queue(ctx, client.AddFrameworkCall(&bridgev1.Call_AddFramework{
		FrameworkId: frameworkID(info.GetId()), FrameworkInfo: fi, Active: true,
		Options: &bridgev1.FrameworkOptions{SuppressedRoles: suppressed},
	}))
}

// UpdateFramework is Allocator::updateFramework.
func (b *Bridge) UpdateFramework(ctx context.Context, info *mesosv1.FrameworkInfo, suppressed []string) error {
	fi, err := convert(info, &mesos.FrameworkInfo{})
	if err != nil {
		return err
	}
	return b.queue(ctx, client.UpdateFrameworkCall(&bridgev1.Call_UpdateFramework{
		FrameworkId: frameworkID(info.GetId()), FrameworkInfo: fi,
		Options: &bridgev1.FrameworkOptions{SuppressedRoles: suppressed},
	}))
}

// ActivateFramework is Allocator::activateFramework.
func (b *Bridge) ActivateFramework(ctx context.Context, id *mesosv1.FrameworkID) error {
	return b.queue(ctx, client.ActivateFrameworkCall(&bridgev1.FrameworkTarget{FrameworkId: frameworkID(id)}))
}

// DeactivateFramework is Allocator::deactivateFramework.
func (b *Bridge) DeactivateFramework(ctx context.Context, id *mesosv1.FrameworkID) error {
	return b.queue(ctx, client.DeactivateFrameworkCall(&bridgev1.FrameworkTarget{FrameworkId: frameworkID(id)}))
}

// RemoveFramework is Allocator::removeFramework.
func (b *Bridge) RemoveFramework(ctx context.Context, id *mesosv1.FrameworkID) error {
	return b.queue(ctx, client.RemoveFrameworkCall(&bridgev1.FrameworkTarget{FrameworkId: frameworkID(id)}))
}

// SuppressOffers is Allocator::suppressOffers.
func (b *Bridge) SuppressOffers(ctx context.Context, id *mesosv1.FrameworkID, roles []string) error {
	return b.queue(ctx, client.SuppressOffersCall(&bridgev1.RoleTargets{FrameworkId: frameworkID(id), Roles: roles}))
}

// ReviveOffers is Allocator::reviveOffers.
func (b *Bridge) ReviveOffers(ctx context.Context, id *mesosv1.FrameworkID, roles []string) error {
	return b.queue(ctx, client.ReviveOffersCall(&bridgev1.RoleTargets{FrameworkId: frameworkID(id), Roles: roles}))
}

// RecoverResources is Allocator::recoverResources; allocated is its
// isAllocated (false for offered resources, true for used ones).
func (b *Bridge) RecoverResources(ctx context.Context, fw *mesosv1.FrameworkID, agent *mesosv1.AgentID, res []*mesosv1.Resource, filters *mesosv1.Filters, allocated bool) error {
	rs, err := resources(res)
	if err != nil {
		return err
	}
	f, err := convert(filters, &mesos.Filters{})
	if err != nil {
		return err
	}
	return b.queue(ctx, client.RecoverResourcesCall(&bridgev1.Call_RecoverResources{
		FrameworkId: frameworkID(fw), SlaveId: slaveID(agent), Resources: rs, Filters: f, IsAllocated: allocated,
	}))
}

// TransitionOfferedToAllocated is Allocator::transitionOfferedToAllocated:
// offered resources that a launch now uses.
func (b *Bridge) TransitionOfferedToAllocated(ctx context.Context, _ *mesosv1.FrameworkID, agent *mesosv1.AgentID, res []*mesosv1.Resource) error {
	rs, err := resources(res)
	if err != nil {
		return err
	}
	return b.queue(ctx, client.TransitionOfferedToAllocatedCall(&bridgev1.Call_TransitionOfferedToAllocated{
		SlaveId: slaveID(agent), Resources: rs,
	}))
}

// RequestResources is Allocator::requestResources.
func (b *Bridge) RequestResources(ctx context.Context, fw *mesosv1.FrameworkID, requests []*mesosv1.Request) error {
	rs, err := convertAll(requests, func() *mesos.Request { return &mesos.Request{} })
	if err != nil {
		return err
	}
	return b.queue(ctx, client.RequestResourcesCall(&bridgev1.Call_RequestResources{FrameworkId: frameworkID(fw), Requests: rs}))
}

// AddSlave is Allocator::addSlave for an agent that starts with nothing
// used.
func (b *Bridge) AddSlave(ctx context.Context, info *mesosv1.AgentInfo) error {
	si, err := convert(info, &mesos.SlaveInfo{})
	if err != nil {
		return err
	}
	return b.queue(ctx, client.AddSlaveCall(&bridgev1.Call_AddSlave{
		SlaveId: slaveID(info.GetId()), SlaveInfo: si, Total: si.GetResources(),
		Capabilities: []*mesos.SlaveInfo_Capability{{Type: mesos.SlaveInfo_Capability_MULTI_ROLE.Enum()}},
	}))
}

// RemoveSlave is Allocator::removeSlave.
func (b *Bridge) RemoveSlave(ctx context.Context, id *mesosv1.AgentID) error {
	return b.queue(ctx, client.RemoveSlaveCall(&bridgev1.SlaveTarget{SlaveId: slaveID(id)}))
}
