// mactorbridge_bench: throughput of one-way calls and round trip of hook
// calls through libmactorbridge against the real engine on loopback.
//
//   mactorbridge_bench [--calls N] [--hooks N] [--rate R] [--json]
//
// One-way: N ACTIVATE/DEACTIVATE_SLAVE calls over 64 agents, queued as
// fast as Send() takes them; the rate is N over the time until the engine
// has durably acknowledged the last one. Hooks: N calls one after another
// (closed loop), then N paced at R calls/s; latency percentiles of both.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <thread>
#include <vector>

#include "engine_process.hpp"
#include "mactor/bridge/client.hpp"

using namespace std::chrono;
using mactor::bridge::BridgeClient;
using mactor::bridge::ClientOptions;
using mactor::bridge::LogLevel;
namespace v1 = mactor::bridge::v1;

namespace {

v1::Call AgentCall(v1::Call::Type t, int agent) {
  v1::Call c;
  c.set_type(t);
  std::string id = "bench-agent-" + std::to_string(agent);
  switch (t) {
    case v1::Call::ADD_SLAVE: {
      auto* a = c.mutable_add_slave();
      a->mutable_slave_id()->set_value(id);
      a->mutable_slave_info()->set_hostname(id);
      auto* r = a->add_total();
      r->set_name("cpus");
      r->set_type(mesos::Value::SCALAR);
      r->mutable_scalar()->set_value(8);
      break;
    }
    case v1::Call::ACTIVATE_SLAVE:
      c.mutable_activate_slave()->mutable_slave_id()->set_value(id);
      break;
    default:
      c.mutable_deactivate_slave()->mutable_slave_id()->set_value(id);
      break;
  }
  return c;
}

v1::Call HookCall() {
  v1::Call c;
  c.set_type(v1::Call::SLAVE_EXECUTOR_ENVIRONMENT_DECORATOR);
  auto* e = c.mutable_slave_executor_environment_decorator()->mutable_executor_info();
  e->mutable_executor_id()->set_value("bench-exec");
  e->mutable_framework_id()->set_value("bench-fw");
  e->mutable_command()->set_value("true");
  return c;
}

struct Percentiles {
  double p50, p99, p999, max;
};

Percentiles Of(std::vector<double> us) {
  std::sort(us.begin(), us.end());
  auto at = [&](double q) { return us[std::min(us.size() - 1, static_cast<size_t>(q * us.size()))]; };
  return {at(0.50), at(0.99), at(0.999), us.back()};
}

}  // namespace

int main(int argc, char** argv) {
  long calls = 200000, hooks = 20000, rate = 1000;
  bool json = false;
  for (int i = 1; i < argc; ++i) {
    auto next = [&] { return i + 1 < argc ? std::atol(argv[++i]) : 0L; };
    if (!std::strcmp(argv[i], "--calls")) calls = next();
    else if (!std::strcmp(argv[i], "--hooks")) hooks = next();
    else if (!std::strcmp(argv[i], "--rate")) rate = next();
    else if (!std::strcmp(argv[i], "--json")) json = true;
    else {
      std::fprintf(stderr, "usage: %s [--calls N] [--hooks N] [--rate R] [--json]\n", argv[0]);
      return 2;
    }
  }
  calls = std::max(calls, 1L);
  hooks = std::max(hooks, 1L);
  rate = std::max(rate, 1L);

  mactor::bridge::testing::EngineProcess engine;
  engine.Start();
  ClientOptions o;
  o.host = "127.0.0.1";
  o.port = engine.bridge_port();
  o.log = [](LogLevel level, const std::string& l) {
    if (level != LogLevel::kInfo) std::fprintf(stderr, "[client] %s\n", l.c_str());
  };
  BridgeClient client(o);
  client.Start();

  // One-way calls.
  constexpr int kAgents = 64;
  for (int a = 0; a < kAgents; ++a) client.Send(AgentCall(v1::Call::ADD_SLAVE, a));
  client.Flush(seconds(60));
  auto t0 = steady_clock::now();
  for (long i = 0; i < calls; ++i) {
    client.Send(AgentCall(i % 2 ? v1::Call::ACTIVATE_SLAVE : v1::Call::DEACTIVATE_SLAVE,
                          static_cast<int>(i % kAgents)));
  }
  auto queued = steady_clock::now();
  if (!client.Flush(seconds(300))) {
    std::fprintf(stderr, "one-way calls not acknowledged in time\n");
    return 1;
  }
  auto acked = steady_clock::now();
  double oneway_s = duration<double>(acked - t0).count();
  double enqueue_s = duration<double>(queued - t0).count();
  auto m = client.metrics();

  // Hooks, closed loop.
  std::vector<double> lat;
  lat.reserve(static_cast<size_t>(hooks));
  v1::Call hook = HookCall();
  long fallbacks = 0;
  for (long i = 0; i < hooks; ++i) {
    auto s = steady_clock::now();
    fallbacks += client.CallHook(hook).fallback() ? 1 : 0;
    lat.push_back(duration<double, std::micro>(steady_clock::now() - s).count());
  }
  Percentiles closed = Of(lat);

  // Hooks, paced at `rate` per second.
  lat.clear();
  auto period = nanoseconds(1000000000L / rate);
  auto next = steady_clock::now();
  for (long i = 0; i < hooks; ++i) {
    std::this_thread::sleep_until(next);
    next += period;
    auto s = steady_clock::now();
    fallbacks += client.CallHook(hook).fallback() ? 1 : 0;
    lat.push_back(duration<double, std::micro>(steady_clock::now() - s).count());
  }
  Percentiles paced = Of(lat);
  client.Stop();
  engine.Stop();

  if (json) {
    std::printf(
        "{\"oneway_calls\":%ld,\"oneway_calls_per_sec\":%.0f,\"enqueue_calls_per_sec\":%.0f,"
        "\"batches\":%llu,\"hook_calls\":%ld,\"hook_rtt_p50_us\":%.1f,\"hook_rtt_p99_us\":%.1f,"
        "\"hook_rtt_p999_us\":%.1f,\"hook_paced_rate\":%ld,\"hook_paced_p50_us\":%.1f,"
        "\"hook_paced_p99_us\":%.1f,\"hook_fallbacks\":%ld}\n",
        calls, calls / oneway_s, calls / enqueue_s,
        static_cast<unsigned long long>(m.batches_sent), hooks, closed.p50, closed.p99,
        closed.p999, rate, paced.p50, paced.p99, fallbacks);
  } else {
    std::printf("one-way: %ld calls durably acknowledged in %.2f s = %.0f calls/s "
                "(Send() alone: %.0f calls/s; %llu requests)\n",
                calls, oneway_s, calls / oneway_s, calls / enqueue_s,
                static_cast<unsigned long long>(m.batches_sent));
    std::printf("hook round trip, closed loop, %ld calls: p50 %.0f us, p99 %.0f us, "
                "p99.9 %.0f us, max %.0f us\n",
                hooks, closed.p50, closed.p99, closed.p999, closed.max);
    std::printf("hook round trip, %ld calls/s, %ld calls: p50 %.0f us, p99 %.0f us, "
                "p99.9 %.0f us, max %.0f us\n",
                rate, hooks, paced.p50, paced.p99, paced.p999, paced.max);
    std::printf("hook fallbacks: %ld\n", fallbacks);
  }
  return fallbacks == 0 ? 0 : 1;
}
