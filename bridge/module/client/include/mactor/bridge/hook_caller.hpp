// Hook calls: synchronous, on the caller's thread, bounded by the hook
// deadline. When the engine is down, slow or answers nonsense, the
// configured fallback answers instead, so a hook never hangs Mesos.
#pragma once

#include <memory>
#include <mutex>
#include <vector>

#include "mactor/bridge/http.hpp"
#include "mactor/bridge/metrics.hpp"
#include "mactor/bridge/options.hpp"
#include "mactor/bridge/v1/bridge.pb.h"

namespace mactor::bridge {

class HookCaller {
 public:
  HookCaller(const ClientOptions& options, Metrics* metrics, LogSink log);
  ~HookCaller();

  // Sends a hook call (session id and sequence as given; hooks need
  // neither) and returns the engine's HookResult or the fallback.
  v1::HookResult Call(const v1::Call& call);

  // The fallback answer, marked fallback = true.
  v1::HookResult Fallback(const std::string& why) const;

 private:
  std::unique_ptr<Transfer> Acquire();
  void Release(std::unique_ptr<Transfer> t);

  const ClientOptions& options_;
  Metrics* metrics_;
  LogSink log_;
  std::string url_;
  LogThrottle fallback_log_;

  // Idle connections, reused across calls from any thread.
  std::mutex mu_;
  std::vector<std::unique_ptr<Transfer>> idle_;
};

}  // namespace mactor::bridge
