#include "mactor/bridge/outbox.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace mactor::bridge {
namespace {

using C = v1::Call;

struct Lines {
  std::vector<std::string> lines;
  LogSink sink() {
    return [this](LogLevel, const std::string& l) { lines.push_back(l); };
  }
};

TEST(Outbox, NumbersSequencedCallsAndKeepsThemUntilAcknowledged) {
  Metrics m;
  Lines log;
  Outbox box("s1", 100, 1 << 20, &m, log.sink());
  EXPECT_EQ(box.Push(C::ADD_SLAVE, "a", {}), 1u);
  EXPECT_EQ(box.Push(C::UPDATE_AVAILABLE, "b", {}), 2u);
  EXPECT_EQ(box.Push(C::GET_INVERSE_OFFER_STATUSES, "c", {}), 0u);
  EXPECT_EQ(box.Push(C::REMOVE_SLAVE, "d", {}), 3u);

  // Sequenced calls go together; the unsequenced one stops the batch.
  OutboundBatch b = box.Front(10, 1 << 20);
  EXPECT_EQ(b.session_id, "s1");
  ASSERT_EQ(b.calls.size(), 2u);
  EXPECT_EQ(b.calls[0].sequence, 1u);
  EXPECT_EQ(b.calls[1].sequence, 2u);

  CallOutcome ok;
  ok.ok = true;
  EXPECT_FALSE(box.Complete(2, ok));  // not the front
  EXPECT_TRUE(box.Complete(1, ok));
  EXPECT_TRUE(box.Complete(2, ok));
  // Now the unsequenced call is at the front and goes alone.
  b = box.Front(10, 1 << 20);
  ASSERT_EQ(b.calls.size(), 1u);
  EXPECT_EQ(b.calls[0].sequence, 0u);
  EXPECT_TRUE(box.Complete(0, ok));
  EXPECT_EQ(box.acknowledged_through(), 2u);
  EXPECT_EQ(box.size(), 1u);
  EXPECT_EQ(m.Snapshot().queue_depth, 1u);
}

TEST(Outbox, BatchRespectsLimitsAndCountsResends) {
  Metrics m;
  Lines log;
  Outbox box("s", 100, 1 << 20, &m, log.sink());
  for (int i = 0; i < 5; ++i) box.Push(C::ACTIVATE_SLAVE, std::string(10, 'x'), {});
  EXPECT_EQ(box.Front(3, 1 << 20).calls.size(), 3u);
  EXPECT_EQ(box.Front(10, 25).calls.size(), 2u);  // by bytes
  EXPECT_EQ(box.Front(10, 1).calls.size(), 1u);   // at least one
  EXPECT_EQ(m.Snapshot().calls_resent, 3u);       // calls 1, 2 again, then 1
}

TEST(Outbox, FullQueueDropsNewCallsWithALogLineAndACounter) {
  Metrics m;
  Lines log;
  Outbox box("s", 2, 1 << 20, &m, log.sink());
  EXPECT_TRUE(box.Push(C::ADD_SLAVE, "a", {}).has_value());
  EXPECT_TRUE(box.Push(C::ADD_SLAVE, "b", {}).has_value());
  CallOutcome seen;
  bool called = false;
  EXPECT_FALSE(box.Push(C::UPDATE_AVAILABLE, "c", [&](const CallOutcome& o) {
                    seen = o;
                    called = true;
                  }).has_value());
  EXPECT_FALSE(box.Push(C::ADD_SLAVE, "d", {}).has_value());
  EXPECT_TRUE(called);
  EXPECT_FALSE(seen.ok);
  EXPECT_EQ(seen.error, "resend queue full");
  EXPECT_EQ(m.Snapshot().calls_dropped_queue_full, 2u);
  ASSERT_EQ(log.lines.size(), 1u);  // the second drop is held back
  EXPECT_NE(log.lines[0].find("resend queue full"), std::string::npos);
  // A dropped call takes no sequence number: no gap.
  box.AcknowledgeThrough(2);
  EXPECT_EQ(box.Push(C::ADD_SLAVE, "e", {}), 3u);
}

TEST(Outbox, BytesBoundTheQueueToo) {
  Metrics m;
  Lines log;
  Outbox box("s", 100, 10, &m, log.sink());
  EXPECT_TRUE(box.Push(C::ADD_SLAVE, std::string(8, 'x'), {}).has_value());
  EXPECT_FALSE(box.Push(C::ADD_SLAVE, std::string(8, 'x'), {}).has_value());
  EXPECT_EQ(m.Snapshot().queue_bytes, 8u);
}

TEST(Outbox, AcknowledgeThroughReleasesWaitingCalls) {
  Metrics m;
  Lines log;
  Outbox box("s", 100, 1 << 20, &m, log.sink());
  int done = 0;
  for (int i = 0; i < 4; ++i) {
    box.Push(C::ADD_SLAVE, "x", [&](const CallOutcome& o) { done += o.ok ? 1 : 100; });
  }
  box.AcknowledgeThrough(3);
  EXPECT_EQ(done, 3);
  EXPECT_EQ(box.size(), 1u);
  EXPECT_EQ(box.acknowledged_through(), 3u);
  EXPECT_FALSE(box.WaitEmpty(std::chrono::milliseconds(1)));
  box.AcknowledgeThrough(4);
  EXPECT_TRUE(box.WaitEmpty(std::chrono::milliseconds(1)));
}

TEST(Outbox, RetractFrontRenumbersTheRest) {
  Metrics m;
  Lines log;
  Outbox box("s", 100, 1 << 20, &m, log.sink());
  box.Push(C::ADD_SLAVE, "a", {});
  box.Push(C::ADD_SLAVE, "b", {});
  box.Push(C::ADD_SLAVE, "c", {});
  box.AcknowledgeThrough(1);
  box.RetractFront("too large");
  auto b = box.Front(10, 1 << 20);
  ASSERT_EQ(b.calls.size(), 1u);
  EXPECT_EQ(b.calls[0].sequence, 2u);
  EXPECT_EQ(*b.calls[0].body, "c");
  EXPECT_EQ(box.Push(C::ADD_SLAVE, "d", {}), 3u);
}

TEST(Outbox, RenumberStartsANewSession) {
  Metrics m;
  Lines log;
  Outbox box("old", 100, 1 << 20, &m, log.sink());
  for (int i = 0; i < 5; ++i) box.Push(C::ADD_SLAVE, "x", {});
  box.AcknowledgeThrough(3);
  box.Renumber("new");
  auto b = box.Front(10, 1 << 20);
  EXPECT_EQ(b.session_id, "new");
  ASSERT_EQ(b.calls.size(), 2u);
  EXPECT_EQ(b.calls[0].sequence, 1u);
  EXPECT_EQ(b.calls[1].sequence, 2u);
  EXPECT_EQ(box.acknowledged_through(), 0u);
  EXPECT_EQ(box.Push(C::ADD_SLAVE, "y", {}), 3u);
}

TEST(Outbox, CloseFailsWaitingCallsAndRefusesNewOnes) {
  Metrics m;
  Lines log;
  Outbox box("s", 100, 1 << 20, &m, log.sink());
  std::string why;
  box.Push(C::UPDATE_AVAILABLE, "x", [&](const CallOutcome& o) { why = o.error; });
  box.Close("stopping");
  EXPECT_EQ(why, "stopping");
  EXPECT_FALSE(box.Push(C::ADD_SLAVE, "y", {}).has_value());
  EXPECT_EQ(m.Snapshot().calls_dropped_queue_full, 0u);
}

}  // namespace
}  // namespace mactor::bridge
