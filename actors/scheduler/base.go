package scheduler

import (
	mesosv1 "github.com/mactor/mactor/messages/mesos/v1"
	schedulerv1 "github.com/mactor/mactor/messages/mesos/v1/scheduler"
)

// Base implements every Scheduler callback as a no-op. Embed it in a
// behaviour and override the callbacks it needs. Offers are left alone by
// Base, so a behaviour that gets offers should implement ResourceOffers.
type Base struct{}

var _ Scheduler = Base{}

// Registered does nothing.
func (Base) Registered(Driver, *schedulerv1.Event_Subscribed) {}

// Reregistered does nothing.
func (Base) Reregistered(Driver, *schedulerv1.Event_Subscribed) {}

// Disconnected does nothing.
func (Base) Disconnected(Driver) {}

// ResourceOffers does nothing.
func (Base) ResourceOffers(Driver, []*mesosv1.Offer) {}

// InverseOffers does nothing.
func (Base) InverseOffers(Driver, []*mesosv1.InverseOffer) {}

// OfferRescinded does nothing.
func (Base) OfferRescinded(Driver, *mesosv1.OfferID) {}

// InverseOfferRescinded does nothing.
func (Base) InverseOfferRescinded(Driver, *mesosv1.OfferID) {}

// StatusUpdate does nothing.
func (Base) StatusUpdate(Driver, *mesosv1.TaskStatus) {}

// OperationStatus does nothing.
func (Base) OperationStatus(Driver, *mesosv1.OperationStatus) {}

// FrameworkMessage does nothing.
func (Base) FrameworkMessage(Driver, *mesosv1.AgentID, *mesosv1.ExecutorID, []byte) {}

// AgentLost does nothing.
func (Base) AgentLost(Driver, *mesosv1.AgentID) {}

// ExecutorLost does nothing.
func (Base) ExecutorLost(Driver, *mesosv1.ExecutorID, *mesosv1.AgentID, int32) {}

// Error does nothing.
func (Base) Error(Driver, string) {}
