// MactorAllocator: Mesos 1.11's allocator interface, forwarded to the mactor
// engine over the bridge. Every method only queues a call (the master's
// actor never waits for the engine); offers come back on the SUBSCRIBE
// stream and go to the master's callbacks.
//
// Standby masters also create and initialize their allocator, so nothing is
// sent before recover(), which only the elected master calls: until then the
// calls wait in the queue.
#pragma once

#include <memory>
#include <mutex>

#include <mesos/allocator/allocator.hpp>

#include "allocator_events.hpp"
#include "mactor/bridge/client.hpp"
#include "metrics_gauges.hpp"

namespace mactor::module {

class MactorAllocator : public mesos::allocator::Allocator {
 public:
  explicit MactorAllocator(bridge::ClientOptions options);
  ~MactorAllocator() override;

  void initialize(
      const mesos::allocator::Options& options,
      const lambda::function<void(const mesos::FrameworkID&, const events::OfferMap&)>&
          offerCallback,
      const lambda::function<void(const mesos::FrameworkID&, const events::InverseOfferMap&)>&
          inverseOfferCallback) override;

  void recover(const int expectedAgentCount,
               const hashmap<std::string, mesos::Quota>& quotas) override;

  void addFramework(const mesos::FrameworkID& frameworkId,
                    const mesos::FrameworkInfo& frameworkInfo,
                    const hashmap<mesos::SlaveID, mesos::Resources>& used, bool active,
                    mesos::allocator::FrameworkOptions&& options) override;
  void removeFramework(const mesos::FrameworkID& frameworkId) override;
  void activateFramework(const mesos::FrameworkID& frameworkId) override;
  void deactivateFramework(const mesos::FrameworkID& frameworkId) override;
  void updateFramework(const mesos::FrameworkID& frameworkId,
                       const mesos::FrameworkInfo& frameworkInfo,
                       mesos::allocator::FrameworkOptions&& options) override;

  void addSlave(const mesos::SlaveID& slaveId, const mesos::SlaveInfo& slaveInfo,
                const std::vector<mesos::SlaveInfo::Capability>& capabilities,
                const Option<mesos::Unavailability>& unavailability,
                const mesos::Resources& total,
                const hashmap<mesos::FrameworkID, mesos::Resources>& used) override;
  void removeSlave(const mesos::SlaveID& slaveId) override;
  void updateSlave(const mesos::SlaveID& slave, const mesos::SlaveInfo& slaveInfo,
                   const Option<mesos::Resources>& total = None(),
                   const Option<std::vector<mesos::SlaveInfo::Capability>>& capabilities =
                       None()) override;
  void addResourceProvider(const mesos::SlaveID& slave, const mesos::Resources& total,
                           const hashmap<mesos::FrameworkID, mesos::Resources>& used) override;
  void activateSlave(const mesos::SlaveID& slaveId) override;
  void deactivateSlave(const mesos::SlaveID& slaveId) override;

  void updateWhitelist(const Option<hashset<std::string>>& whitelist) override;
  void requestResources(const mesos::FrameworkID& frameworkId,
                        const std::vector<mesos::Request>& requests) override;
  void updateAllocation(const mesos::FrameworkID& frameworkId, const mesos::SlaveID& slaveId,
                        const mesos::Resources& offeredResources,
                        const std::vector<mesos::ResourceConversion>& conversions) override;
  process::Future<Nothing> updateAvailable(
      const mesos::SlaveID& slaveId,
      const std::vector<mesos::Offer::Operation>& operations) override;
  void updateUnavailability(const mesos::SlaveID& slaveId,
                            const Option<mesos::Unavailability>& unavailability) override;
  void updateInverseOffer(const mesos::SlaveID& slaveId, const mesos::FrameworkID& frameworkId,
                          const Option<mesos::UnavailableResources>& unavailableResources,
                          const Option<mesos::allocator::InverseOfferStatus>& status,
                          const Option<mesos::Filters>& filters = None()) override;
  process::Future<events::StatusMap> getInverseOfferStatuses() override;
  void transitionOfferedToAllocated(const mesos::SlaveID& slaveId,
                                    const mesos::Resources& resources) override;
  void recoverResources(const mesos::FrameworkID& frameworkId, const mesos::SlaveID& slaveId,
                        const mesos::Resources& resources,
                        const Option<mesos::Filters>& filters, bool isAllocated) override;
  void suppressOffers(const mesos::FrameworkID& frameworkId,
                      const std::set<std::string>& roles) override;
  void reviveOffers(const mesos::FrameworkID& frameworkId,
                    const std::set<std::string>& roles) override;
  void updateQuota(const std::string& role, const mesos::Quota& quota) override;
  void updateWeights(const std::vector<mesos::WeightInfo>& weightInfos) override;
  void pause() override;
  void resume() override;

 private:
  void Send(const bridge::v1::Call& call);
  void OnEvent(const bridge::v1::Event& event);

  bridge::BridgeClient client_;
  std::unique_ptr<MetricsGauges> gauges_;

  std::mutex callbacks_mu_;
  lambda::function<void(const mesos::FrameworkID&, const events::OfferMap&)> offer_callback_;
  lambda::function<void(const mesos::FrameworkID&, const events::InverseOfferMap&)>
      inverse_offer_callback_;
};

}  // namespace mactor::module
