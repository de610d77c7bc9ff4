#include "mactor/bridge/metrics.hpp"

namespace mactor::bridge {

namespace {
uint64_t Load(const std::atomic<uint64_t>& v) {
  return v.load(std::memory_order_relaxed);
}
}  // namespace

MetricsSnapshot Metrics::Snapshot() const {
  MetricsSnapshot s;
  s.calls_queued = Load(calls_queued);
  s.calls_acknowledged = Load(calls_acknowledged);
  s.calls_duplicate = Load(calls_duplicate);
  s.calls_rejected = Load(calls_rejected);
  s.calls_dropped_queue_full = Load(calls_dropped_queue_full);
  s.calls_resent = Load(calls_resent);
  s.queue_depth = Load(queue_depth);
  s.queue_bytes = Load(queue_bytes);
  s.batches_sent = Load(batches_sent);
  s.send_failures = Load(send_failures);
  s.session_resets = Load(session_resets);
  s.hook_calls = Load(hook_calls);
  s.hook_fallbacks = Load(hook_fallbacks);
  s.hook_engine_fallbacks = Load(hook_engine_fallbacks);
  s.subscribe_attempts = Load(subscribe_attempts);
  s.subscribed = Load(subscribed);
  s.heartbeats = Load(heartbeats);
  s.offers = Load(offers);
  s.inverse_offers = Load(inverse_offers);
  s.events_skipped = Load(events_skipped);
  return s;
}

std::vector<std::pair<std::string, uint64_t>> MetricsSnapshot::Named() const {
  return {
      {"calls_queued", calls_queued},
      {"calls_acknowledged", calls_acknowledged},
      {"calls_duplicate", calls_duplicate},
      {"calls_rejected", calls_rejected},
      {"calls_dropped_queue_full", calls_dropped_queue_full},
      {"calls_resent", calls_resent},
      {"queue_depth", queue_depth},
      {"queue_bytes", queue_bytes},
      {"batches_sent", batches_sent},
      {"send_failures", send_failures},
      {"session_resets", session_resets},
      {"hook_calls", hook_calls},
      {"hook_fallbacks", hook_fallbacks},
      {"hook_engine_fallbacks", hook_engine_fallbacks},
      {"subscribe_attempts", subscribe_attempts},
      {"subscribed", subscribed},
      {"heartbeats", heartbeats},
      {"offers", offers},
      {"inverse_offers", inverse_offers},
      {"events_skipped", events_skipped},
  };
}

}  // namespace mactor::bridge
