// The test ledger of outstanding offers catches what it is there to catch:
// a double offer, an unknown agent, an event handled twice; and it accepts
// an agent offered again after its offer was given back.
#include "offer_ledger.hpp"

#include <gtest/gtest.h>

namespace mactor::bridge::testing {
namespace {

v1::Event Offer(uint64_t seq, const std::string& fw, const std::string& agent, double cpus) {
  v1::Event ev;
  ev.set_type(v1::Event::OFFERS);
  ev.set_sequence(seq);
  ev.mutable_offers()->mutable_framework_id()->set_value(fw);
  auto* role = ev.mutable_offers()->add_roles();
  role->set_role("web");
  auto* s = role->add_slaves();
  s->mutable_slave_id()->set_value(agent);
  auto* r = s->add_resources();
  r->set_name("cpus");
  r->set_type(mesos::Value::SCALAR);
  r->mutable_scalar()->set_value(cpus);
  return ev;
}

TEST(OfferLedger, ChecksEveryOffer) {
  struct Step {
    v1::Event event;
    std::string release_fw;  // released on "a1" before the event, if set
  };
  struct Case {
    std::string name;
    std::vector<Step> steps;
    std::string failure;  // a substring of the only failure; "" = none
  };
  const std::vector<Case> cases = {
      {"partial offers up to the total", {{Offer(1, "A", "a1", 2), ""}, {Offer(2, "B", "a1", 2), ""}}, ""},
      {"offered again once given back", {{Offer(1, "A", "a1", 4), ""}, {Offer(2, "B", "a1", 4), "A"}}, ""},
      {"double offer to another framework",
       {{Offer(1, "A", "a1", 4), ""}, {Offer(2, "B", "a1", 1), ""}},
       "double offer"},
      {"double offer to the same framework",
       {{Offer(1, "A", "a1", 3), ""}, {Offer(2, "A", "a1", 3), ""}},
       "double offer"},
      {"unknown agent", {{Offer(1, "A", "a9", 1), ""}}, "unknown agent a9"},
      {"event handled twice", {{Offer(3, "A", "a1", 1), ""}, {Offer(3, "A", "a1", 1), ""}}, "handled after"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    OfferLedger ledger;
    ledger.SetTotal("a1", {{"cpus", 4}});
    for (const auto& step : c.steps) {
      if (!step.release_fw.empty()) {
        EXPECT_FALSE(ledger.Release(step.release_fw, "a1").empty());
      }
      ledger.Event(step.event);
    }
    auto failures = ledger.failures();
    if (c.failure.empty()) {
      EXPECT_TRUE(failures.empty()) << failures.size() << " failures";
    } else {
      ASSERT_EQ(failures.size(), 1u);
      EXPECT_NE(failures[0].find(c.failure), std::string::npos) << failures[0];
    }
  }
}

TEST(OfferLedger, ReleaseReturnsTheOfferedResourcesAndClearsTheHolder) {
  OfferLedger ledger;
  ledger.SetTotal("a1", {{"cpus", 4}});
  ledger.Event(Offer(1, "A", "a1", 4));
  EXPECT_EQ(ledger.Holder("a1"), "A");
  EXPECT_TRUE(ledger.Release("B", "a1").empty());
  auto rs = ledger.Release("A", "a1");
  ASSERT_EQ(rs.size(), 1u);
  EXPECT_EQ(rs[0].scalar().value(), 4);
  EXPECT_EQ(ledger.Holder("a1"), "");
  EXPECT_EQ(ledger.offers(), 1);
  EXPECT_EQ(ledger.last_event(), 1u);
}

}  // namespace
}  // namespace mactor::bridge::testing
