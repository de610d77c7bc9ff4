#include "allocator_events.hpp"

namespace mactor::module::events {

OfferMap Offers(const bridge::v1::Event::Offers& offers) {
  OfferMap out;
  for (const auto& role : offers.roles()) {
    auto& agents = out[role.role()];
    for (const auto& slave : role.slaves()) {
      agents[slave.slave_id()] += mesos::Resources(slave.resources());
    }
  }
  return out;
}

InverseOfferMap InverseOffers(const bridge::v1::Event::InverseOffers& offers) {
  InverseOfferMap out;
  for (const auto& slave : offers.slaves()) {
    const auto& u = slave.unavailable_resources();
    out[slave.slave_id()] =
        mesos::UnavailableResources{mesos::Resources(u.resources()), u.unavailability()};
  }
  return out;
}

StatusMap Statuses(const bridge::v1::InverseOfferStatuses& statuses) {
  StatusMap out;
  for (const auto& e : statuses.statuses()) out[e.slave_id()][e.framework_id()] = e.status();
  return out;
}

}  // namespace mactor::module::events
