#include "glog_sink.hpp"

#include <glog/logging.h>

namespace mactor::module {

bridge::LogSink GlogSink() {
  return [](bridge::LogLevel level, const std::string& line) {
    switch (level) {
      case bridge::LogLevel::kError:
        LOG(ERROR) << "mactor: " << line;
        break;
      case bridge::LogLevel::kWarning:
        LOG(WARNING) << "mactor: " << line;
        break;
      case bridge::LogLevel::kInfo:
        LOG(INFO) << "mactor: " << line;
        break;
    }
  };
}

}  // namespace mactor::module
