// The SUBSCRIBE reader against a scripted engine: offers reach the handler
// whatever the chunking, resent events are skipped after a reconnect, and a
// silent stream is reopened. (The real engine cannot publish offers until
// the allocator is wired to the bridge; these tests cover the module's
// half.)
#include <gtest/gtest.h>

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>
#include <vector>

#include "fake_engine.hpp"
#include "mactor/bridge/client.hpp"
#include "mactor/bridge/recordio.hpp"

namespace mactor::bridge {
namespace {

using testing::FakeConnection;
using testing::FakeEngine;
using namespace std::chrono_literals;

std::string Record(const v1::Event& ev) {
  std::string out;
  AppendRecord(&out, ev.SerializeAsString());
  return out;
}

v1::Event Subscribed(const v1::Call& call, uint64_t next_event, double heartbeat = 15) {
  v1::Event ev;
  ev.set_type(v1::Event::SUBSCRIBED);
  auto* s = ev.mutable_subscribed();
  s->set_session_id(call.session_id());
  s->set_heartbeat_interval_seconds(heartbeat);
  s->set_next_event_sequence(next_event);
  s->set_engine_version("fake");
  return ev;
}

v1::Event Offers(uint64_t seq, const std::string& fw, const std::string& agent) {
  v1::Event ev;
  ev.set_type(v1::Event::OFFERS);
  ev.set_sequence(seq);
  auto* o = ev.mutable_offers();
  o->mutable_framework_id()->set_value(fw);
  auto* role = o->add_roles();
  role->set_role("analytics");
  auto* s = role->add_slaves();
  s->mutable_slave_id()->set_value(agent);
  auto* r = s->add_resources();
  r->set_name("cpus");
  r->set_type(mesos::Value::SCALAR);
  r->mutable_scalar()->set_value(2);
  return ev;
}

v1::Event InverseOffers(uint64_t seq, const std::string& fw) {
  v1::Event ev;
  ev.set_type(v1::Event::INVERSE_OFFERS);
  ev.set_sequence(seq);
  auto* io = ev.mutable_inverse_offers();
  io->mutable_framework_id()->set_value(fw);
  auto* s = io->add_slaves();
  s->mutable_slave_id()->set_value("agent-1");
  s->mutable_unavailable_resources()->mutable_unavailability()->mutable_start()->set_nanoseconds(7);
  return ev;
}

// Collects events handed to the client's handler.
struct Events {
  std::mutex mu;
  std::condition_variable cv;
  std::vector<v1::Event> got;
  void Add(const v1::Event& e) {
    std::lock_guard<std::mutex> l(mu);
    got.push_back(e);
    cv.notify_all();
  }
  bool WaitFor(size_t n, std::chrono::milliseconds t = 10s) {
    std::unique_lock<std::mutex> l(mu);
    return cv.wait_for(l, t, [&] { return got.size() >= n; });
  }
};

ClientOptions FakeOptions(int port) {
  ClientOptions o;
  o.host = "127.0.0.1";
  o.port = port;
  o.backoff_initial = 10ms;
  o.backoff_max = 100ms;
  o.log = [](LogLevel, const std::string&) {};
  return o;
}

TEST(Subscriber, DeliversOffersSplitAtEveryByte) {
  FakeEngine fake([](FakeConnection& c) {
    v1::Call call;
    ASSERT_TRUE(call.ParseFromString(c.body()));
    ASSERT_EQ(call.type(), v1::Call::SUBSCRIBE);
    std::string stream = Record(Subscribed(call, 1)) + Record(Offers(1, "fw-1", "agent-1")) +
                         Record(InverseOffers(2, "fw-2"));
    v1::Event hb;
    hb.set_type(v1::Event::HEARTBEAT);
    stream += Record(hb);
    c.StartChunked("application/x-protobuf");
    // Chunks of 1, 2, 3, ... bytes: lengths and bodies split everywhere.
    size_t size = 1;
    for (size_t i = 0; i < stream.size(); i += size, ++size) c.Chunk(stream.substr(i, size));
    std::this_thread::sleep_for(300ms);  // keep the stream open a while
  });
  Events events;
  BridgeClient client(FakeOptions(fake.port()));
  client.Start([&](const v1::Event& e) { events.Add(e); });
  ASSERT_TRUE(events.WaitFor(2));
  EXPECT_EQ(events.got[0].type(), v1::Event::OFFERS);
  EXPECT_EQ(events.got[0].offers().framework_id().value(), "fw-1");
  EXPECT_EQ(events.got[0].offers().roles(0).slaves(0).resources(0).scalar().value(), 2);
  EXPECT_EQ(events.got[1].type(), v1::Event::INVERSE_OFFERS);
  EXPECT_EQ(events.got[1].inverse_offers().framework_id().value(), "fw-2");
  for (int i = 0; i < 100 && client.metrics().heartbeats == 0; ++i) std::this_thread::sleep_for(10ms);
  auto m = client.metrics();
  EXPECT_EQ(m.subscribed, 1u);
  EXPECT_EQ(m.offers, 1u);
  EXPECT_EQ(m.inverse_offers, 1u);
  EXPECT_EQ(m.heartbeats, 1u);
  client.Stop();
}

TEST(Subscriber, ReconnectsAsksForUnseenEventsAndSkipsResentOnes) {
  std::mutex mu;
  std::vector<uint64_t> asked;  // Subscribe.last_event_sequence per stream
  FakeEngine fake([&](FakeConnection& c) {
    v1::Call call;
    ASSERT_TRUE(call.ParseFromString(c.body()));
    size_t n;
    {
      std::lock_guard<std::mutex> l(mu);
      asked.push_back(call.subscribe().last_event_sequence());
      n = asked.size();
    }
    c.StartChunked("application/x-protobuf");
    if (n == 1) {
      c.Chunk(Record(Subscribed(call, 1)) + Record(Offers(1, "fw-1", "agent-1")));
      return;  // the stream ends: the module reconnects
    }
    // The engine resends event 1 (as if the module had not confirmed it)
    // and goes on with 2.
    c.Chunk(Record(Subscribed(call, 3)) + Record(Offers(1, "fw-1", "agent-1")) +
            Record(Offers(2, "fw-2", "agent-2")));
    std::this_thread::sleep_for(500ms);
  });
  Events events;
  BridgeClient client(FakeOptions(fake.port()));
  client.Start([&](const v1::Event& e) { events.Add(e); });
  ASSERT_TRUE(events.WaitFor(2));
  std::this_thread::sleep_for(100ms);
  client.Stop();
  ASSERT_EQ(events.got.size(), 2u);
  EXPECT_EQ(events.got[0].sequence(), 1u);
  EXPECT_EQ(events.got[1].sequence(), 2u);
  EXPECT_EQ(client.metrics().events_skipped, 1u);
  std::lock_guard<std::mutex> l(mu);
  ASSERT_GE(asked.size(), 2u);
  EXPECT_EQ(asked[0], 0u);
  EXPECT_EQ(asked[1], 1u);
}

TEST(Subscriber, EngineRestartRestartsEventNumbering) {
  int streams = 0;
  FakeEngine fake([&](FakeConnection& c) {
    v1::Call call;
    ASSERT_TRUE(call.ParseFromString(c.body()));
    c.StartChunked("application/x-protobuf");
    if (++streams == 1) {
      c.Chunk(Record(Subscribed(call, 1)) + Record(Offers(1, "fw-1", "a")) +
              Record(Offers(2, "fw-1", "a")));
      return;
    }
    // A restarted engine numbers from 1 again and says so.
    c.Chunk(Record(Subscribed(call, 1)) + Record(Offers(1, "fw-9", "a")));
    std::this_thread::sleep_for(500ms);
  });
  Events events;
  BridgeClient client(FakeOptions(fake.port()));
  client.Start([&](const v1::Event& e) { events.Add(e); });
  ASSERT_TRUE(events.WaitFor(3));
  client.Stop();
  EXPECT_EQ(events.got[2].offers().framework_id().value(), "fw-9");
}

TEST(Subscriber, ReopensASilentStream) {
  FakeEngine fake([](FakeConnection& c) {
    v1::Call call;
    ASSERT_TRUE(call.ParseFromString(c.body()));
    c.StartChunked("application/x-protobuf");
    // Heartbeats every 0.1 s promised, none sent.
    c.Chunk(Record(Subscribed(call, 1, 0.1)));
    std::this_thread::sleep_for(2500ms);
  });
  BridgeClient client(FakeOptions(fake.port()));
  client.Start([](const v1::Event&) {});
  auto start = std::chrono::steady_clock::now();
  while (fake.connections() < 2 && std::chrono::steady_clock::now() - start < 10s) {
    std::this_thread::sleep_for(20ms);
  }
  // Silence is noticed after max(1 s, 3 heartbeats), not at the request
  // timeout.
  EXPECT_GE(fake.connections(), 2);
  EXPECT_LT(std::chrono::steady_clock::now() - start, 5s);
  client.Stop();
}

TEST(Subscriber, StopIsPromptWhileStreaming) {
  FakeEngine fake([](FakeConnection& c) {
    v1::Call call;
    ASSERT_TRUE(call.ParseFromString(c.body()));
    c.StartChunked("application/x-protobuf");
    c.Chunk(Record(Subscribed(call, 1)));
    std::this_thread::sleep_for(1500ms);
  });
  BridgeClient client(FakeOptions(fake.port()));
  client.Start([](const v1::Event&) {});
  for (int i = 0; i < 200 && client.metrics().subscribed == 0; ++i) std::this_thread::sleep_for(10ms);
  ASSERT_EQ(client.metrics().subscribed, 1u);
  auto t0 = std::chrono::steady_clock::now();
  client.Stop();
  EXPECT_LT(std::chrono::steady_clock::now() - t0, 500ms);
}

}  // namespace
}  // namespace mactor::bridge
