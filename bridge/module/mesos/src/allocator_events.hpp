// The engine's answers in the shapes Mesos's master expects: OFFERS and
// INVERSE_OFFERS events for the master's callbacks, inverse offer statuses
// for getInverseOfferStatuses.
#pragma once

#include <string>

#include <mesos/allocator/allocator.hpp>

#include "mactor/bridge/v1/bridge.pb.h"

namespace mactor::module::events {

using OfferMap = hashmap<std::string, hashmap<mesos::SlaveID, mesos::Resources>>;
using InverseOfferMap = hashmap<mesos::SlaveID, mesos::UnavailableResources>;
using StatusMap =
    hashmap<mesos::SlaveID, hashmap<mesos::FrameworkID, mesos::allocator::InverseOfferStatus>>;

OfferMap Offers(const bridge::v1::Event::Offers& offers);
InverseOfferMap InverseOffers(const bridge::v1::Event::InverseOffers& offers);
StatusMap Statuses(const bridge::v1::InverseOfferStatuses& statuses);

}  // namespace mactor::module::events
