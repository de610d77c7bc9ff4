// How each bridge call type travels: sequenced through the resend queue,
// a request answered with a result, or a synchronous hook.
#pragma once

#include "mactor/bridge/v1/bridge.pb.h"

namespace mactor::bridge {

enum class CallKind {
  kInvalid,
  kSubscribe,  // opens the event stream
  kOneWay,     // sequenced; 202 once durable
  kRequest,    // answered 200 with a result
  kHook,       // synchronous, with a deadline and a fallback
};

CallKind KindOf(v1::Call::Type type);

// Sequenced calls take a sequence number and may travel in a batch:
// one-way calls and UPDATE_AVAILABLE. GET_INVERSE_OFFER_STATUSES is a
// request that is not sequenced (it changes nothing) and goes alone.
bool IsSequenced(v1::Call::Type type);

// The name of a call type, e.g. "ADD_FRAMEWORK".
const std::string& TypeName(v1::Call::Type type);

}  // namespace mactor::bridge
