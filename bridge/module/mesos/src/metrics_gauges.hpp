// libmactorbridge's counters as libprocess metrics, so that they appear in
// the master's (or agent's) /metrics/snapshot, e.g.
// "allocator/mactor/calls_dropped_queue_full".
#pragma once

#include <string>
#include <vector>

#include <process/metrics/pull_gauge.hpp>

#include "mactor/bridge/client.hpp"

namespace mactor::module {

class MetricsGauges {
 public:
  // client must outlive this object.
  MetricsGauges(const std::string& prefix, const bridge::BridgeClient* client);
  ~MetricsGauges();
  MetricsGauges(const MetricsGauges&) = delete;
  MetricsGauges& operator=(const MetricsGauges&) = delete;

 private:
  std::vector<process::metrics::PullGauge> gauges_;
};

}  // namespace mactor::module
