// Bridge calls built from the arguments of Mesos 1.11's allocator methods.
// The bridge messages embed Mesos's own protobuf classes (bridge.proto is
// compiled against Mesos's mesos/*.proto), so fields are copied, not
// converted.
#pragma once

#include <set>
#include <string>
#include <vector>

#include <mesos/allocator/allocator.hpp>

#include "mactor/bridge/v1/bridge.pb.h"

namespace mactor::module::calls {

using bridge::v1::Call;
using mesos::FrameworkID;
using mesos::SlaveID;

Call Initialize(const mesos::allocator::Options& options);
Call Recover(int expectedAgentCount, const hashmap<std::string, mesos::Quota>& quotas);
Call AddFramework(const FrameworkID& id, const mesos::FrameworkInfo& info,
                  const hashmap<SlaveID, mesos::Resources>& used, bool active,
                  const mesos::allocator::FrameworkOptions& options);
Call FrameworkOnly(Call::Type type, const FrameworkID& id);
Call UpdateFramework(const FrameworkID& id, const mesos::FrameworkInfo& info,
                     const mesos::allocator::FrameworkOptions& options);
Call AddSlave(const SlaveID& id, const mesos::SlaveInfo& info,
              const std::vector<mesos::SlaveInfo::Capability>& capabilities,
              const Option<mesos::Unavailability>& unavailability,
              const mesos::Resources& total,
              const hashmap<FrameworkID, mesos::Resources>& used);
Call SlaveOnly(Call::Type type, const SlaveID& id);
Call UpdateSlave(const SlaveID& id, const mesos::SlaveInfo& info,
                 const Option<mesos::Resources>& total,
                 const Option<std::vector<mesos::SlaveInfo::Capability>>& capabilities);
Call AddResourceProvider(const SlaveID& id, const mesos::Resources& total,
                         const hashmap<FrameworkID, mesos::Resources>& used);
Call UpdateWhitelist(const Option<hashset<std::string>>& whitelist);
Call RequestResources(const FrameworkID& id, const std::vector<mesos::Request>& requests);
Call UpdateAllocation(const FrameworkID& fw, const SlaveID& agent,
                      const mesos::Resources& offered,
                      const std::vector<mesos::ResourceConversion>& conversions);
Call UpdateAvailable(const SlaveID& id, const std::vector<mesos::Offer::Operation>& operations);
Call UpdateUnavailability(const SlaveID& id, const Option<mesos::Unavailability>& unavailability);
Call UpdateInverseOffer(const SlaveID& agent, const FrameworkID& fw,
                        const Option<mesos::UnavailableResources>& unavailable,
                        const Option<mesos::allocator::InverseOfferStatus>& status,
                        const Option<mesos::Filters>& filters);
Call GetInverseOfferStatuses();
Call TransitionOfferedToAllocated(const SlaveID& id, const mesos::Resources& resources);
Call RecoverResources(const FrameworkID& fw, const SlaveID& agent,
                      const mesos::Resources& resources,
                      const Option<mesos::Filters>& filters, bool isAllocated);
Call Roles(Call::Type type, const FrameworkID& id, const std::set<std::string>& roles);
Call UpdateQuota(const std::string& role, const mesos::Quota& quota);
Call UpdateWeights(const std::vector<mesos::WeightInfo>& weights);
Call NoPayload(Call::Type type);

}  // namespace mactor::module::calls
