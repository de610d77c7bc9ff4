package scheduler

import (
	mesosv1 "github.com/mactor/mactor/messages/mesos/v1"
	schedulerv1 "github.com/mactor/mactor/messages/mesos/v1/scheduler"
)

// Scheduler is a framework's scheduler written as a behaviour: the
// callbacks of erlang-mesos's scheduler module, one per event of the Mesos
// v1 scheduler API. The behaviour's state is the value implementing it.
//
// mactor calls the methods one at a time, in the order the master sent the
// events, from the behaviour's own actor, so an implementation needs no
// locking for its own fields. Every callback gets the Driver for making
// calls. A callback that panics crashes the behaviour: see the package
// documentation for what survives a crash.
//
// Embed Base to implement only the callbacks you need.
type Scheduler interface {
	// Registered is called on the first SUBSCRIBED event of this driver:
	// the framework is registered, under e.FrameworkId (new, or the one
	// set in FrameworkInfo.id when failing over an earlier instance).
	Registered(d Driver, e *schedulerv1.Event_Subscribed)
	// Reregistered is called on every later SUBSCRIBED event, after the
	// driver lost its subscription (master failover, network trouble) and
	// subscribed again with the same framework ID.
	Reregistered(d Driver, e *schedulerv1.Event_Subscribed)
	// Disconnected is called when the subscription ends unexpectedly. The
	// driver reconnects by itself; calls fail with ErrNotSubscribed until
	// Reregistered.
	Disconnected(d Driver)
	// ResourceOffers is called with the offers of an OFFERS event. Accept
	// or decline each one; an offer left alone stays allocated to the
	// framework until the master rescinds it.
	ResourceOffers(d Driver, offers []*mesosv1.Offer)
	// InverseOffers is called with the inverse offers (maintenance
	// requests) of an INVERSE_OFFERS event.
	InverseOffers(d Driver, offers []*mesosv1.InverseOffer)
	// OfferRescinded is called when the master rescinds an offer (RESCIND).
	OfferRescinded(d Driver, id *mesosv1.OfferID)
	// InverseOfferRescinded is called when the master rescinds an inverse
	// offer (RESCIND_INVERSE_OFFER).
	InverseOfferRescinded(d Driver, id *mesosv1.OfferID)
	// StatusUpdate is called with the task status of an UPDATE event. With
	// automatic acknowledgement (the default) the update is acknowledged
	// after StatusUpdate returns, never before and never if it panics.
	StatusUpdate(d Driver, status *mesosv1.TaskStatus)
	// OperationStatus is called with an UPDATE_OPERATION_STATUS event's
	// status, and acknowledged like StatusUpdate.
	OperationStatus(d Driver, status *mesosv1.OperationStatus)
	// FrameworkMessage is called with a message an executor sent
	// (MESSAGE). Delivery is best effort.
	FrameworkMessage(d Driver, agent *mesosv1.AgentID, executor *mesosv1.ExecutorID, data []byte)
	// AgentLost is called when an agent was removed (a FAILURE event
	// without an executor). erlang-mesos calls it slaveLost.
	AgentLost(d Driver, agent *mesosv1.AgentID)
	// ExecutorLost is called when an executor exited or was lost (a
	// FAILURE event with an executor); status is its exit status, if known.
	ExecutorLost(d Driver, executor *mesosv1.ExecutorID, agent *mesosv1.AgentID, status int32)
	// Error is called with the message of an ERROR event. The master has
	// given up on this subscription (the framework was removed, another
	// instance failed over, SUBSCRIBE was refused): the driver stops after
	// Error returns and Join reports ErrErrorEvent. Error is also called,
	// without stopping, for an event the driver could not decode.
	Error(d Driver, message string)
}
