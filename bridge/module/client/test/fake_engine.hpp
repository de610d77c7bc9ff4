// A scripted stand-in for the engine, for the tests that need what the real
// engine does not do on cue (odd chunking, resent or renumbered events,
// silence, a stale SUBSCRIBED watermark): a one-request-per-connection
// HTTP/1.1 server on loopback whose answers a test writes by hand.
#pragma once

#include <atomic>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace mactor::bridge::testing {

// One accepted request, and the means to answer it.
class FakeConnection {
 public:
  explicit FakeConnection(int fd) : fd_(fd) {}
  const std::string& body() const { return body_; }
  const std::string& head() const { return head_; }

  // Starts a chunked 200 answer of the given content type.
  bool StartChunked(const std::string& content_type);
  // Writes one HTTP chunk.
  bool Chunk(const std::string& bytes);
  // A complete answer with a body.
  bool Answer(int status, const std::string& content_type, const std::string& body);

 private:
  friend class FakeEngine;
  bool Read();
  bool Write(const std::string& bytes);
  int fd_;
  std::string head_;
  std::string body_;
};

class FakeEngine {
 public:
  // handler answers each request; the connection closes when it returns.
  explicit FakeEngine(std::function<void(FakeConnection&)> handler);
  ~FakeEngine();

  int port() const { return port_; }
  int connections() const { return connections_.load(); }

 private:
  void Serve();

  std::function<void(FakeConnection&)> handler_;
  int listen_fd_ = -1;
  int port_ = 0;
  std::atomic<bool> stop_{false};
  std::atomic<int> connections_{0};
  std::thread thread_;
};

}  // namespace mactor::bridge::testing
