// Configuration of a bridge client. The Mesos adapters fill it from the
// module parameters (host, port, deadline_ms, token, ...).
#pragma once

#include <chrono>
#include <cstddef>
#include <string>

#include "mactor/bridge/log.hpp"

namespace mactor::bridge {

// What a hook answers when the engine cannot answer within the deadline.
enum class HookFallback {
  kNone,   // "no change": Mesos's None() / Nothing() (the default)
  kError,  // an error, which Mesos logs (and, for the Docker decorator,
           // fails the task with)
};

struct ClientOptions {
  // The engine's bridge listener.
  std::string host = "localhost";
  int port = 4050;
  // Sent as "Authorization: Bearer <token>" when not empty.
  std::string token;

  // A hook call gets this long, connection included, before the fallback
  // answers. Keep it above the engine's own hook deadline (500 ms by
  // default), so that a slow hook actor is answered by the engine's
  // fallback and only a slow or absent engine by this one.
  std::chrono::milliseconds hook_deadline{1000};
  HookFallback hook_fallback = HookFallback::kNone;

  // The resend queue: calls wait here until the engine acknowledges them.
  // Beyond either bound new calls are dropped (logged and counted).
  size_t queue_max_calls = 1u << 20;
  size_t queue_max_bytes = 512u << 20;

  // One request of the sender carries at most this many calls / bytes
  // (the engine accepts 10,000 calls and 4 MiB by default).
  size_t batch_max_calls = 2048;
  size_t batch_max_bytes = 2u << 20;

  // Waits between failed attempts (sending or subscribing).
  std::chrono::milliseconds backoff_initial{50};
  std::chrono::milliseconds backoff_max{5000};
  std::chrono::milliseconds connect_timeout{2000};
  // A batch request gets this long for its answer (the engine gives up on
  // a stuck owner after 30 s).
  std::chrono::milliseconds request_timeout{75000};
  // The SUBSCRIBE stream is reopened when nothing (not even a heartbeat)
  // arrived for this many heartbeat intervals.
  double heartbeat_misses = 3.0;

  // Names sent with SUBSCRIBE, for the engine's logs and state.
  std::string master_id;
  std::string module_name = "libmactorbridge/0.1.0";

  // The module session id; empty means a fresh random UUID.
  std::string session_id;

  // Where log lines go; empty means stderr.
  LogSink log;

  // The base URL, e.g. "http://localhost:4050".
  std::string BaseUrl() const {
    return "http://" + host + ":" + std::to_string(port);
  }
};

}  // namespace mactor::bridge
