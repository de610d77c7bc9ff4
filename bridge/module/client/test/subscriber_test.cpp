// The SUBSCRIBE reader against a scripted engine: offers reach the handler
// whatever the chunking, resent events are skipped after a reconnect, a
// silent stream is reopened, and SUBSCRIBED's watermark tells data loss from
// acknowledgements that overtook it. The scripted engine does on cue what
// the real one does only by chance (offers from the real engine's
// allocator are in resubscribe_test.cpp).
#include <gtest/gtest.h>

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>
#include <vector>

#include "fake_engine.hpp"
#include "mactor/bridge/client.hpp"
#include "mactor/bridge/recordio.hpp"
#include "mactor/bridge/wire.hpp"
#include "samples.hpp"

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

// A scripted engine for the SUBSCRIBED watermark tests: it acknowledges a
// batch (202 for every call) and answers SUBSCRIBE with a fixed
// last_applied_sequence, as a test decides when.
struct WatermarkEngine {
  // Answers a batch request: 202 for each call. Returns the calls' number.
  static size_t AckBatch(FakeConnection& c) {
    std::string answer;
    size_t calls = 0;
    RecordDecoder dec(c.body().size() + 1);
    dec.Feed(c.body(), [&](std::string_view rec) {
      v1::Call call;
      if (!call.ParsePartialFromArray(rec.data(), static_cast<int>(rec.size()))) return false;
      v1::Response r;
      r.set_type(call.type());
      r.set_sequence(call.sequence());
      r.set_status(202);
      AppendRecord(&answer, r.SerializeAsString());
      ++calls;
      return true;
    });
    c.Answer(200, kRecordIO, answer);
    return calls;
  }
  static bool IsBatch(const FakeConnection& c) {
    return c.head().find(kRecordIO) != std::string::npos;
  }
  // SUBSCRIBED saying calls up to last_applied are applied, then one
  // OFFERS event, so that a test knows SUBSCRIBED has been handled.
  static void Stream(FakeConnection& c, uint64_t last_applied, uint64_t offer_seq,
                     std::chrono::milliseconds open_for) {
    v1::Call call;
    ASSERT_TRUE(call.ParseFromString(c.body()));
    v1::Event sub = Subscribed(call, offer_seq);
    sub.mutable_subscribed()->set_last_applied_sequence(last_applied);
    c.StartChunked(kProtobuf);
    c.Chunk(Record(sub) + Record(Offers(offer_seq, "fw-1", "agent-1")));
    std::this_thread::sleep_for(open_for);
  }
};

// The engine reads the session's watermark when the SUBSCRIBE arrives;
// a batch acknowledged after that but before the client reads SUBSCRIBED
// leaves the watermark behind the acknowledgements. That is no data loss:
// the client must not start a new session. Here the SUBSCRIBE is sent
// while the batch waits for its answer, and SUBSCRIBED (watermark 0) is
// read after all five calls were acknowledged.
TEST(Subscriber, WatermarkOvertakenByAcknowledgementsIsNoDataLoss) {
  std::atomic<BridgeClient*> client_ptr{nullptr};
  std::atomic<bool> acked{false};
  std::atomic<bool> streamed{false};
  uint64_t subscribes = 0;  // SUBSCRIBE requests answered (fake's thread only)
  FakeEngine fake([&](FakeConnection& c) {
    if (WatermarkEngine::IsBatch(c)) {
      if (!acked.load()) {
        // Answer the first batch only while a SUBSCRIBE waits for an
        // answer (started and not yet answered): that request's
        // acknowledged watermark was read before these acknowledgements.
        // (Bounded: the test waits for acked before the client goes away.)
        BridgeClient* client = client_ptr.load();
        for (int i = 0; i < 2000 && client->metrics().subscribe_attempts <= subscribes; ++i) {
          std::this_thread::sleep_for(5ms);
        }
      }
      EXPECT_EQ(WatermarkEngine::AckBatch(c), 5u);
      acked.store(true);
      return;
    }
    ++subscribes;
    if (!acked.load()) {
      c.Answer(503, "text/plain", "not yet");
      return;
    }
    if (!streamed.load()) {
      // SUBSCRIBED goes out only once the client has taken in the batch's
      // acknowledgements. (Bounded: the test waits for streamed before the
      // client goes away.)
      BridgeClient* client = client_ptr.load();
      for (int i = 0; i < 2000 && client->metrics().calls_acknowledged < 5; ++i) {
        std::this_thread::sleep_for(5ms);
      }
      streamed.store(true);
    }
    WatermarkEngine::Stream(c, 0, 1, 500ms);
  });
  ClientOptions o = FakeOptions(fake.port());
  o.session_id = "6f1d7c8e-4b1a-4c3e-9a57-1d2e3f405162";
  BridgeClient client(o);
  client_ptr.store(&client);
  for (int i = 0; i < 5; ++i) ASSERT_TRUE(client.Send(testing::Sample(v1::Call::ACTIVATE_SLAVE, i)));
  Events events;
  client.Start([&](const v1::Event& e) { events.Add(e); });
  const bool got = events.WaitFor(1);  // SUBSCRIBED was handled before it
  for (int i = 0; i < 1500 && !streamed.load(); ++i) std::this_thread::sleep_for(10ms);
  ASSERT_TRUE(streamed.load());
  auto m = client.metrics();
  EXPECT_EQ(m.session_resets, 0u);
  EXPECT_EQ(client.session_id(), o.session_id);
  EXPECT_TRUE(got);
  EXPECT_EQ(m.calls_acknowledged, 5u);
  client.Stop();
}

// The other side: a SUBSCRIBE sent after calls were acknowledged, answered
// with a watermark below them, means the engine lost them (its data was
// replaced). The client counts one reset and goes on as a new session.
TEST(Subscriber, WatermarkBelowEarlierAcknowledgementsIsDataLoss) {
  std::atomic<bool> acked{false};
  std::atomic<uint64_t> offer_seq{0};
  FakeEngine fake([&](FakeConnection& c) {
    if (WatermarkEngine::IsBatch(c)) {
      EXPECT_EQ(WatermarkEngine::AckBatch(c), 5u);
      acked.store(true);
      return;
    }
    if (!acked.load()) {
      c.Answer(503, "text/plain", "not yet");
      return;
    }
    // Short streams, so that the client subscribes again and again; every
    // one says nothing was applied.
    WatermarkEngine::Stream(c, 0, offer_seq.fetch_add(1) + 1, 20ms);
  });
  ClientOptions o = FakeOptions(fake.port());
  o.session_id = "0a1b2c3d-4e5f-4a6b-8c7d-8e9fa0b1c2d3";
  BridgeClient client(o);
  for (int i = 0; i < 5; ++i) ASSERT_TRUE(client.Send(testing::Sample(v1::Call::ACTIVATE_SLAVE, i)));
  client.Start([](const v1::Event&) {});
  ASSERT_TRUE(client.Flush(10s));
  for (int i = 0; i < 1000 && client.metrics().session_resets == 0; ++i) {
    std::this_thread::sleep_for(10ms);
  }
  EXPECT_EQ(client.metrics().session_resets, 1u);
  EXPECT_NE(client.session_id(), o.session_id);
  // The new session has acknowledged nothing: later streams saying 0 are
  // no loss.
  const uint64_t streams = client.metrics().subscribed;
  for (int i = 0; i < 1000 && client.metrics().subscribed < streams + 3; ++i) {
    std::this_thread::sleep_for(10ms);
  }
  EXPECT_GE(client.metrics().subscribed, streams + 3);
  EXPECT_EQ(client.metrics().session_resets, 1u);
  client.Stop();
}

}  // namespace
}  // namespace mactor::bridge
