// libmactorbridge's log lines in the master's (or agent's) glog.
#pragma once

#include "mactor/bridge/log.hpp"

namespace mactor::module {

bridge::LogSink GlogSink();

}  // namespace mactor::module
