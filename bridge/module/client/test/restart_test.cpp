// The engine is SIGKILLed twice in the middle of a burst of one-way calls
// and started again on the same data: after the client's resends every call
// took effect exactly once, as the agents' records count them.
#include "engine_fixture.hpp"
#include "samples.hpp"

namespace mactor::bridge::testing {
namespace {

using Clock = std::chrono::steady_clock;

TEST(Restart, BurstSurvivesEngineKillsExactlyOnce) {
  EngineProcess engine;
  engine.Start();
  ClientOptions o = TestOptions(engine.bridge_port());
  o.batch_max_calls = 256;  // many requests, so the kills land mid-stream
  BridgeClient client(o);
  client.Start([](const v1::Event&) {});

  constexpr int kAgents = 16, kCalls = 20000;
  std::vector<long long> want(kAgents, 0);
  auto t0 = Clock::now();
  for (int i = 0; i < kAgents; ++i) {
    ASSERT_TRUE(client.Send(Sample(v1::Call::ADD_SLAVE, i)));
    ++want[i];
  }
  for (int i = 0; i < kCalls; ++i) {
    auto t = i % 3 == 0 ? v1::Call::DEACTIVATE_SLAVE : v1::Call::ACTIVATE_SLAVE;
    ASSERT_TRUE(client.Send(Sample(t, i % kAgents)));
    ++want[i % kAgents];
  }
  // Queuing never waits for the engine.
  EXPECT_LT(Clock::now() - t0, 5s);
  const uint64_t total = kAgents + kCalls;

  uint64_t lives = 0;
  for (uint64_t at : {total / 4, total / 2}) {
    // This engine's stream first (one per engine life), then the kill.
    ++lives;
    ASSERT_TRUE(Eventually([&] { return client.metrics().subscribed >= lives; }, 60s));
    ASSERT_TRUE(Eventually([&] { return client.metrics().calls_acknowledged >= at; }, 60s))
        << client.metrics().calls_acknowledged << " acknowledged";
    engine.Kill();
    std::this_thread::sleep_for(100ms);  // the sender meets a dead engine
    engine.Start();
  }
  ASSERT_TRUE(client.Flush(120s)) << client.metrics().queue_depth << " calls left";
  ASSERT_TRUE(Eventually([&] { return client.metrics().subscribed >= 3u; }, 60s));

  for (int i = 0; i < kAgents; ++i) {
    EXPECT_EQ(engine.AgentCallsApplied(AgentIdOf(i)), want[i]) << AgentIdOf(i);
  }
  EXPECT_EQ(engine.SessionLastApplied(client.session_id()), static_cast<long long>(total));
  auto m = client.metrics();
  EXPECT_EQ(m.calls_acknowledged, total);
  EXPECT_EQ(m.calls_rejected, 0u);
  EXPECT_EQ(m.calls_dropped_queue_full, 0u);
  EXPECT_EQ(m.session_resets, 0u);
  client.Stop();
}

TEST(Restart, CallsQueuedWhileTheEngineIsDownApplyWhenItComesUp) {
  EngineProcess engine;  // not started yet
  BridgeClient client(TestOptions(engine.bridge_port()));
  client.Start([](const v1::Event&) {});
  auto t0 = Clock::now();
  for (int i = 0; i < 1000; ++i) ASSERT_TRUE(client.Send(Sample(v1::Call::ACTIVATE_SLAVE, i % 4)));
  EXPECT_LT(Clock::now() - t0, 2s);
  std::this_thread::sleep_for(300ms);
  EXPECT_EQ(client.metrics().queue_depth, 1000u);
  EXPECT_GT(client.metrics().send_failures, 0u);
  engine.Start();
  ASSERT_TRUE(client.Flush(60s));
  for (int i = 0; i < 4; ++i) EXPECT_EQ(engine.AgentCallsApplied(AgentIdOf(i)), 250);
  client.Stop();
}

TEST(Restart, FullQueueDropsAndCounts) {
  EngineProcess engine;  // never started: nothing drains
  ClientOptions o = TestOptions(engine.bridge_port());
  o.queue_max_calls = 100;
  std::atomic<int> errors{0};
  o.log = [&](LogLevel level, const std::string& line) {
    if (level == LogLevel::kError && line.find("resend queue full") != std::string::npos) {
      errors.fetch_add(1);
    }
  };
  BridgeClient client(o);
  client.Start();
  int accepted = 0;
  for (int i = 0; i < 150; ++i) accepted += client.Send(Sample(v1::Call::ACTIVATE_SLAVE, 0)) ? 1 : 0;
  EXPECT_EQ(accepted, 100);
  EXPECT_EQ(client.metrics().calls_dropped_queue_full, 50u);
  EXPECT_EQ(errors.load(), 1);  // one clear line, not fifty
  client.Stop();
}

}  // namespace
}  // namespace mactor::bridge::testing
