// The subscription survives engine restarts: the module subscribes again,
// receives SUBSCRIBED and heartbeats from the new engine, resends what the
// old one had not acknowledged, and gets offers again from the engine's
// allocator without any agent offered twice.
#include "engine_fixture.hpp"
#include "offer_ledger.hpp"
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

// Calls as a Mesos master makes them, for the offers test.

v1::Call Initialize() {
  v1::Call c;
  c.set_type(v1::Call::INITIALIZE);
  auto* i = c.mutable_initialize();
  i->set_allocation_interval_seconds(0.1);
  i->set_filter_gpu_resources(true);
  (*i->add_min_allocatable_resources()->mutable_quantities())["cpus"] = 0.01;
  (*i->add_min_allocatable_resources()->mutable_quantities())["mem"] = 32;
  return c;
}

v1::Call Recover(int expected_agents) {
  v1::Call c;
  c.set_type(v1::Call::RECOVER);
  c.mutable_recover()->set_expected_agent_count(expected_agents);
  return c;
}

v1::Call AddSlave(const std::string& id) {
  v1::Call c;
  c.set_type(v1::Call::ADD_SLAVE);
  auto* a = c.mutable_add_slave();
  a->mutable_slave_id()->set_value(id);
  a->mutable_slave_info()->set_hostname(id);
  a->mutable_slave_info()->mutable_id()->set_value(id);
  for (auto cap : {mesos::SlaveInfo::Capability::MULTI_ROLE,
                   mesos::SlaveInfo::Capability::HIERARCHICAL_ROLE,
                   mesos::SlaveInfo::Capability::RESERVATION_REFINEMENT}) {
    a->add_capabilities()->set_type(cap);
  }
  *a->add_total() = Scalar("cpus", 4);
  *a->add_total() = Scalar("mem", 4096);
  return c;
}

v1::Call AddFramework(const std::string& id) {
  v1::Call c;
  c.set_type(v1::Call::ADD_FRAMEWORK);
  auto* a = c.mutable_add_framework();
  a->mutable_framework_id()->set_value(id);
  a->set_active(true);
  auto* info = a->mutable_framework_info();
  info->mutable_id()->set_value(id);
  info->set_user("nobody");
  info->set_name(id);
  info->add_roles("web");
  info->add_capabilities()->set_type(mesos::FrameworkInfo::Capability::MULTI_ROLE);
  return c;
}

// The master's recoverResources of a declined offer (no filter).
v1::Call Decline(const std::string& fw, const std::string& agent,
                 const std::vector<mesos::Resource>& offered) {
  v1::Call c;
  c.set_type(v1::Call::RECOVER_RESOURCES);
  auto* r = c.mutable_recover_resources();
  r->mutable_framework_id()->set_value(fw);
  r->mutable_slave_id()->set_value(agent);
  for (const auto& res : offered) *r->add_resources() = res;
  r->mutable_filters()->set_refuse_seconds(0);
  return c;
}

std::string Join(const std::vector<std::string>& lines) {
  std::string out;
  for (const auto& l : lines) out += l + "\n";
  return out;
}

// OFFERS after a restart. The test is the master: it queues INITIALIZE and
// RECOVER, starts the client (as MactorAllocator::recover does), adds three
// agents and two frameworks and gets every agent offered through the
// subscription. It declines one offer and SIGKILLs the engine at once (the
// decline may or may not have reached it), then starts it again on the same
// data. The subscriber reconnects by itself; the declined agent is offered
// again, an offer from before the kill can still be declined and its agent
// comes back, and at no point is any agent offered while its resources are
// outstanding (the ledger checks every event).
TEST(Resubscribe, OffersAfterEngineRestart) {
  EngineProcess engine({"--heartbeat-interval", "200ms", "--allocation-interval", "100ms"});
  engine.Start();
  OfferLedger ledger;
  const std::vector<std::string> agents = {"a1", "a2", "a3"};
  for (const auto& a : agents) ledger.SetTotal(a, {{"cpus", 4}, {"mem", 4096}});

  BridgeClient client(TestOptions(engine.bridge_port()));
  ASSERT_TRUE(client.Send(Initialize()));
  ASSERT_TRUE(client.Send(Recover(static_cast<int>(agents.size()))));
  client.Start([&](const v1::Event& e) { ledger.Event(e); });
  for (const auto& a : agents) ASSERT_TRUE(client.Send(AddSlave(a)));
  for (const auto* f : {"A", "B"}) ASSERT_TRUE(client.Send(AddFramework(f)));

  // Waits for cond; fails at once on anything the ledger saw.
  auto wait = [&](const std::string& what,
                  const std::function<bool()>& cond) -> ::testing::AssertionResult {
    bool ok = Eventually([&] { return !ledger.failures().empty() || cond(); }, 30s);
    if (!ledger.failures().empty()) return ::testing::AssertionFailure() << Join(ledger.failures());
    if (!ok) {
      return ::testing::AssertionFailure() << what << " (" << ledger.offers()
                                           << " offers; engine log:\n" << engine.log() << ")";
    }
    return ::testing::AssertionSuccess();
  };
  auto all_offered = [&] {
    for (const auto& a : agents) {
      if (ledger.Holder(a).empty()) return false;
    }
    return true;
  };
  ASSERT_TRUE(wait("every agent offered", all_offered));
  ASSERT_TRUE(client.Flush(20s));

  // Decline a3 and kill the engine at once.
  const std::string declined_by = ledger.Holder("a3");
  auto offered = ledger.Release(declined_by, "a3");
  ASSERT_FALSE(offered.empty());
  ASSERT_TRUE(client.Send(Decline(declined_by, "a3", offered)));
  const uint64_t subscribed = client.metrics().subscribed;
  const uint64_t before = ledger.last_event();
  engine.Kill();
  engine.Start();

  ASSERT_TRUE(wait("a new stream from the restarted engine",
                   [&] { return client.metrics().subscribed > subscribed; }));
  ASSERT_TRUE(
      wait("a3 offered again after the restart", [&] { return !ledger.Holder("a3").empty(); }));
  ASSERT_GT(ledger.last_event(), before);

  // An offer from before the kill is still outstanding in the engine:
  // declining it brings its agent back.
  const std::string holder = ledger.Holder("a1");
  ASSERT_FALSE(holder.empty());
  const uint64_t mark = ledger.last_event();
  ASSERT_TRUE(client.Send(Decline(holder, "a1", ledger.Release(holder, "a1"))));
  ASSERT_TRUE(wait("a1 offered again after its decline", [&] {
    return !ledger.Holder("a1").empty() && ledger.last_event() > mark;
  }));

  // Several more cycles (heartbeats every 200 ms, a cycle every 100 ms):
  // everything is outstanding now, so none may offer anything.
  const int offers = ledger.offers();
  const uint64_t hb = client.metrics().heartbeats;
  ASSERT_TRUE(
      wait("three more heartbeats", [&] { return client.metrics().heartbeats >= hb + 3; }));
  EXPECT_EQ(ledger.offers(), offers) << "offers with every agent outstanding";
  ASSERT_TRUE(client.Flush(20s));
  EXPECT_EQ(client.metrics().calls_rejected, 0u);
  EXPECT_EQ(client.metrics().session_resets, 0u);
  client.Stop();
  EXPECT_TRUE(ledger.failures().empty()) << Join(ledger.failures());
}

}  // namespace
}  // namespace mactor::bridge::testing
