#include "mactor/bridge/log.hpp"

#include <cstdio>

namespace mactor::bridge {

LogSink StderrLogSink() {
  return [](LogLevel level, const std::string& line) {
    const char tag = level == LogLevel::kError     ? 'E'
                     : level == LogLevel::kWarning ? 'W'
                                                   : 'I';
    std::fprintf(stderr, "mactor-bridge %c: %s\n", tag, line.c_str());
  };
}

void LogThrottle::Log(const LogSink& sink, LogLevel level,
                      const std::string& line) {
  if (!sink) return;
  uint64_t held = 0;
  {
    std::lock_guard<std::mutex> lock(mu_);
    auto now = std::chrono::steady_clock::now();
    if (logged_ && now - last_ < period_) {
      ++held_;
      return;
    }
    logged_ = true;
    last_ = now;
    held = held_;
    held_ = 0;
  }
  if (held == 0) {
    sink(level, line);
  } else {
    sink(level, line + " (" + std::to_string(held) +
                    " similar messages held back)");
  }
}

}  // namespace mactor::bridge
