// The subscription survives engine restarts: the module subscribes again,
// receives SUBSCRIBED and heartbeats from the new engine, and resends what
// the old one had not acknowledged.
#include "engine_fixture.hpp"
#include "samples.hpp"

namespace mactor::bridge::testing {
namespace {

TEST(Resubscribe, StreamComesBackAfterEngineRestart) {
  EngineProcess engine({"--heartbeat-interval", "200ms"});
  engine.Start();
  BridgeClient client(TestOptions(engine.bridge_port()));
  client.Start([](const v1::Event&) {});
  ASSERT_TRUE(Eventually([&] { return client.metrics().heartbeats >= 2; }, 10s));
  EXPECT_EQ(client.metrics().subscribed, 1u);

  for (int round = 1; round <= 2; ++round) {
    SCOPED_TRACE(round);
    engine.Kill();
    // While the engine is down, calls queue up.
    ASSERT_TRUE(client.Send(Sample(v1::Call::ADD_SLAVE, round)));
    uint64_t hb = client.metrics().heartbeats;
    engine.Start();
    ASSERT_TRUE(Eventually([&] { return client.metrics().subscribed == 1u + round; }, 20s));
    ASSERT_TRUE(Eventually([&] { return client.metrics().heartbeats >= hb + 2; }, 10s));
    ASSERT_TRUE(client.Flush(20s));
    EXPECT_EQ(engine.AgentCallsApplied(AgentIdOf(round)), 1);
  }
  client.Stop();
}

TEST(Resubscribe, StalledStreamIsReopened) {
  EngineProcess engine({"--heartbeat-interval", "200ms"});
  engine.Start();
  BridgeClient client(TestOptions(engine.bridge_port()));
  client.Start([](const v1::Event&) {});
  ASSERT_TRUE(Eventually([&] { return client.metrics().subscribed == 1u; }, 10s));
  // A stalled engine sends no heartbeats; after it resumes the module has
  // given up on the old stream and opened a new one.
  engine.Suspend();
  std::this_thread::sleep_for(1500ms);
  engine.Resume();
  ASSERT_TRUE(Eventually([&] { return client.metrics().subscribed >= 2u; }, 20s));
  client.Stop();
}

// OFFERS after a restart. The engine publishes offers only once the
// allocator actors are wired to the bridge (issue 5); until then this test
// skips, and it asserts as soon as the engine produces them.
TEST(Resubscribe, OffersAfterEngineRestart) {
  EngineProcess engine({"--heartbeat-interval", "200ms"});
  engine.Start();
  std::atomic<int> offers{0};
  BridgeClient client(TestOptions(engine.bridge_port()));
  client.Start([&](const v1::Event& e) {
    if (e.type() == v1::Event::OFFERS) offers.fetch_add(1);
  });
  ASSERT_TRUE(client.Send(Sample(v1::Call::INITIALIZE, 1)));
  ASSERT_TRUE(client.Send(Sample(v1::Call::ADD_SLAVE, 1)));
  ASSERT_TRUE(client.Send(Sample(v1::Call::ADD_FRAMEWORK, 1)));
  ASSERT_TRUE(client.Flush(20s));
  if (!Eventually([&] { return offers.load() > 0; }, 3s)) {
    client.Stop();
    GTEST_SKIP() << "the engine publishes no OFFERS yet (allocator not wired to the bridge: issue 5)";
  }
  engine.Kill();
  int before = offers.load();
  engine.Start();
  EXPECT_TRUE(Eventually([&] { return offers.load() > before; }, 30s));
  client.Stop();
}

}  // namespace
}  // namespace mactor::bridge::testing
