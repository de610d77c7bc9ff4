package scheduler

import (
	mesosv1 "github.com/mactor/mactor/messages/mesos/v1"
	schedulerv1 "github.com/mactor/mactor/messages/mesos/v1/scheduler"
)

// Driver is the handle a behaviour (and the program that started it) uses
// to talk to the master and to control the framework's life.
//
// Calls are asynchronous, as in erlang-mesos: a method checks its
// arguments and that the framework is subscribed, queues the call and
// returns. Queued calls go to the leading master one after another, in the
// order they were made, each with the framework ID and the current
// Mesos-Stream-Id. A call that fails later is logged and reported to a
// behaviour implementing CallFailedHandler. UpdateFramework is the
// exception: Mesos answers it synchronously and so does the Driver.
//
// A method returns ErrNotSubscribed while there is no subscription (before
// Registered, between Disconnected and Reregistered), ErrStopped once the
// driver is stopping, and an error wrapping ErrInvalidCall for a call Mesos
// would refuse (a missing required field, for one).
//
// All methods are safe for concurrent use, and may be called from the
// behaviour's callbacks.
type Driver interface {
	// AcceptOffers accepts offers with any offer operations (LAUNCH,
	// LAUNCH_GROUP, RESERVE, CREATE, ...). Resources not used by the
	// operations are declined with filters (nil for Mesos's default).
	AcceptOffers(offerIDs []*mesosv1.OfferID, operations []*mesosv1.Offer_Operation, filters *mesosv1.Filters) error
	// LaunchTasks accepts offers with one LAUNCH operation for tasks.
	LaunchTasks(offerIDs []*mesosv1.OfferID, tasks []*mesosv1.TaskInfo, filters *mesosv1.Filters) error
	// LaunchGroup accepts offers with one LAUNCH_GROUP operation: the task
	// group runs under executor, all tasks at once.
	LaunchGroup(offerIDs []*mesosv1.OfferID, executor *mesosv1.ExecutorInfo, group *mesosv1.TaskGroupInfo, filters *mesosv1.Filters) error
	// DeclineOffer declines offers; filters (nil for Mesos's default of 5
	// seconds) says how long not to offer the same resources again.
	DeclineOffer(offerIDs []*mesosv1.OfferID, filters *mesosv1.Filters) error
	// AcceptInverseOffers accepts inverse offers (agrees to maintenance).
	AcceptInverseOffers(ids []*mesosv1.OfferID, filters *mesosv1.Filters) error
	// DeclineInverseOffers declines inverse offers.
	DeclineInverseOffers(ids []*mesosv1.OfferID, filters *mesosv1.Filters) error
	// KillTask kills a task (a whole task group if the task is in one).
	// agent and policy may be nil.
	KillTask(task *mesosv1.TaskID, agent *mesosv1.AgentID, policy *mesosv1.KillPolicy) error
	// ReviveOffers removes all filters and resumes offers for roles (all
	// the framework's roles when none are given).
	ReviveOffers(roles ...string) error
	// SuppressOffers stops offers for roles (all when none are given)
	// until ReviveOffers.
	SuppressOffers(roles ...string) error
	// Acknowledge acknowledges a task status update. Use it only with
	// WithAutoAcknowledge(false); otherwise it returns ErrAutoAcknowledge.
	// Updates without a uuid need no acknowledgement: ErrNoUUID.
	Acknowledge(status *mesosv1.TaskStatus) error
	// AcknowledgeOperationStatus acknowledges an operation status update,
	// under the same rules as Acknowledge.
	AcknowledgeOperationStatus(status *mesosv1.OperationStatus) error
	// Reconcile asks for the latest status of tasks; with none, of every
	// task the master knows for this framework (implicit reconciliation).
	Reconcile(tasks ...*schedulerv1.Call_Reconcile_Task) error
	// ReconcileOperations asks for the latest status of operations; with
	// none, of all of them.
	ReconcileOperations(operations ...*schedulerv1.Call_ReconcileOperations_Operation) error
	// SendFrameworkMessage sends data to an executor, best effort.
	SendFrameworkMessage(executor *mesosv1.ExecutorID, agent *mesosv1.AgentID, data []byte) error
	// RequestResources passes resource requests to the allocator (the
	// built-in allocator ignores them).
	RequestResources(requests ...*mesosv1.Request) error
	// UpdateFramework changes the FrameworkInfo (roles, capabilities,
	// failover timeout, ...) without resubscribing, and the suppressed
	// roles and offer constraints. It waits for the master's answer and
	// returns it; later resubscriptions use the new FrameworkInfo.
	UpdateFramework(info *mesosv1.FrameworkInfo, suppressedRoles []string, constraints *schedulerv1.OfferConstraints) error
	// Shutdown asks the agent to shut down a custom executor.
	Shutdown(executor *mesosv1.ExecutorID, agent *mesosv1.AgentID) error
	// Teardown removes the framework: the master kills all its tasks and
	// executors and closes the subscription. The driver stops after the
	// call, as with Stop(false).
	Teardown() error
	// Send queues any call, for what the other methods do not cover. The
	// driver fills in framework_id.
	Send(call *schedulerv1.Call) error

	// FrameworkID returns the framework's ID, or nil before the first
	// SUBSCRIBED event. Persist it to fail over a later process (set it as
	// FrameworkInfo.id).
	FrameworkID() *mesosv1.FrameworkID
	// Stop stops the driver. With failover true the framework stays
	// registered (for FrameworkInfo.failover_timeout) so a new instance
	// can subscribe with its ID and keep the tasks; with failover false it
	// is torn down first. Calls already queued are sent before the
	// subscription closes. Stop does not wait for the behaviour to stop
	// (Join does). Called from a callback, Stop takes effect when the
	// callback returns, after the acknowledgement of the update being
	// handled, and returns nil (failures are logged).
	Stop(failover bool) error
	// Abort stops the driver at once, without tearing the framework down
	// and without sending queued calls. Join then returns ErrAborted.
	Abort() error
	// Join waits until the driver has stopped and returns why: nil after
	// Stop or Teardown, ErrAborted after Abort, an error wrapping
	// ErrErrorEvent after an ERROR event, the master's *Error when it
	// refused SUBSCRIBE for good (401, 403, 400, ...), or an error wrapping
	// ErrBehaviourFailed when the behaviour crashed more often than its
	// restart intensity allows. Do not call Join from a callback.
	Join() error
}
