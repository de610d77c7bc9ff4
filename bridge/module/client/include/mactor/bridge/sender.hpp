// The sender: one thread that posts the resend queue to the engine in
// order, many calls per request (the bridge's batch form), and resends from
// the oldest unacknowledged call after any failure. The master's threads
// only ever queue; they never wait for the engine.
#pragma once

#include <atomic>
#include <functional>
#include <string>
#include <thread>

#include "mactor/bridge/backoff.hpp"
#include "mactor/bridge/http.hpp"
#include "mactor/bridge/options.hpp"
#include "mactor/bridge/outbox.hpp"

namespace mactor::bridge {

class Sender {
 public:
  // on_session_lost runs (on the sender's thread) when the engine no
  // longer knows calls it had acknowledged: the client starts a new
  // session.
  Sender(const ClientOptions& options, Outbox* outbox, Metrics* metrics,
         LogSink log, std::function<void(const std::string&)> on_session_lost);
  ~Sender();

  void Start();
  // Ends the request in flight and joins the thread. Idempotent.
  void Stop();

 private:
  void Run();
  // Sends the batch; returns true if it made progress (no backoff needed).
  bool SendBatch(const OutboundBatch& batch);
  bool SendAlone(const OutboundBatch& batch);
  // The engine expects sequence `expected`; front is our oldest call.
  bool OnConflict(uint64_t expected, uint64_t front, const std::string& why);
  void Unreachable(const HttpResponse& r, size_t calls);

  const ClientOptions& options_;
  Outbox* outbox_;
  Metrics* metrics_;
  LogSink log_;
  std::function<void(const std::string&)> on_session_lost_;
  std::string url_;

  Transfer transfer_;
  Backoff backoff_;
  size_t batch_limit_;
  LogThrottle unreachable_log_;
  LogThrottle rejected_log_;
  std::atomic<bool> stop_{false};
  std::thread thread_;
};

}  // namespace mactor::bridge
