#include "mactor/bridge/call_kind.hpp"

namespace mactor::bridge {

CallKind KindOf(v1::Call::Type type) {
  using C = v1::Call;
  if (!v1::Call::Type_IsValid(type)) return CallKind::kInvalid;
  if (type == C::SUBSCRIBE) return CallKind::kSubscribe;
  if (type == C::UPDATE_AVAILABLE || type == C::GET_INVERSE_OFFER_STATUSES) {
    return CallKind::kRequest;
  }
  if (type >= C::INITIALIZE && type <= C::RESUME) return CallKind::kOneWay;
  if ((type >= C::MASTER_LAUNCH_TASK_LABEL_DECORATOR &&
       type <= C::SLAVE_ATTRIBUTES_DECORATOR) ||
      type == C::ISOLATOR_PREPARE || type == C::ISOLATOR_CLEANUP) {
    return CallKind::kHook;
  }
  return CallKind::kInvalid;
}

bool IsSequenced(v1::Call::Type type) {
  return KindOf(type) == CallKind::kOneWay || type == v1::Call::UPDATE_AVAILABLE;
}

const std::string& TypeName(v1::Call::Type type) {
  return v1::Call::Type_Name(type);
}

}  // namespace mactor::bridge
