// The outcome of a queued call, for the callers that wait for one (the
// allocator's updateAvailable and getInverseOfferStatuses).
#pragma once

#include <functional>
#include <string>

#include "mactor/bridge/v1/bridge.pb.h"

namespace mactor::bridge {

struct CallOutcome {
  // True when the engine applied the call (or had applied it before).
  bool ok = false;
  // The call's HTTP status: 200/202, 400 (refused), 0 (never sent: the
  // queue was full, or the client stopped first).
  int status = 0;
  std::string error;
  bool duplicate = false;
  // The engine's answer. Empty when the acknowledgement came without one
  // (SUBSCRIBED said the call was applied, or a resend found it applied).
  v1::Response response;
};

using CallDone = std::function<void(const CallOutcome&)>;

}  // namespace mactor::bridge
