// Shared pieces of the tests that run against the real engine.
#pragma once

#include <gtest/gtest.h>

#include <chrono>
#include <condition_variable>
#include <fstream>
#include <functional>
#include <future>
#include <memory>
#include <mutex>
#include <thread>

#include "engine_process.hpp"
#include "mactor/bridge/client.hpp"

namespace mactor::bridge::testing {

using namespace std::chrono_literals;

// Client options for a test engine: fast retries, logs kept for failures.
inline ClientOptions TestOptions(int port) {
  ClientOptions o;
  o.host = "127.0.0.1";
  o.port = port;
  o.backoff_initial = 10ms;
  o.backoff_max = 200ms;
  o.master_id = "test-master";
  o.log = [](LogLevel level, const std::string& line) {
    if (level != LogLevel::kInfo) std::fprintf(stderr, "  [client] %s\n", line.c_str());
  };
  return o;
}

// Sends a call and waits for its outcome.
inline CallOutcome SendAndWait(BridgeClient& c, const v1::Call& call,
                               std::chrono::milliseconds timeout = 30s) {
  auto p = std::make_shared<std::promise<CallOutcome>>();
  auto f = p->get_future();
  c.Send(call, [p](const CallOutcome& o) { p->set_value(o); });
  if (f.wait_for(timeout) != std::future_status::ready) {
    CallOutcome o;
    o.error = "no outcome within the test's timeout";
    return o;
  }
  return f.get();
}

// Polls cond every 10 ms until it holds or timeout passes.
inline bool Eventually(const std::function<bool()>& cond, std::chrono::milliseconds timeout = 30s) {
  auto end = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < end) {
    if (cond()) return true;
    std::this_thread::sleep_for(10ms);
  }
  return cond();
}

// Writes text to path.
inline void WriteFile(const std::string& path, const std::string& text) {
  std::ofstream out(path);
  out << text;
}

}  // namespace mactor::bridge::testing
