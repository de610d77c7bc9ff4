#include "mactor_allocator.hpp"

#include <process/future.hpp>

#include "allocator_calls.hpp"

namespace mactor::module {

namespace v1 = bridge::v1;
using v1::Call;

MactorAllocator::MactorAllocator(bridge::ClientOptions options)
    : client_(std::move(options)) {}

MactorAllocator::~MactorAllocator() {
  client_.Stop();
  gauges_.reset();
}

void MactorAllocator::Send(const Call& call) {
  // A call the queue cannot hold is logged and counted by the client.
  client_.Send(call);
}

void MactorAllocator::OnEvent(const v1::Event& event) {
  // Runs on the subscriber's thread. The master's callbacks are deferred
  // to its own actor (Master::initialize wraps them in defer), so calling
  // them from here is safe.
  std::lock_guard<std::mutex> lock(callbacks_mu_);
  if (event.type() == v1::Event::OFFERS && offer_callback_) {
    offer_callback_(event.offers().framework_id(), events::Offers(event.offers()));
  } else if (event.type() == v1::Event::INVERSE_OFFERS && inverse_offer_callback_) {
    inverse_offer_callback_(event.inverse_offers().framework_id(),
                            events::InverseOffers(event.inverse_offers()));
  }
}

void MactorAllocator::initialize(
    const mesos::allocator::Options& options,
    const lambda::function<void(const mesos::FrameworkID&, const events::OfferMap&)>&
        offerCallback,
    const lambda::function<void(const mesos::FrameworkID&, const events::InverseOfferMap&)>&
        inverseOfferCallback) {
  {
    std::lock_guard<std::mutex> lock(callbacks_mu_);
    offer_callback_ = offerCallback;
    inverse_offer_callback_ = inverseOfferCallback;
  }
  if (!gauges_) gauges_ = std::make_unique<MetricsGauges>("allocator/mactor/", &client_);
  Send(calls::Initialize(options));
}

void MactorAllocator::recover(const int expectedAgentCount,
                              const hashmap<std::string, mesos::Quota>& quotas) {
  Send(calls::Recover(expectedAgentCount, quotas));
  // Only the elected master gets here: start talking to the engine.
  client_.Start([this](const v1::Event& e) { OnEvent(e); });
}

void MactorAllocator::addFramework(const mesos::FrameworkID& frameworkId,
                                   const mesos::FrameworkInfo& frameworkInfo,
                                   const hashmap<mesos::SlaveID, mesos::Resources>& used,
                                   bool active, mesos::allocator::FrameworkOptions&& options) {
  Send(calls::AddFramework(frameworkId, frameworkInfo, used, active, options));
}

void MactorAllocator::removeFramework(const mesos::FrameworkID& frameworkId) {
  Send(calls::FrameworkOnly(Call::REMOVE_FRAMEWORK, frameworkId));
}

void MactorAllocator::activateFramework(const mesos::FrameworkID& frameworkId) {
  Send(calls::FrameworkOnly(Call::ACTIVATE_FRAMEWORK, frameworkId));
}

void MactorAllocator::deactivateFramework(const mesos::FrameworkID& frameworkId) {
  Send(calls::FrameworkOnly(Call::DEACTIVATE_FRAMEWORK, frameworkId));
}

void MactorAllocator::updateFramework(const mesos::FrameworkID& frameworkId,
                                      const mesos::FrameworkInfo& frameworkInfo,
                                      mesos::allocator::FrameworkOptions&& options) {
  Send(calls::UpdateFramework(frameworkId, frameworkInfo, options));
}

void MactorAllocator::addSlave(const mesos::SlaveID& slaveId, const mesos::SlaveInfo& slaveInfo,
                               const std::vector<mesos::SlaveInfo::Capability>& capabilities,
                               const Option<mesos::Unavailability>& unavailability,
                               const mesos::Resources& total,
                               const hashmap<mesos::FrameworkID, mesos::Resources>& used) {
  Send(calls::AddSlave(slaveId, slaveInfo, capabilities, unavailability, total, used));
}

void MactorAllocator::removeSlave(const mesos::SlaveID& slaveId) {
  Send(calls::SlaveOnly(Call::REMOVE_SLAVE, slaveId));
}

void MactorAllocator::updateSlave(
    const mesos::SlaveID& slave, const mesos::SlaveInfo& slaveInfo,
    const Option<mesos::Resources>& total,
    const Option<std::vector<mesos::SlaveInfo::Capability>>& capabilities) {
  Send(calls::UpdateSlave(slave, slaveInfo, total, capabilities));
}

void MactorAllocator::addResourceProvider(
    const mesos::SlaveID& slave, const mesos::Resources& total,
    const hashmap<mesos::FrameworkID, mesos::Resources>& used) {
  Send(calls::AddResourceProvider(slave, total, used));
}

void MactorAllocator::activateSlave(const mesos::SlaveID& slaveId) {
  Send(calls::SlaveOnly(Call::ACTIVATE_SLAVE, slaveId));
}

void MactorAllocator::deactivateSlave(const mesos::SlaveID& slaveId) {
  Send(calls::SlaveOnly(Call::DEACTIVATE_SLAVE, slaveId));
}

void MactorAllocator::updateWhitelist(const Option<hashset<std::string>>& whitelist) {
  Send(calls::UpdateWhitelist(whitelist));
}

void MactorAllocator::requestResources(const mesos::FrameworkID& frameworkId,
                                       const std::vector<mesos::Request>& requests) {
  Send(calls::RequestResources(frameworkId, requests));
}

void MactorAllocator::updateAllocation(
    const mesos::FrameworkID& frameworkId, const mesos::SlaveID& slaveId,
    const mesos::Resources& offeredResources,
    const std::vector<mesos::ResourceConversion>& conversions) {
  Send(calls::UpdateAllocation(frameworkId, slaveId, offeredResources, conversions));
}

process::Future<Nothing> MactorAllocator::updateAvailable(
    const mesos::SlaveID& slaveId, const std::vector<mesos::Offer::Operation>& operations) {
  // Sequenced with the one-way calls, so it sees their effect; the future
  // completes when the engine answers (Promise is thread-safe).
  auto promise = std::make_shared<process::Promise<Nothing>>();
  process::Future<Nothing> future = promise->future();
  client_.Send(calls::UpdateAvailable(slaveId, operations),
               [promise](const bridge::CallOutcome& o) {
                 if (!o.ok) {
                   promise->fail("mactor: " + o.error);
                 } else if (!o.response.update_available().error().empty()) {
                   promise->fail(o.response.update_available().error());
                 } else {
                   promise->set(Nothing());
                 }
               });
  return future;
}

void MactorAllocator::updateUnavailability(const mesos::SlaveID& slaveId,
                                           const Option<mesos::Unavailability>& unavailability) {
  Send(calls::UpdateUnavailability(slaveId, unavailability));
}

void MactorAllocator::updateInverseOffer(
    const mesos::SlaveID& slaveId, const mesos::FrameworkID& frameworkId,
    const Option<mesos::UnavailableResources>& unavailableResources,
    const Option<mesos::allocator::InverseOfferStatus>& status,
    const Option<mesos::Filters>& filters) {
  Send(calls::UpdateInverseOffer(slaveId, frameworkId, unavailableResources, status, filters));
}

process::Future<events::StatusMap> MactorAllocator::getInverseOfferStatuses() {
  auto promise = std::make_shared<process::Promise<events::StatusMap>>();
  process::Future<events::StatusMap> future = promise->future();
  client_.Send(calls::GetInverseOfferStatuses(), [promise](const bridge::CallOutcome& o) {
    if (!o.ok) {
      promise->fail("mactor: " + o.error);
    } else {
      promise->set(events::Statuses(o.response.inverse_offer_statuses()));
    }
  });
  return future;
}

void MactorAllocator::transitionOfferedToAllocated(const mesos::SlaveID& slaveId,
                                                   const mesos::Resources& resources) {
  Send(calls::TransitionOfferedToAllocated(slaveId, resources));
}

void MactorAllocator::recoverResources(const mesos::FrameworkID& frameworkId,
                                       const mesos::SlaveID& slaveId,
                                       const mesos::Resources& resources,
                                       const Option<mesos::Filters>& filters, bool isAllocated) {
  Send(calls::RecoverResources(frameworkId, slaveId, resources, filters, isAllocated));
}

void MactorAllocator::suppressOffers(const mesos::FrameworkID& frameworkId,
                                     const std::set<std::string>& roles) {
  Send(calls::Roles(Call::SUPPRESS_OFFERS, frameworkId, roles));
}

void MactorAllocator::reviveOffers(const mesos::FrameworkID& frameworkId,
                                   const std::set<std::string>& roles) {
  Send(calls::Roles(Call::REVIVE_OFFERS, frameworkId, roles));
}

void MactorAllocator::updateQuota(const std::string& role, const mesos::Quota& quota) {
  Send(calls::UpdateQuota(role, quota));
}

void MactorAllocator::updateWeights(const std::vector<mesos::WeightInfo>& weightInfos) {
  Send(calls::UpdateWeights(weightInfos));
}

void MactorAllocator::pause() { Send(calls::NoPayload(Call::PAUSE)); }

void MactorAllocator::resume() { Send(calls::NoPayload(Call::RESUME)); }

}  // namespace mactor::module
