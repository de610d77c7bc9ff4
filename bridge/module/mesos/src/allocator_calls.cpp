#include "allocator_calls.hpp"

namespace mactor::module::calls {

namespace v1 = bridge::v1;
using google::protobuf::RepeatedPtrField;

namespace {

void CopyResources(const mesos::Resources& from, RepeatedPtrField<mesos::Resource>* to) {
  for (const mesos::Resource& r : from) *to->Add() = r;
}

void CopyQuota(const mesos::Quota& from, v1::Quota* to) {
  for (const auto& [name, scalar] : from.guarantees) {
    (*to->mutable_guarantees())[name] = scalar.value();
  }
  for (const auto& [name, scalar] : from.limits) {
    (*to->mutable_limits())[name] = scalar.value();
  }
}

void CopyOptions(const mesos::allocator::FrameworkOptions& from, v1::FrameworkOptions* to) {
  for (const std::string& role : from.suppressedRoles) to->add_suppressed_roles(role);
  // Mesos 1.11 hands the allocator only the compiled OfferConstraintsFilter,
  // not the framework's OfferConstraints, so offer_constraints stays unset
  // (docs/module.md).
}

Call Typed(Call::Type type) {
  Call c;
  c.set_type(type);
  return c;
}

}  // namespace

Call Initialize(const mesos::allocator::Options& options) {
  Call c = Typed(Call::INITIALIZE);
  auto* i = c.mutable_initialize();
  i->set_allocation_interval_seconds(options.allocationInterval.secs());
  if (options.fairnessExcludeResourceNames.isSome()) {
    for (const std::string& name : options.fairnessExcludeResourceNames.get()) {
      i->add_fairness_exclude_resource_names(name);
    }
  }
  i->set_filter_gpu_resources(options.filterGpuResources);
  if (options.domain.isSome()) *i->mutable_domain() = options.domain.get();
  if (options.minAllocatableResources.isSome()) {
    for (const mesos::ResourceQuantities& q : options.minAllocatableResources.get()) {
      auto* entry = i->add_min_allocatable_resources();
      for (const auto& [name, scalar] : q) (*entry->mutable_quantities())[name] = scalar.value();
    }
  }
  i->set_max_completed_frameworks(static_cast<int64_t>(options.maxCompletedFrameworks));
  i->set_publish_per_framework_metrics(options.publishPerFrameworkMetrics);
  i->set_recovery_timeout_seconds(options.recoveryTimeout.secs());
  i->set_agent_recovery_factor(options.agentRecoveryFactor);
  return c;
}

Call Recover(int expectedAgentCount, const hashmap<std::string, mesos::Quota>& quotas) {
  Call c = Typed(Call::RECOVER);
  auto* r = c.mutable_recover();
  r->set_expected_agent_count(expectedAgentCount);
  for (const auto& [role, quota] : quotas) CopyQuota(quota, &(*r->mutable_quotas())[role]);
  return c;
}

Call AddFramework(const FrameworkID& id, const mesos::FrameworkInfo& info,
                  const hashmap<SlaveID, mesos::Resources>& used, bool active,
                  const mesos::allocator::FrameworkOptions& options) {
  Call c = Typed(Call::ADD_FRAMEWORK);
  auto* a = c.mutable_add_framework();
  *a->mutable_framework_id() = id;
  *a->mutable_framework_info() = info;
  for (const auto& [agent, resources] : used) {
    auto* u = a->add_used();
    *u->mutable_slave_id() = agent;
    CopyResources(resources, u->mutable_resources());
  }
  a->set_active(active);
  CopyOptions(options, a->mutable_options());
  return c;
}

Call FrameworkOnly(Call::Type type, const FrameworkID& id) {
  Call c = Typed(type);
  v1::FrameworkTarget* t = nullptr;
  switch (type) {
    case Call::REMOVE_FRAMEWORK: t = c.mutable_remove_framework(); break;
    case Call::ACTIVATE_FRAMEWORK: t = c.mutable_activate_framework(); break;
    default: t = c.mutable_deactivate_framework(); break;
  }
  *t->mutable_framework_id() = id;
  return c;
}

Call UpdateFramework(const FrameworkID& id, const mesos::FrameworkInfo& info,
                     const mesos::allocator::FrameworkOptions& options) {
  Call c = Typed(Call::UPDATE_FRAMEWORK);
  auto* u = c.mutable_update_framework();
  *u->mutable_framework_id() = id;
  *u->mutable_framework_info() = info;
  CopyOptions(options, u->mutable_options());
  return c;
}

Call AddSlave(const SlaveID& id, const mesos::SlaveInfo& info,
              const std::vector<mesos::SlaveInfo::Capability>& capabilities,
              const Option<mesos::Unavailability>& unavailability,
              const mesos::Resources& total,
              const hashmap<FrameworkID, mesos::Resources>& used) {
  Call c = Typed(Call::ADD_SLAVE);
  auto* a = c.mutable_add_slave();
  *a->mutable_slave_id() = id;
  *a->mutable_slave_info() = info;
  for (const auto& cap : capabilities) *a->add_capabilities() = cap;
  if (unavailability.isSome()) *a->mutable_unavailability() = unavailability.get();
  CopyResources(total, a->mutable_total());
  for (const auto& [fw, resources] : used) {
    auto* u = a->add_used();
    *u->mutable_framework_id() = fw;
    CopyResources(resources, u->mutable_resources());
  }
  return c;
}

Call SlaveOnly(Call::Type type, const SlaveID& id) {
  Call c = Typed(type);
  v1::SlaveTarget* t = nullptr;
  switch (type) {
    case Call::REMOVE_SLAVE: t = c.mutable_remove_slave(); break;
    case Call::ACTIVATE_SLAVE: t = c.mutable_activate_slave(); break;
    default: t = c.mutable_deactivate_slave(); break;
  }
  *t->mutable_slave_id() = id;
  return c;
}

Call UpdateSlave(const SlaveID& id, const mesos::SlaveInfo& info,
                 const Option<mesos::Resources>& total,
                 const Option<std::vector<mesos::SlaveInfo::Capability>>& capabilities) {
  Call c = Typed(Call::UPDATE_SLAVE);
  auto* u = c.mutable_update_slave();
  *u->mutable_slave_id() = id;
  *u->mutable_slave_info() = info;
  // Absent wrappers mean None (unchanged); present but empty, "now empty".
  if (total.isSome()) CopyResources(total.get(), u->mutable_total()->mutable_resources());
  if (capabilities.isSome()) {
    auto* list = u->mutable_capabilities();
    for (const auto& cap : capabilities.get()) *list->add_capabilities() = cap;
  }
  return c;
}

Call AddResourceProvider(const SlaveID& id, const mesos::Resources& total,
                         const hashmap<FrameworkID, mesos::Resources>& used) {
  Call c = Typed(Call::ADD_RESOURCE_PROVIDER);
  auto* a = c.mutable_add_resource_provider();
  *a->mutable_slave_id() = id;
  CopyResources(total, a->mutable_total());
  for (const auto& [fw, resources] : used) {
    auto* u = a->add_used();
    *u->mutable_framework_id() = fw;
    CopyResources(resources, u->mutable_resources());
  }
  return c;
}

Call UpdateWhitelist(const Option<hashset<std::string>>& whitelist) {
  Call c = Typed(Call::UPDATE_WHITELIST);
  auto* u = c.mutable_update_whitelist();
  if (whitelist.isSome()) {
    auto* list = u->mutable_whitelist();
    for (const std::string& host : whitelist.get()) list->add_hostnames(host);
  }
  return c;
}

Call RequestResources(const FrameworkID& id, const std::vector<mesos::Request>& requests) {
  Call c = Typed(Call::REQUEST_RESOURCES);
  auto* r = c.mutable_request_resources();
  *r->mutable_framework_id() = id;
  for (const auto& req : requests) *r->add_requests() = req;
  return c;
}

Call UpdateAllocation(const FrameworkID& fw, const SlaveID& agent,
                      const mesos::Resources& offered,
                      const std::vector<mesos::ResourceConversion>& conversions) {
  Call c = Typed(Call::UPDATE_ALLOCATION);
  auto* u = c.mutable_update_allocation();
  *u->mutable_framework_id() = fw;
  *u->mutable_slave_id() = agent;
  CopyResources(offered, u->mutable_offered_resources());
  for (const auto& conv : conversions) {
    auto* out = u->add_conversions();
    CopyResources(conv.consumed, out->mutable_consumed());
    CopyResources(conv.converted, out->mutable_converted());
  }
  return c;
}

Call UpdateAvailable(const SlaveID& id, const std::vector<mesos::Offer::Operation>& operations) {
  Call c = Typed(Call::UPDATE_AVAILABLE);
  auto* u = c.mutable_update_available();
  *u->mutable_slave_id() = id;
  for (const auto& op : operations) *u->add_operations() = op;
  return c;
}

Call UpdateUnavailability(const SlaveID& id, const Option<mesos::Unavailability>& unavailability) {
  Call c = Typed(Call::UPDATE_UNAVAILABILITY);
  auto* u = c.mutable_update_unavailability();
  *u->mutable_slave_id() = id;
  if (unavailability.isSome()) *u->mutable_unavailability() = unavailability.get();
  return c;
}

Call UpdateInverseOffer(const SlaveID& agent, const FrameworkID& fw,
                        const Option<mesos::UnavailableResources>& unavailable,
                        const Option<mesos::allocator::InverseOfferStatus>& status,
                        const Option<mesos::Filters>& filters) {
  Call c = Typed(Call::UPDATE_INVERSE_OFFER);
  auto* u = c.mutable_update_inverse_offer();
  *u->mutable_slave_id() = agent;
  *u->mutable_framework_id() = fw;
  if (unavailable.isSome()) {
    auto* out = u->mutable_unavailable_resources();
    CopyResources(unavailable->resources, out->mutable_resources());
    *out->mutable_unavailability() = unavailable->unavailability;
  }
  if (status.isSome()) *u->mutable_status() = status.get();
  if (filters.isSome()) *u->mutable_filters() = filters.get();
  return c;
}

Call GetInverseOfferStatuses() { return Typed(Call::GET_INVERSE_OFFER_STATUSES); }

Call TransitionOfferedToAllocated(const SlaveID& id, const mesos::Resources& resources) {
  Call c = Typed(Call::TRANSITION_OFFERED_TO_ALLOCATED);
  auto* t = c.mutable_transition_offered_to_allocated();
  *t->mutable_slave_id() = id;
  CopyResources(resources, t->mutable_resources());
  return c;
}

Call RecoverResources(const FrameworkID& fw, const SlaveID& agent,
                      const mesos::Resources& resources,
                      const Option<mesos::Filters>& filters, bool isAllocated) {
  Call c = Typed(Call::RECOVER_RESOURCES);
  auto* r = c.mutable_recover_resources();
  *r->mutable_framework_id() = fw;
  *r->mutable_slave_id() = agent;
  CopyResources(resources, r->mutable_resources());
  if (filters.isSome()) *r->mutable_filters() = filters.get();
  r->set_is_allocated(isAllocated);
  return c;
}

Call Roles(Call::Type type, const FrameworkID& id, const std::set<std::string>& roles) {
  Call c = Typed(type);
  v1::RoleTargets* t =
      type == Call::SUPPRESS_OFFERS ? c.mutable_suppress_offers() : c.mutable_revive_offers();
  *t->mutable_framework_id() = id;
  for (const std::string& role : roles) t->add_roles(role);
  return c;
}

Call UpdateQuota(const std::string& role, const mesos::Quota& quota) {
  Call c = Typed(Call::UPDATE_QUOTA);
  c.mutable_update_quota()->set_role(role);
  CopyQuota(quota, c.mutable_update_quota()->mutable_quota());
  return c;
}

Call UpdateWeights(const std::vector<mesos::WeightInfo>& weights) {
  Call c = Typed(Call::UPDATE_WEIGHTS);
  for (const auto& w : weights) *c.mutable_update_weights()->add_weight_infos() = w;
  return c;
}

Call NoPayload(Call::Type type) { return Typed(type); }

}  // namespace mactor::module::calls
