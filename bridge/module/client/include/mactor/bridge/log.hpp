// Logging of libmactorbridge: a sink the embedding program provides (the
// Mesos adapters route it to glog), and a throttle that keeps a failing
// engine from flooding the master's log.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <mutex>
#include <string>

namespace mactor::bridge {

enum class LogLevel { kInfo, kWarning, kError };

// A LogSink receives one complete line (without the trailing newline). It
// may be called from any of the library's threads at once.
using LogSink = std::function<void(LogLevel, const std::string&)>;

// The default sink: "mactor-bridge W: message" on stderr.
LogSink StderrLogSink();

// LogThrottle lets the first line of a kind through and then at most one
// per period, telling how many were held back in between.
class LogThrottle {
 public:
  explicit LogThrottle(std::chrono::steady_clock::duration period =
                           std::chrono::seconds(10))
      : period_(period) {}

  // Logs line through sink unless the throttle holds it back.
  void Log(const LogSink& sink, LogLevel level, const std::string& line);

 private:
  std::mutex mu_;
  std::chrono::steady_clock::duration period_;
  std::chrono::steady_clock::time_point last_{};
  bool logged_ = false;
  uint64_t held_ = 0;
};

}  // namespace mactor::bridge
