// Package agent is the agent actor: one supervised actor per SlaveID (under
// the `agents` simple_one_for_one supervisor) that owns the agent's durable
// record.
//
// The actor is an owner of the bridge (package bridge/owner): it journals
// the allocator calls about its agent and its availability — ADD, REMOVE,
// UPDATE, ACTIVATE and DEACTIVATE_SLAVE, ADD_RESOURCE_PROVIDER,
// UPDATE_AVAILABLE, UPDATE_UNAVAILABILITY, UPDATE_INVERSE_OFFER and
// TRANSITION_OFFERED_TO_ALLOCATED — in its stream "agent/<id>", folds them
// into a bridgev1.AgentRecord with Rules, and answers only once they are
// durable. UPDATE_AVAILABLE is the one call answered with a result: the
// operations apply if the agent's available resources (total minus what
// the agent reported in use and what was turned from offered into
// allocated) hold what they consume.
package agent
