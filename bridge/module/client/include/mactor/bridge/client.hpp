// BridgeClient: one module session with the mactor engine. This is the
// whole of libmactorbridge that the Mesos adapters see.
//
//   - Send() queues an allocator call (one-way, or a request whose answer
//     comes to a callback). It never blocks on the engine: a worker thread
//     posts the queue in order, batching what has piled up, and resends
//     after failures until the engine acknowledges each call.
//   - CallHook() runs a hook call on the caller's thread within the hook
//     deadline, or answers with the fallback.
//   - Start() also opens the SUBSCRIBE stream (if given a handler): offers
//     and inverse offers reach the handler on the stream's thread.
//
// Thread-safe. Handlers and callbacks run on the library's threads; they
// must not call Stop() or destroy the client.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <mutex>
#include <string>

#include "mactor/bridge/metrics.hpp"
#include "mactor/bridge/options.hpp"
#include "mactor/bridge/outcome.hpp"

namespace mactor::bridge {

class HookCaller;
class Outbox;
class Sender;
class Subscriber;

class BridgeClient {
 public:
  using EventHandler = std::function<void(const v1::Event&)>;

  explicit BridgeClient(ClientOptions options);
  ~BridgeClient();
  BridgeClient(const BridgeClient&) = delete;
  BridgeClient& operator=(const BridgeClient&) = delete;

  // Starts the sender, and the subscriber when on_event is set. Calls
  // queued before Start wait for it. Once only.
  void Start(EventHandler on_event = {});

  // Stops both threads (the request in flight is abandoned; unacknowledged
  // calls are lost with the process, as the master's own state is) and
  // fails the callbacks still waiting. Idempotent.
  void Stop();

  // Queues a sequenced one-way call or a request (UPDATE_AVAILABLE,
  // GET_INVERSE_OFFER_STATUSES). The session id and sequence number are
  // set here. Returns false if the call was dropped (queue full, stopped,
  // or not an allocator call); done then has run already.
  bool Send(const v1::Call& call, CallDone done = {});

  // Runs a hook call within the hook deadline; never fails, never hangs.
  v1::HookResult CallHook(const v1::Call& call);

  // Waits until every queued call is acknowledged; false on timeout.
  bool Flush(std::chrono::milliseconds timeout);

  MetricsSnapshot metrics() const { return metrics_.Snapshot(); }
  std::string session_id() const;
  const ClientOptions& options() const { return options_; }

 private:
  void OnSubscribed(const v1::Event::Subscribed& s, uint64_t acknowledged_before);
  void OnSessionLost(const std::string& why);

  ClientOptions options_;
  Metrics metrics_;
  std::unique_ptr<Outbox> outbox_;
  std::unique_ptr<HookCaller> hooks_;
  std::unique_ptr<Sender> sender_;
  std::unique_ptr<Subscriber> subscriber_;
  EventHandler on_event_;
  std::mutex start_mu_;
  bool started_ = false;
  bool stopped_ = false;
};

}  // namespace mactor::bridge
