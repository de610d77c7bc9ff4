// Every call type of the protocol through libmactorbridge and the real
// engine: one-way calls acknowledged 202 and visible in their owner's
// record, requests answered with their result, hooks answered by the
// engine's rules, SUBSCRIBE answered with SUBSCRIBED.
#include <regex>

#include "engine_fixture.hpp"
#include "mactor/bridge/call_kind.hpp"
#include "samples.hpp"

namespace mactor::bridge::testing {
namespace {

constexpr const char* kHooksYaml = R"(rules:
  - name: team-label
    match: {role: analytics}
    labels: {team: data}
  - name: test-env
    env: {MACTOR_TEST: "1"}
)";

// Where a one-way call's effect shows: the owner whose calls_applied
// counter moves, or a pattern in the cluster record (GET /state).
struct Effect {
  enum { kFramework, kAgent, kCluster } owner;
  const char* pattern = nullptr;  // for kCluster
};

Effect EffectOf(v1::Call::Type t) {
  using C = v1::Call;
  switch (t) {
    case C::ADD_FRAMEWORK: case C::REMOVE_FRAMEWORK: case C::ACTIVATE_FRAMEWORK:
    case C::DEACTIVATE_FRAMEWORK: case C::UPDATE_FRAMEWORK: case C::REQUEST_RESOURCES:
    case C::UPDATE_ALLOCATION: case C::RECOVER_RESOURCES: case C::SUPPRESS_OFFERS:
    case C::REVIVE_OFFERS:
      return {Effect::kFramework};
    case C::INITIALIZE: return {Effect::kCluster, R"("initialized"\s*:\s*true)"};
    case C::RECOVER: return {Effect::kCluster, R"("expected_agent_count"\s*:\s*3)"};
    case C::UPDATE_WHITELIST: return {Effect::kCluster, R"("hostnames"\s*:\s*\[\s*"host-1")"};
    case C::UPDATE_QUOTA: return {Effect::kCluster, R"("limits"\s*:\s*\{\s*"cpus"\s*:\s*10)"};
    case C::UPDATE_WEIGHTS: return {Effect::kCluster, R"("analytics"\s*:\s*2)"};
    case C::PAUSE: return {Effect::kCluster, R"("paused"\s*:\s*true)"};
    case C::RESUME: return {Effect::kCluster, nullptr};
    default:
      return {Effect::kAgent};
  }
}

class RoundTrip : public ::testing::Test {
 protected:
  void SetUp() override {
    WriteFile(dir_.path() + "/hooks.yaml", kHooksYaml);
    engine_ = std::make_unique<EngineProcess>(
        std::vector<std::string>{"--hooks-config", dir_.path() + "/hooks.yaml"});
    engine_->Start();
  }
  long long Applied(const Effect& e, int n) {
    if (e.owner == Effect::kFramework) {
      auto r = HttpGet(engine_->status_url() + "/state/framework/" + FrameworkIdOf(n));
      std::smatch m;
      std::regex re(R"re("calls_applied"\s*:\s*"?([0-9]+))re");
      return r.status == 200 && std::regex_search(r.body, m, re) ? std::stoll(m[1]) : 0;
    }
    if (e.owner == Effect::kAgent) return std::max(0LL, engine_->AgentCallsApplied(AgentIdOf(n)));
    return 0;
  }
  std::string ClusterState() { return HttpGet(engine_->status_url() + "/state").body; }

  TempDir dir_;
  std::unique_ptr<EngineProcess> engine_;
};

bool HasLabel(const mesos::Labels& labels, const std::string& k, const std::string& v) {
  for (const auto& l : labels.labels()) {
    if (l.key() == k && l.value() == v) return true;
  }
  return false;
}

TEST_F(RoundTrip, EveryCallType) {
  BridgeClient client(TestOptions(engine_->bridge_port()));
  const int n = 1;
  int checked = 0;
  for (v1::Call::Type t : AllTypes()) {
    SCOPED_TRACE(TypeName(t));
    v1::Call call = Sample(t, n);
    switch (KindOf(t)) {
      case CallKind::kSubscribe: {
        client.Start([](const v1::Event&) {});
        ASSERT_TRUE(Eventually([&] { return client.metrics().subscribed >= 1; }, 10s));
        break;
      }
      case CallKind::kOneWay: {
        Effect e = EffectOf(t);
        long long before = Applied(e, n);
        CallOutcome o = SendAndWait(client, call);
        ASSERT_TRUE(o.ok) << o.error;
        EXPECT_EQ(o.status, 202);
        EXPECT_EQ(o.response.type(), t);
        EXPECT_FALSE(o.duplicate);
        if (e.owner == Effect::kCluster) {
          std::string state = ClusterState();
          if (e.pattern != nullptr) {
            EXPECT_TRUE(std::regex_search(state, std::regex(e.pattern))) << state;
          } else {
            EXPECT_FALSE(std::regex_search(state, std::regex(R"("paused"\s*:\s*true)"))) << state;
          }
        } else {
          EXPECT_EQ(Applied(e, n), before + 1);
        }
        break;
      }
      case CallKind::kRequest: {
        CallOutcome o = SendAndWait(client, call);
        ASSERT_TRUE(o.ok) << o.error;
        EXPECT_EQ(o.status, 200);
        if (t == v1::Call::UPDATE_AVAILABLE) {
          ASSERT_TRUE(o.response.has_update_available());
          EXPECT_EQ(o.response.update_available().error(), "");
        } else {
          // The inverse offer answered by UPDATE_INVERSE_OFFER above.
          ASSERT_TRUE(o.response.has_inverse_offer_statuses());
          ASSERT_EQ(o.response.inverse_offer_statuses().statuses_size(), 1);
          const auto& s = o.response.inverse_offer_statuses().statuses(0);
          EXPECT_EQ(s.slave_id().value(), AgentIdOf(n));
          EXPECT_EQ(s.framework_id().value(), FrameworkIdOf(n));
          EXPECT_EQ(s.status().status(), mesos::allocator::InverseOfferStatus::ACCEPT);
        }
        break;
      }
      case CallKind::kHook: {
        v1::HookResult r = client.CallHook(call);
        EXPECT_FALSE(r.fallback());
        EXPECT_EQ(r.error(), "");
        if (t == v1::Call::MASTER_LAUNCH_TASK_LABEL_DECORATOR ||
            t == v1::Call::SLAVE_RUN_TASK_LABEL_DECORATOR) {
          ASSERT_TRUE(r.has_labels()) << r.DebugString();
          EXPECT_TRUE(HasLabel(r.labels(), "team", "data")) << r.DebugString();
          EXPECT_TRUE(HasLabel(r.labels(), "existing", "yes")) << r.DebugString();
        } else if (t == v1::Call::SLAVE_EXECUTOR_ENVIRONMENT_DECORATOR) {
          ASSERT_TRUE(r.has_environment()) << r.DebugString();
          bool found = false;
          for (const auto& v : r.environment().variables()) {
            found = found || (v.name() == "MACTOR_TEST" && v.value() == "1");
          }
          EXPECT_TRUE(found) << r.DebugString();
        } else {
          EXPECT_TRUE(r.none()) << r.DebugString();
        }
        break;
      }
      case CallKind::kInvalid:
        FAIL() << "unknown kind";
    }
    ++checked;
  }
  EXPECT_EQ(checked, 42);  // every type but UNKNOWN
  auto m = client.metrics();
  EXPECT_EQ(m.hook_fallbacks, 0u);
  EXPECT_EQ(m.calls_rejected, 0u);
  EXPECT_EQ(m.queue_depth, 0u);
  // Every sequenced call is in the session's durable watermark.
  EXPECT_EQ(engine_->SessionLastApplied(client.session_id()), 27);
  client.Stop();
}

TEST_F(RoundTrip, RefusedCallIsReportedAndDoesNotStallTheQueue) {
  BridgeClient client(TestOptions(engine_->bridge_port()));
  client.Start();
  // ADD_FRAMEWORK without its payload: the engine refuses it (400) but it
  // keeps its sequence number, so the calls after it still apply.
  v1::Call bad;
  bad.set_type(v1::Call::ADD_FRAMEWORK);
  CallOutcome o = SendAndWait(client, bad);
  EXPECT_FALSE(o.ok);
  EXPECT_EQ(o.status, 400);
  EXPECT_NE(o.error, "");
  CallOutcome ok = SendAndWait(client, Sample(v1::Call::ADD_SLAVE, 5));
  EXPECT_TRUE(ok.ok) << ok.error;
  EXPECT_EQ(client.metrics().calls_rejected, 1u);
  EXPECT_EQ(engine_->SessionLastApplied(client.session_id()), 2);
}

}  // namespace
}  // namespace mactor::bridge::testing

namespace mactor::bridge::testing {
namespace {

// Mesos's proto2 messages have required fields; a call missing one must
// neither abort the process (protobuf's serialization check) nor be
// refused by the engine.
TEST_F(RoundTrip, MessagesMissingRequiredFieldsStillTravel) {
  BridgeClient client(TestOptions(engine_->bridge_port()));
  v1::Call call = Sample(v1::Call::ISOLATOR_PREPARE, 1);
  call.mutable_isolator_prepare()->mutable_container_config()->clear_command_info();
  ASSERT_FALSE(call.IsInitialized());
  v1::HookResult r = client.CallHook(call);
  EXPECT_FALSE(r.fallback());

  client.Start();
  v1::Call add = Sample(v1::Call::ADD_SLAVE, 2);
  add.mutable_add_slave()->mutable_total(0)->clear_type();  // Resource.type is required
  ASSERT_FALSE(add.IsInitialized());
  CallOutcome o = SendAndWait(client, add);
  EXPECT_TRUE(o.ok) << o.error;
}

}  // namespace
}  // namespace mactor::bridge::testing
