// What a Mesos master knows about outstanding offers, kept by a test from
// the OFFERS events its subscription delivers: per agent, what each
// framework has been offered and not yet given back. Every event is checked
// as it arrives; a violation is recorded, not thrown (the handler runs on
// the library's subscriber thread).
//
// Checked: event numbers strictly increase (no event handled twice); an
// offer names a known agent; no agent is offered more of a scalar than its
// total minus what is already outstanding there (a double offer).
#pragma once

#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <vector>

#include "mactor/bridge/v1/bridge.pb.h"

namespace mactor::bridge::testing {

class OfferLedger {
 public:
  // Declares an agent and its total scalar resources (name → amount).
  void SetTotal(const std::string& agent, std::map<std::string, double> total);

  // Takes one subscription event; only OFFERS change the ledger.
  void Event(const v1::Event& event);

  // Gives back everything framework holds on agent, as the master's
  // recoverResources of a declined offer would, and returns it (the
  // resources exactly as offered). Empty if it holds nothing there.
  std::vector<mesos::Resource> Release(const std::string& framework, const std::string& agent);

  // The framework holding an outstanding offer on agent, or "".
  std::string Holder(const std::string& agent) const;
  // OFFERS events taken so far.
  int offers() const;
  // The sequence number of the last event taken (0: none).
  uint64_t last_event() const;
  // The violations seen, one line each.
  std::vector<std::string> failures() const;

 private:
  void Fail(std::string what);

  mutable std::mutex mu_;
  std::map<std::string, std::map<std::string, double>> total_;  // agent → name → amount
  // agent → framework → the resources offered and outstanding.
  std::map<std::string, std::map<std::string, std::vector<mesos::Resource>>> held_;
  int offers_ = 0;
  uint64_t last_event_ = 0;
  std::vector<std::string> failures_;
};

}  // namespace mactor::bridge::testing
