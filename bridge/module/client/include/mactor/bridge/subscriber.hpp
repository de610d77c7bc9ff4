// The subscriber: one thread that keeps the SUBSCRIBE stream open, reads
// its RecordIO events, and reconnects with backoff when the stream ends,
// fails, or falls silent for several heartbeat intervals.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <string>
#include <thread>

#include "mactor/bridge/backoff.hpp"
#include "mactor/bridge/http.hpp"
#include "mactor/bridge/metrics.hpp"
#include "mactor/bridge/options.hpp"
#include "mactor/bridge/v1/bridge.pb.h"

namespace mactor::bridge {

class Subscriber {
 public:
  struct Handlers {
    // Called just before each SUBSCRIBE request is sent; what it returns
    // is handed to on_subscribed with that stream's SUBSCRIBED. The client
    // reads its acknowledged watermark here: only what was acknowledged
    // before the request must be covered by SUBSCRIBED's
    // last_applied_sequence (the engine reads it when the request
    // arrives, and acknowledgements may overtake the stream's first
    // event).
    std::function<uint64_t()> before_subscribe;
    // SUBSCRIBED, first event of every stream, with before_subscribe's
    // value for the stream (0 without before_subscribe).
    std::function<void(const v1::Event::Subscribed&, uint64_t)> on_subscribed;
    // OFFERS and INVERSE_OFFERS, each once (resent ones are skipped).
    std::function<void(const v1::Event&)> on_event;
  };

  Subscriber(const ClientOptions& options, Metrics* metrics, LogSink log,
             std::function<std::string()> session_id, Handlers handlers);
  ~Subscriber();

  void Start();
  void Stop();
  // Ends the current stream and opens a new one at once (the session
  // changed).
  void Reconnect();

 private:
  void Run();
  // One stream, from SUBSCRIBE to its end. Returns true if it got as far
  // as SUBSCRIBED.
  bool Stream();
  bool OnRecord(std::string_view rec, const std::string& session, uint64_t before);
  void Sleep(std::chrono::milliseconds d);

  const ClientOptions& options_;
  Metrics* metrics_;
  LogSink log_;
  std::function<std::string()> session_id_;
  Handlers handlers_;
  std::string url_;

  Transfer transfer_;
  Backoff backoff_;
  LogThrottle fail_log_;

  // Events numbering of the session: the last one handled.
  std::string events_session_;
  uint64_t last_event_ = 0;

  std::atomic<bool> stop_{false};
  std::atomic<bool> reconnect_{false};
  std::atomic<int64_t> last_data_ms_{0};
  std::atomic<int64_t> silence_limit_ms_{0};
  std::mutex mu_;
  std::condition_variable cv_;
  std::thread thread_;
};

}  // namespace mactor::bridge
