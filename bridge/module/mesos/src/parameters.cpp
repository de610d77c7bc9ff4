#include "parameters.hpp"

#include <unistd.h>

#include <stout/numify.hpp>

#include "glog_sink.hpp"

namespace mactor::module {

namespace {

Try<long> Positive(const std::string& key, const std::string& value) {
  Try<long> n = numify<long>(value);
  if (n.isError() || n.get() <= 0) {
    return Error("parameter '" + key + "' must be a positive integer, got '" + value + "'");
  }
  return n;
}

std::string HostName() {
  char buf[256] = {0};
  if (gethostname(buf, sizeof buf - 1) != 0) return "mesos-master";
  return buf;
}

}  // namespace

Try<bridge::ClientOptions> OptionsFromParameters(const mesos::Parameters& parameters) {
  bridge::ClientOptions o;
  o.log = GlogSink();
  o.master_id = HostName();
  o.module_name = "libmactor_mesos/0.1.0";
  for (const mesos::Parameter& p : parameters.parameter()) {
    const std::string& k = p.key();
    const std::string& v = p.value();
    if (k == "host") {
      if (v.empty()) return Error("parameter 'host' is empty");
      o.host = v;
    } else if (k == "port") {
      Try<long> n = Positive(k, v);
      if (n.isError()) return Error(n.error());
      if (n.get() > 65535) return Error("parameter 'port' out of range: " + v);
      o.port = static_cast<int>(n.get());
    } else if (k == "deadline_ms") {
      Try<long> n = Positive(k, v);
      if (n.isError()) return Error(n.error());
      o.hook_deadline = std::chrono::milliseconds(n.get());
    } else if (k == "token") {
      o.token = v;
    } else if (k == "fallback") {
      if (v == "none") {
        o.hook_fallback = bridge::HookFallback::kNone;
      } else if (v == "error") {
        o.hook_fallback = bridge::HookFallback::kError;
      } else {
        return Error("parameter 'fallback' must be 'none' or 'error', got '" + v + "'");
      }
    } else if (k == "queue_max_calls") {
      Try<long> n = Positive(k, v);
      if (n.isError()) return Error(n.error());
      o.queue_max_calls = static_cast<size_t>(n.get());
    } else if (k == "batch_max_calls") {
      Try<long> n = Positive(k, v);
      if (n.isError()) return Error(n.error());
      o.batch_max_calls = static_cast<size_t>(n.get());
    } else if (k == "master_id") {
      o.master_id = v;
    } else {
      return Error("unknown parameter '" + k + "'");
    }
  }
  return o;
}

}  // namespace mactor::module
