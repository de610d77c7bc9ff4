// Counters of libmactorbridge. Every field is safe to read at any time;
// the Mesos adapters publish them as master metrics.
#pragma once

#include <atomic>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace mactor::bridge {

// A plain copy of the counters at one moment.
struct MetricsSnapshot {
  uint64_t calls_queued = 0;        // sequenced and request calls accepted
  uint64_t calls_acknowledged = 0;  // answered 200/202 (or covered by
                                    // SUBSCRIBED.last_applied_sequence)
  uint64_t calls_duplicate = 0;     // acknowledged as already applied
  uint64_t calls_rejected = 0;      // refused by the engine (400), dropped
  uint64_t calls_dropped_queue_full = 0;  // never queued: queue full
  uint64_t calls_resent = 0;        // sends of a call after its first
  uint64_t queue_depth = 0;         // calls waiting for acknowledgement
  uint64_t queue_bytes = 0;         // their encoded size
  uint64_t batches_sent = 0;        // requests of the sender
  uint64_t send_failures = 0;       // requests that failed as a whole
  uint64_t session_resets = 0;      // new session after the engine lost one
  uint64_t hook_calls = 0;
  uint64_t hook_fallbacks = 0;      // answered by this library's fallback
  uint64_t hook_engine_fallbacks = 0;  // answered by the engine's fallback
  uint64_t subscribe_attempts = 0;
  uint64_t subscribed = 0;          // SUBSCRIBED events received
  uint64_t heartbeats = 0;
  uint64_t offers = 0;              // OFFERS events handed to the callback
  uint64_t inverse_offers = 0;      // INVERSE_OFFERS events handed over
  uint64_t events_skipped = 0;      // already seen (resent by the engine)

  // Name/value pairs, names as in the comments above.
  std::vector<std::pair<std::string, uint64_t>> Named() const;
};

// The live counters.
struct Metrics {
  std::atomic<uint64_t> calls_queued{0};
  std::atomic<uint64_t> calls_acknowledged{0};
  std::atomic<uint64_t> calls_duplicate{0};
  std::atomic<uint64_t> calls_rejected{0};
  std::atomic<uint64_t> calls_dropped_queue_full{0};
  std::atomic<uint64_t> calls_resent{0};
  std::atomic<uint64_t> queue_depth{0};
  std::atomic<uint64_t> queue_bytes{0};
  std::atomic<uint64_t> batches_sent{0};
  std::atomic<uint64_t> send_failures{0};
  std::atomic<uint64_t> session_resets{0};
  std::atomic<uint64_t> hook_calls{0};
  std::atomic<uint64_t> hook_fallbacks{0};
  std::atomic<uint64_t> hook_engine_fallbacks{0};
  std::atomic<uint64_t> subscribe_attempts{0};
  std::atomic<uint64_t> subscribed{0};
  std::atomic<uint64_t> heartbeats{0};
  std::atomic<uint64_t> offers{0};
  std::atomic<uint64_t> inverse_offers{0};
  std::atomic<uint64_t> events_skipped{0};

  MetricsSnapshot Snapshot() const;
};

}  // namespace mactor::bridge
