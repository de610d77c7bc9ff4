#include "offer_ledger.hpp"

#include <sstream>

namespace mactor::bridge::testing {

namespace {

// Offers are compared with a tolerance: Mesos's fixed-point scalars (three
// decimals) round-trip through doubles.
constexpr double kEpsilon = 1e-3;

std::map<std::string, double> Scalars(const std::vector<mesos::Resource>& rs) {
  std::map<std::string, double> out;
  for (const auto& r : rs) {
    if (r.type() == mesos::Value::SCALAR) out[r.name()] += r.scalar().value();
  }
  return out;
}

}  // namespace

void OfferLedger::SetTotal(const std::string& agent, std::map<std::string, double> total) {
  std::lock_guard<std::mutex> lock(mu_);
  total_[agent] = std::move(total);
}

void OfferLedger::Fail(std::string what) { failures_.push_back(std::move(what)); }

void OfferLedger::Event(const v1::Event& event) {
  if (event.type() != v1::Event::OFFERS) return;
  std::lock_guard<std::mutex> lock(mu_);
  ++offers_;
  if (event.sequence() <= last_event_) {
    Fail("event " + std::to_string(event.sequence()) + " handled after event " +
         std::to_string(last_event_));
  }
  last_event_ = event.sequence();
  const std::string& fw = event.offers().framework_id().value();
  for (const auto& role : event.offers().roles()) {
    for (const auto& slave : role.slaves()) {
      const std::string& agent = slave.slave_id().value();
      auto total = total_.find(agent);
      if (total == total_.end()) {
        Fail("event " + std::to_string(event.sequence()) + " offers unknown agent " + agent);
        continue;
      }
      // What is outstanding on the agent, whoever holds it, plus this offer.
      std::vector<mesos::Resource> all(slave.resources().begin(), slave.resources().end());
      for (const auto& [holder, rs] : held_[agent]) all.insert(all.end(), rs.begin(), rs.end());
      for (const auto& [name, amount] : Scalars(all)) {
        double have = total->second.count(name) != 0 ? total->second.at(name) : 0;
        if (amount > have + kEpsilon) {
          std::ostringstream msg;
          msg << "event " << event.sequence() << " offers " << agent << " to " << fw << " (role "
              << role.role() << "): " << name << " outstanding would be " << amount << " of "
              << have << " (a double offer)";
          Fail(msg.str());
        }
      }
      auto& mine = held_[agent][fw];
      mine.insert(mine.end(), slave.resources().begin(), slave.resources().end());
    }
  }
}

std::vector<mesos::Resource> OfferLedger::Release(const std::string& framework,
                                                  const std::string& agent) {
  std::lock_guard<std::mutex> lock(mu_);
  auto a = held_.find(agent);
  if (a == held_.end()) return {};
  auto f = a->second.find(framework);
  if (f == a->second.end()) return {};
  std::vector<mesos::Resource> out = std::move(f->second);
  a->second.erase(f);
  return out;
}

std::string OfferLedger::Holder(const std::string& agent) const {
  std::lock_guard<std::mutex> lock(mu_);
  auto a = held_.find(agent);
  if (a == held_.end()) return "";
  for (const auto& [fw, rs] : a->second) {
    if (!rs.empty()) return fw;
  }
  return "";
}

int OfferLedger::offers() const {
  std::lock_guard<std::mutex> lock(mu_);
  return offers_;
}

uint64_t OfferLedger::last_event() const {
  std::lock_guard<std::mutex> lock(mu_);
  return last_event_;
}

std::vector<std::string> OfferLedger::failures() const {
  std::lock_guard<std::mutex> lock(mu_);
  return failures_;
}

}  // namespace mactor::bridge::testing
