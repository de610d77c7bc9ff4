// A hook never hangs its caller: with the engine stalled (SIGSTOP) or gone,
// the hook call returns the configured fallback within its deadline.
#include "engine_fixture.hpp"
#include "samples.hpp"

namespace mactor::bridge::testing {
namespace {

using Clock = std::chrono::steady_clock;

v1::Call LabelHook() { return Sample(v1::Call::MASTER_LAUNCH_TASK_LABEL_DECORATOR, 1); }

class HookDeadline : public ::testing::Test {
 protected:
  void SetUp() override { engine_.Start(); }
  EngineProcess engine_;
};

TEST_F(HookDeadline, StalledEngineGetsTheFallbackWithinTheDeadline) {
  ClientOptions o = TestOptions(engine_.bridge_port());
  o.hook_deadline = 300ms;
  BridgeClient client(o);
  // Warm: a live engine answers (and the connection is open).
  v1::HookResult live = client.CallHook(LabelHook());
  EXPECT_FALSE(live.fallback());
  EXPECT_TRUE(live.none());

  engine_.Suspend();
  for (int i = 0; i < 3; ++i) {
    auto t0 = Clock::now();
    v1::HookResult r = client.CallHook(LabelHook());
    auto took = Clock::now() - t0;
    EXPECT_TRUE(r.fallback());
    EXPECT_TRUE(r.none());  // "no change"
    EXPECT_EQ(r.error(), "");
    EXPECT_GE(took, 250ms);
    EXPECT_LT(took, 700ms) << "call " << i;
  }
  EXPECT_EQ(client.metrics().hook_fallbacks, 3u);

  engine_.Resume();
  EXPECT_TRUE(Eventually([&] { return !client.CallHook(LabelHook()).fallback(); }, 10s));
}

TEST_F(HookDeadline, StoppedEngineGetsTheFallbackAtOnce) {
  ClientOptions o = TestOptions(engine_.bridge_port());
  o.hook_deadline = 300ms;
  BridgeClient client(o);
  engine_.Kill();
  auto t0 = Clock::now();
  v1::HookResult r = client.CallHook(LabelHook());
  EXPECT_TRUE(r.fallback());
  EXPECT_TRUE(r.none());
  EXPECT_LT(Clock::now() - t0, 300ms);  // connection refused: no waiting
}

TEST_F(HookDeadline, ErrorFallbackWhenConfigured) {
  ClientOptions o = TestOptions(engine_.bridge_port());
  o.hook_deadline = 200ms;
  o.hook_fallback = HookFallback::kError;
  BridgeClient client(o);
  engine_.Suspend();
  v1::HookResult r = client.CallHook(Sample(v1::Call::SLAVE_EXECUTOR_ENVIRONMENT_DECORATOR, 1));
  EXPECT_TRUE(r.fallback());
  EXPECT_FALSE(r.none());
  EXPECT_NE(r.error().find("no answer within 200 ms"), std::string::npos) << r.error();
  engine_.Resume();
}

TEST_F(HookDeadline, ManyThreadsAtOnceAllReturnInTime) {
  ClientOptions o = TestOptions(engine_.bridge_port());
  o.hook_deadline = 300ms;
  BridgeClient client(o);
  engine_.Suspend();
  std::vector<std::thread> threads;
  std::atomic<int> fallbacks{0};
  auto t0 = Clock::now();
  for (int i = 0; i < 8; ++i) {
    threads.emplace_back([&] {
      if (client.CallHook(LabelHook()).fallback()) fallbacks.fetch_add(1);
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(fallbacks.load(), 8);
  EXPECT_LT(Clock::now() - t0, 800ms);
  engine_.Resume();
}

}  // namespace
}  // namespace mactor::bridge::testing
