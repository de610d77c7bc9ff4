#include "metrics_gauges.hpp"

#include <process/metrics/metrics.hpp>

namespace mactor::module {

MetricsGauges::MetricsGauges(const std::string& prefix, const bridge::BridgeClient* client) {
  for (const auto& [name, value] : client->metrics().Named()) {
    (void)value;
    const std::string key = name;
    gauges_.emplace_back(prefix + name, [client, key]() -> process::Future<double> {
      for (const auto& [n, v] : client->metrics().Named()) {
        if (n == key) return static_cast<double>(v);
      }
      return 0.0;
    });
  }
  for (const auto& g : gauges_) process::metrics::add(g);
}

MetricsGauges::~MetricsGauges() {
  for (const auto& g : gauges_) process::metrics::remove(g);
}

}  // namespace mactor::module
