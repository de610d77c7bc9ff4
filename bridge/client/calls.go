package client

import (
	"context"

	bridgev1 "github.com/mactor/mactor/messages/bridge/v1"
)

// Typed methods: one per call of the protocol. The one-way ones queue the
// call (see Go) and wait until the engine acknowledged it (durable); use
// Go with the Call built by the matching *Call function to not wait.

func (c *Client) oneWay(ctx context.Context, call *bridgev1.Call) error {
	_, err := c.Send(ctx, call)
	return err
}

// InitializeCall builds the INITIALIZE call (Allocator::initialize (the options; the callbacks are the SUBSCRIBE stream)).
func InitializeCall(m *bridgev1.Call_Initialize) *bridgev1.Call {
	return &bridgev1.Call{Type: bridgev1.Call_INITIALIZE, Payload: &bridgev1.Call_Initialize_{Initialize: m}}
}

// Initialize sends Allocator::initialize (the options; the callbacks are the SUBSCRIBE stream) and waits until it is durable.
func (c *Client) Initialize(ctx context.Context, m *bridgev1.Call_Initialize) error {
	return c.oneWay(ctx, InitializeCall(m))
}

// RecoverCall builds the RECOVER call (Allocator::recover).
func RecoverCall(m *bridgev1.Call_Recover) *bridgev1.Call {
	return &bridgev1.Call{Type: bridgev1.Call_RECOVER, Payload: &bridgev1.Call_Recover_{Recover: m}}
}

// Recover sends Allocator::recover and waits until it is durable.
func (c *Client) Recover(ctx context.Context, m *bridgev1.Call_Recover) error {
	return c.oneWay(ctx, RecoverCall(m))
}

// AddFrameworkCall builds the ADD_FRAMEWORK call (Allocator::addFramework).
func AddFrameworkCall(m *bridgev1.Call_AddFramework) *bridgev1.Call {
	return &bridgev1.Call{Type: bridgev1.Call_ADD_FRAMEWORK, Payload: &bridgev1.Call_AddFramework_{AddFramework: m}}
}

// AddFramework sends Allocator::addFramework and waits until it is durable.
func (c *Client) AddFramework(ctx context.Context, m *bridgev1.Call_AddFramework) error {
	return c.oneWay(ctx, AddFrameworkCall(m))
}

// RemoveFrameworkCall builds the REMOVE_FRAMEWORK call (Allocator::removeFramework).
func RemoveFrameworkCall(m *bridgev1.FrameworkTarget) *bridgev1.Call {
	return &bridgev1.Call{Type: bridgev1.Call_REMOVE_FRAMEWORK, Payload: &bridgev1.Call_RemoveFramework{RemoveFramework: m}}
}

// RemoveFramework sends Allocator::removeFramework and waits until it is durable.
func (c *Client) RemoveFramework(ctx context.Context, m *bridgev1.FrameworkTarget) error {
	return c.oneWay(ctx, RemoveFrameworkCall(m))
}

// ActivateFrameworkCall builds the ACTIVATE_FRAMEWORK call (Allocator::activateFramework).
func ActivateFrameworkCall(m *bridgev1.FrameworkTarget) *bridgev1.Call {
	return &bridgev1.Call{Type: bridgev1.Call_ACTIVATE_FRAMEWORK, Payload: &bridgev1.Call_ActivateFramework{ActivateFramework: m}}
}

// ActivateFramework sends Allocator::activateFramework and waits until it is durable.
func (c *Client) ActivateFramework(ctx context.Context, m *bridgev1.FrameworkTarget) error {
	return c.oneWay(ctx, ActivateFrameworkCall(m))
}

// DeactivateFrameworkCall builds the DEACTIVATE_FRAMEWORK call (Allocator::deactivateFramework).
func DeactivateFrameworkCall(m *bridgev1.FrameworkTarget) *bridgev1.Call {
	return &bridgev1.Call{Type: bridgev1.Call_DEACTIVATE_FRAMEWORK, Payload: &bridgev1.Call_DeactivateFramework{DeactivateFramework: m}}
}

// DeactivateFramework sends Allocator::deactivateFramework and waits until it is durable.
func (c *Client) DeactivateFramework(ctx context.Context, m *bridgev1.FrameworkTarget) error {
	return c.oneWay(ctx, DeactivateFrameworkCall(m))
}

// UpdateFrameworkCall builds the UPDATE_FRAMEWORK call (Allocator::updateFramework).
func UpdateFrameworkCall(m *bridgev1.Call_UpdateFramework) *bridgev1.Call {
	return &bridgev1.Call{Type: bridgev1.Call_UPDATE_FRAMEWORK, Payload: &bridgev1.Call_UpdateFramework_{UpdateFramework: m}}
}

// UpdateFramework sends Allocator::updateFramework and waits until it is durable.
func (c *Client) UpdateFramework(ctx context.Context, m *bridgev1.Call_UpdateFramework) error {
	return c.oneWay(ctx, UpdateFrameworkCall(m))
}

// AddSlaveCall builds the ADD_SLAVE call (Allocator::addSlave).
func AddSlaveCall(m *bridgev1.Call_AddSlave) *bridgev1.Call {
	return &bridgev1.Call{Type: bridgev1.Call_ADD_SLAVE, Payload: &bridgev1.Call_AddSlave_{AddSlave: m}}
}

// AddSlave sends Allocator::addSlave and waits until it is durable.
func (c *Client) AddSlave(ctx context.Context, m *bridgev1.Call_AddSlave) error {
	return c.oneWay(ctx, AddSlaveCall(m))
}

// RemoveSlaveCall builds the REMOVE_SLAVE call (Allocator::removeSlave).
func RemoveSlaveCall(m *bridgev1.SlaveTarget) *bridgev1.Call {
	return &bridgev1.Call{Type: bridgev1.Call_REMOVE_SLAVE, Payload: &bridgev1.Call_RemoveSlave{RemoveSlave: m}}
}

// RemoveSlave sends Allocator::removeSlave and waits until it is durable.
func (c *Client) RemoveSlave(ctx context.Context, m *bridgev1.SlaveTarget) error {
	return c.oneWay(ctx, RemoveSlaveCall(m))
}

// UpdateSlaveCall builds the UPDATE_SLAVE call (Allocator::updateSlave).
func UpdateSlaveCall(m *bridgev1.Call_UpdateSlave) *bridgev1.Call {
	return &bridgev1.Call{Type: bridgev1.Call_UPDATE_SLAVE, Payload: &bridgev1.Call_UpdateSlave_{UpdateSlave: m}}
}

// UpdateSlave sends Allocator::updateSlave and waits until it is durable.
func (c *Client) UpdateSlave(ctx context.Context, m *bridgev1.Call_UpdateSlave) error {
	return c.oneWay(ctx, UpdateSlaveCall(m))
}

// AddResourceProviderCall builds the ADD_RESOURCE_PROVIDER call (Allocator::addResourceProvider).
func AddResourceProviderCall(m *bridgev1.Call_AddResourceProvider) *bridgev1.Call {
	return &bridgev1.Call{Type: bridgev1.Call_ADD_RESOURCE_PROVIDER, Payload: &bridgev1.Call_AddResourceProvider_{AddResourceProvider: m}}
}

// AddResourceProvider sends Allocator::addResourceProvider and waits until it is durable.
func (c *Client) AddResourceProvider(ctx context.Context, m *bridgev1.Call_AddResourceProvider) error {
	return c.oneWay(ctx, AddResourceProviderCall(m))
}

// ActivateSlaveCall builds the ACTIVATE_SLAVE call (Allocator::activateSlave).
func ActivateSlaveCall(m *bridgev1.SlaveTarget) *bridgev1.Call {
	return &bridgev1.Call{Type: bridgev1.Call_ACTIVATE_SLAVE, Payload: &bridgev1.Call_ActivateSlave{ActivateSlave: m}}
}

// ActivateSlave sends Allocator::activateSlave and waits until it is durable.
func (c *Client) ActivateSlave(ctx context.Context, m *bridgev1.SlaveTarget) error {
	return c.oneWay(ctx, ActivateSlaveCall(m))
}

// DeactivateSlaveCall builds the DEACTIVATE_SLAVE call (Allocator::deactivateSlave).
func DeactivateSlaveCall(m *bridgev1.SlaveTarget) *bridgev1.Call {
	return &bridgev1.Call{Type: bridgev1.Call_DEACTIVATE_SLAVE, Payload: &bridgev1.Call_DeactivateSlave{DeactivateSlave: m}}
}

// DeactivateSlave sends Allocator::deactivateSlave and waits until it is durable.
func (c *Client) DeactivateSlave(ctx context.Context, m *bridgev1.SlaveTarget) error {
	return c.oneWay(ctx, DeactivateSlaveCall(m))
}

// UpdateWhitelistCall builds the UPDATE_WHITELIST call (Allocator::updateWhitelist).
func UpdateWhitelistCall(m *bridgev1.Call_UpdateWhitelist) *bridgev1.Call {
	return &bridgev1.Call{Type: bridgev1.Call_UPDATE_WHITELIST, Payload: &bridgev1.Call_UpdateWhitelist_{UpdateWhitelist: m}}
}

// UpdateWhitelist sends Allocator::updateWhitelist and waits until it is durable.
func (c *Client) UpdateWhitelist(ctx context.Context, m *bridgev1.Call_UpdateWhitelist) error {
	return c.oneWay(ctx, UpdateWhitelistCall(m))
}

// RequestResourcesCall builds the REQUEST_RESOURCES call (Allocator::requestResources).
func RequestResourcesCall(m *bridgev1.Call_RequestResources) *bridgev1.Call {
	return &bridgev1.Call{Type: bridgev1.Call_REQUEST_RESOURCES, Payload: &bridgev1.Call_RequestResources_{RequestResources: m}}
}

// RequestResources sends Allocator::requestResources and waits until it is durable.
func (c *Client) RequestResources(ctx context.Context, m *bridgev1.Call_RequestResources) error {
	return c.oneWay(ctx, RequestResourcesCall(m))
}

// UpdateAllocationCall builds the UPDATE_ALLOCATION call (Allocator::updateAllocation).
func UpdateAllocationCall(m *bridgev1.Call_UpdateAllocation) *bridgev1.Call {
	return &bridgev1.Call{Type: bridgev1.Call_UPDATE_ALLOCATION, Payload: &bridgev1.Call_UpdateAllocation_{UpdateAllocation: m}}
}

// UpdateAllocation sends Allocator::updateAllocation and waits until it is durable.
func (c *Client) UpdateAllocation(ctx context.Context, m *bridgev1.Call_UpdateAllocation) error {
	return c.oneWay(ctx, UpdateAllocationCall(m))
}

// UpdateUnavailabilityCall builds the UPDATE_UNAVAILABILITY call (Allocator::updateUnavailability).
func UpdateUnavailabilityCall(m *bridgev1.Call_UpdateUnavailability) *bridgev1.Call {
	return &bridgev1.Call{Type: bridgev1.Call_UPDATE_UNAVAILABILITY, Payload: &bridgev1.Call_UpdateUnavailability_{UpdateUnavailability: m}}
}

// UpdateUnavailability sends Allocator::updateUnavailability and waits until it is durable.
func (c *Client) UpdateUnavailability(ctx context.Context, m *bridgev1.Call_UpdateUnavailability) error {
	return c.oneWay(ctx, UpdateUnavailabilityCall(m))
}

// UpdateInverseOfferCall builds the UPDATE_INVERSE_OFFER call (Allocator::updateInverseOffer).
func UpdateInverseOfferCall(m *bridgev1.Call_UpdateInverseOffer) *bridgev1.Call {
	return &bridgev1.Call{Type: bridgev1.Call_UPDATE_INVERSE_OFFER, Payload: &bridgev1.Call_UpdateInverseOffer_{UpdateInverseOffer: m}}
}

// UpdateInverseOffer sends Allocator::updateInverseOffer and waits until it is durable.
func (c *Client) UpdateInverseOffer(ctx context.Context, m *bridgev1.Call_UpdateInverseOffer) error {
	return c.oneWay(ctx, UpdateInverseOfferCall(m))
}

// TransitionOfferedToAllocatedCall builds the TRANSITION_OFFERED_TO_ALLOCATED call (Allocator::transitionOfferedToAllocated).
func TransitionOfferedToAllocatedCall(m *bridgev1.Call_TransitionOfferedToAllocated) *bridgev1.Call {
	return &bridgev1.Call{Type: bridgev1.Call_TRANSITION_OFFERED_TO_ALLOCATED, Payload: &bridgev1.Call_TransitionOfferedToAllocated_{TransitionOfferedToAllocated: m}}
}

// TransitionOfferedToAllocated sends Allocator::transitionOfferedToAllocated and waits until it is durable.
func (c *Client) TransitionOfferedToAllocated(ctx context.Context, m *bridgev1.Call_TransitionOfferedToAllocated) error {
	return c.oneWay(ctx, TransitionOfferedToAllocatedCall(m))
}

// RecoverResourcesCall builds the RECOVER_RESOURCES call (Allocator::recoverResources).
func RecoverResourcesCall(m *bridgev1.Call_RecoverResources) *bridgev1.Call {
	return &bridgev1.Call{Type: bridgev1.Call_RECOVER_RESOURCES, Payload: &bridgev1.Call_RecoverResources_{RecoverResources: m}}
}

// RecoverResources sends Allocator::recoverResources and waits until it is durable.
func (c *Client) RecoverResources(ctx context.Context, m *bridgev1.Call_RecoverResources) error {
	return c.oneWay(ctx, RecoverResourcesCall(m))
}

// SuppressOffersCall builds the SUPPRESS_OFFERS call (Allocator::suppressOffers).
func SuppressOffersCall(m *bridgev1.RoleTargets) *bridgev1.Call {
	return &bridgev1.Call{Type: bridgev1.Call_SUPPRESS_OFFERS, Payload: &bridgev1.Call_SuppressOffers{SuppressOffers: m}}
}

// SuppressOffers sends Allocator::suppressOffers and waits until it is durable.
func (c *Client) SuppressOffers(ctx context.Context, m *bridgev1.RoleTargets) error {
	return c.oneWay(ctx, SuppressOffersCall(m))
}

// ReviveOffersCall builds the REVIVE_OFFERS call (Allocator::reviveOffers).
func ReviveOffersCall(m *bridgev1.RoleTargets) *bridgev1.Call {
	return &bridgev1.Call{Type: bridgev1.Call_REVIVE_OFFERS, Payload: &bridgev1.Call_ReviveOffers{ReviveOffers: m}}
}

// ReviveOffers sends Allocator::reviveOffers and waits until it is durable.
func (c *Client) ReviveOffers(ctx context.Context, m *bridgev1.RoleTargets) error {
	return c.oneWay(ctx, ReviveOffersCall(m))
}

// UpdateQuotaCall builds the UPDATE_QUOTA call (Allocator::updateQuota).
func UpdateQuotaCall(m *bridgev1.Call_UpdateQuota) *bridgev1.Call {
	return &bridgev1.Call{Type: bridgev1.Call_UPDATE_QUOTA, Payload: &bridgev1.Call_UpdateQuota_{UpdateQuota: m}}
}

// UpdateQuota sends Allocator::updateQuota and waits until it is durable.
func (c *Client) UpdateQuota(ctx context.Context, m *bridgev1.Call_UpdateQuota) error {
	return c.oneWay(ctx, UpdateQuotaCall(m))
}

// UpdateWeightsCall builds the UPDATE_WEIGHTS call (Allocator::updateWeights).
func UpdateWeightsCall(m *bridgev1.Call_UpdateWeights) *bridgev1.Call {
	return &bridgev1.Call{Type: bridgev1.Call_UPDATE_WEIGHTS, Payload: &bridgev1.Call_UpdateWeights_{UpdateWeights: m}}
}

// UpdateWeights sends Allocator::updateWeights and waits until it is durable.
func (c *Client) UpdateWeights(ctx context.Context, m *bridgev1.Call_UpdateWeights) error {
	return c.oneWay(ctx, UpdateWeightsCall(m))
}

// Pause sends Allocator::pause and waits until it is durable.
func (c *Client) Pause(ctx context.Context) error {
	return c.oneWay(ctx, &bridgev1.Call{Type: bridgev1.Call_PAUSE})
}

// Resume sends Allocator::resume and waits until it is durable.
func (c *Client) Resume(ctx context.Context) error {
	return c.oneWay(ctx, &bridgev1.Call{Type: bridgev1.Call_RESUME})
}

// UpdateAvailableCall builds the UPDATE_AVAILABLE call.
func UpdateAvailableCall(m *bridgev1.Call_UpdateAvailable) *bridgev1.Call {
	return &bridgev1.Call{Type: bridgev1.Call_UPDATE_AVAILABLE, Payload: &bridgev1.Call_UpdateAvailable_{UpdateAvailable: m}}
}

// UpdateAvailable sends Allocator::updateAvailable, sequenced like a
// one-way call, and returns its result (an empty error: applied).
func (c *Client) UpdateAvailable(ctx context.Context, m *bridgev1.Call_UpdateAvailable) (*bridgev1.UpdateAvailableResult, error) {
	resp, err := c.Send(ctx, UpdateAvailableCall(m))
	if err != nil {
		return nil, err
	}
	return resp.GetUpdateAvailable(), nil
}

// GetInverseOfferStatuses asks for every framework's answer to every
// agent's inverse offer (Allocator::getInverseOfferStatuses).
func (c *Client) GetInverseOfferStatuses(ctx context.Context) (*bridgev1.InverseOfferStatuses, error) {
	resp, err := c.request(ctx, &bridgev1.Call{SessionId: c.cfg.SessionID, Type: bridgev1.Call_GET_INVERSE_OFFER_STATUSES}, c.cfg.CallTimeout)
	if err != nil {
		return nil, err
	}
	return resp.GetInverseOfferStatuses(), nil
}

// MasterLaunchTaskLabelDecorator asks the engine's masterLaunchTaskLabelDecorator hook, with the
// client's deadline and fallback (see Hook).
func (c *Client) MasterLaunchTaskLabelDecorator(ctx context.Context, m *bridgev1.Call_MasterLaunchTaskLabelDecorator) (*bridgev1.HookResult, error) {
	return c.Hook(ctx, &bridgev1.Call{Type: bridgev1.Call_MASTER_LAUNCH_TASK_LABEL_DECORATOR, Payload: &bridgev1.Call_MasterLaunchTaskLabelDecorator_{MasterLaunchTaskLabelDecorator: m}})
}

// MasterLaunchTaskResourceDecorator asks the engine's masterLaunchTaskResourceDecorator hook, with the
// client's deadline and fallback (see Hook).
func (c *Client) MasterLaunchTaskResourceDecorator(ctx context.Context, m *bridgev1.Call_MasterLaunchTaskResourceDecorator) (*bridgev1.HookResult, error) {
	return c.Hook(ctx, &bridgev1.Call{Type: bridgev1.Call_MASTER_LAUNCH_TASK_RESOURCE_DECORATOR, Payload: &bridgev1.Call_MasterLaunchTaskResourceDecorator_{MasterLaunchTaskResourceDecorator: m}})
}

// MasterSlaveLostHook asks the engine's masterSlaveLostHook hook, with the
// client's deadline and fallback (see Hook).
func (c *Client) MasterSlaveLostHook(ctx context.Context, m *bridgev1.Call_MasterSlaveLostHook) (*bridgev1.HookResult, error) {
	return c.Hook(ctx, &bridgev1.Call{Type: bridgev1.Call_MASTER_SLAVE_LOST_HOOK, Payload: &bridgev1.Call_MasterSlaveLostHook_{MasterSlaveLostHook: m}})
}

// SlaveRunTaskLabelDecorator asks the engine's slaveRunTaskLabelDecorator hook, with the
// client's deadline and fallback (see Hook).
func (c *Client) SlaveRunTaskLabelDecorator(ctx context.Context, m *bridgev1.Call_SlaveRunTaskLabelDecorator) (*bridgev1.HookResult, error) {
	return c.Hook(ctx, &bridgev1.Call{Type: bridgev1.Call_SLAVE_RUN_TASK_LABEL_DECORATOR, Payload: &bridgev1.Call_SlaveRunTaskLabelDecorator_{SlaveRunTaskLabelDecorator: m}})
}

// SlaveExecutorEnvironmentDecorator asks the engine's slaveExecutorEnvironmentDecorator hook, with the
// client's deadline and fallback (see Hook).
func (c *Client) SlaveExecutorEnvironmentDecorator(ctx context.Context, m *bridgev1.Call_SlaveExecutorEnvironmentDecorator) (*bridgev1.HookResult, error) {
	return c.Hook(ctx, &bridgev1.Call{Type: bridgev1.Call_SLAVE_EXECUTOR_ENVIRONMENT_DECORATOR, Payload: &bridgev1.Call_SlaveExecutorEnvironmentDecorator_{SlaveExecutorEnvironmentDecorator: m}})
}

// SlavePreLaunchDockerTaskExecutorDecorator asks the engine's slavePreLaunchDockerTaskExecutorDecorator hook, with the
// client's deadline and fallback (see Hook).
func (c *Client) SlavePreLaunchDockerTaskExecutorDecorator(ctx context.Context, m *bridgev1.Call_SlavePreLaunchDockerTaskExecutorDecorator) (*bridgev1.HookResult, error) {
	return c.Hook(ctx, &bridgev1.Call{Type: bridgev1.Call_SLAVE_PRE_LAUNCH_DOCKER_TASK_EXECUTOR_DECORATOR, Payload: &bridgev1.Call_SlavePreLaunchDockerTaskExecutorDecorator_{SlavePreLaunchDockerTaskExecutorDecorator: m}})
}

// SlavePostFetchHook asks the engine's slavePostFetchHook hook, with the
// client's deadline and fallback (see Hook).
func (c *Client) SlavePostFetchHook(ctx context.Context, m *bridgev1.Call_SlavePostFetchHook) (*bridgev1.HookResult, error) {
	return c.Hook(ctx, &bridgev1.Call{Type: bridgev1.Call_SLAVE_POST_FETCH_HOOK, Payload: &bridgev1.Call_SlavePostFetchHook_{SlavePostFetchHook: m}})
}

// SlaveRemoveExecutorHook asks the engine's slaveRemoveExecutorHook hook, with the
// client's deadline and fallback (see Hook).
func (c *Client) SlaveRemoveExecutorHook(ctx context.Context, m *bridgev1.Call_SlaveRemoveExecutorHook) (*bridgev1.HookResult, error) {
	return c.Hook(ctx, &bridgev1.Call{Type: bridgev1.Call_SLAVE_REMOVE_EXECUTOR_HOOK, Payload: &bridgev1.Call_SlaveRemoveExecutorHook_{SlaveRemoveExecutorHook: m}})
}

// SlaveTaskStatusDecorator asks the engine's slaveTaskStatusDecorator hook, with the
// client's deadline and fallback (see Hook).
func (c *Client) SlaveTaskStatusDecorator(ctx context.Context, m *bridgev1.Call_SlaveTaskStatusDecorator) (*bridgev1.HookResult, error) {
	return c.Hook(ctx, &bridgev1.Call{Type: bridgev1.Call_SLAVE_TASK_STATUS_DECORATOR, Payload: &bridgev1.Call_SlaveTaskStatusDecorator_{SlaveTaskStatusDecorator: m}})
}

// SlaveResourcesDecorator asks the engine's slaveResourcesDecorator hook, with the
// client's deadline and fallback (see Hook).
func (c *Client) SlaveResourcesDecorator(ctx context.Context, m *bridgev1.Call_SlaveInfoDecorator) (*bridgev1.HookResult, error) {
	return c.Hook(ctx, &bridgev1.Call{Type: bridgev1.Call_SLAVE_RESOURCES_DECORATOR, Payload: &bridgev1.Call_SlaveResourcesDecorator{SlaveResourcesDecorator: m}})
}

// SlaveAttributesDecorator asks the engine's slaveAttributesDecorator hook, with the
// client's deadline and fallback (see Hook).
func (c *Client) SlaveAttributesDecorator(ctx context.Context, m *bridgev1.Call_SlaveInfoDecorator) (*bridgev1.HookResult, error) {
	return c.Hook(ctx, &bridgev1.Call{Type: bridgev1.Call_SLAVE_ATTRIBUTES_DECORATOR, Payload: &bridgev1.Call_SlaveAttributesDecorator{SlaveAttributesDecorator: m}})
}

// IsolatorPrepare asks the engine's isolatorPrepare hook, with the
// client's deadline and fallback (see Hook).
func (c *Client) IsolatorPrepare(ctx context.Context, m *bridgev1.Call_IsolatorPrepare) (*bridgev1.HookResult, error) {
	return c.Hook(ctx, &bridgev1.Call{Type: bridgev1.Call_ISOLATOR_PREPARE, Payload: &bridgev1.Call_IsolatorPrepare_{IsolatorPrepare: m}})
}

// IsolatorCleanup asks the engine's isolatorCleanup hook, with the
// client's deadline and fallback (see Hook).
func (c *Client) IsolatorCleanup(ctx context.Context, m *bridgev1.Call_IsolatorCleanup) (*bridgev1.HookResult, error) {
	return c.Hook(ctx, &bridgev1.Call{Type: bridgev1.Call_ISOLATOR_CLEANUP, Payload: &bridgev1.Call_IsolatorCleanup_{IsolatorCleanup: m}})
}
