// HTTP/1.1 POSTs over libcurl. A Transfer owns one connection (kept alive
// between requests) and can be woken from another thread, so that a long
// request (the SUBSCRIBE stream, a batch waiting for fsync) ends at once on
// shutdown.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace mactor::bridge {

// Initializes libcurl once per process (thread-safe).
void EnsureCurlInitialized();

struct HttpRequest {
  std::string url;
  std::string content_type;
  std::vector<std::string> headers;  // "Name: value"
  std::string_view body;
  std::chrono::milliseconds timeout{0};  // whole request; 0 means none
  std::chrono::milliseconds connect_timeout{2000};
};

struct HttpResponse {
  // False when no HTTP answer arrived (connection refused, timeout, woken);
  // error says why.
  bool completed = false;
  bool timed_out = false;
  bool aborted = false;  // keep_going returned false, or Wake()
  std::string error;

  long status = 0;
  std::string content_type;
  std::string message_content_type;
  uint64_t expected_sequence = 0;  // Mactor-Expected-Sequence
  std::string body;                // unless streamed to on_body
};

class Transfer {
 public:
  Transfer();
  ~Transfer();
  Transfer(const Transfer&) = delete;
  Transfer& operator=(const Transfer&) = delete;

  // Sends req and waits for the whole answer. When on_body is given, the
  // body goes to it piece by piece (return false to stop) instead of into
  // HttpResponse::body. keep_going is asked between socket events (at least
  // every 100 ms); returning false ends the request.
  HttpResponse Post(const HttpRequest& req,
                    const std::function<bool(std::string_view)>& on_body = {},
                    const std::function<bool()>& keep_going = {});

  // Ends the request in progress (if any) soon; thread-safe. A Wake with no
  // request in progress makes the next Post end at once, so call it only to
  // shut down.
  void Wake();

  struct State;  // libcurl handles and the request in progress

 private:
  State* s_;
};

}  // namespace mactor::bridge
