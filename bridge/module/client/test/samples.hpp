// Well-formed sample calls of every bridge call type, about framework and
// agent number n (the same shapes as the Go side's bridgetest samples).
#pragma once

#include <string>
#include <vector>

#include "mactor/bridge/v1/bridge.pb.h"

namespace mactor::bridge::testing {

std::string FrameworkIdOf(int n);  // "fw-<n>"
std::string AgentIdOf(int n);      // "agent-<n>"

// A scalar resource (no role, no reservation).
mesos::Resource Scalar(const std::string& name, double v);

// A sample call of type t (no session, no sequence).
v1::Call Sample(v1::Call::Type t, int n);

// Every call type of the protocol except UNKNOWN, in number order.
std::vector<v1::Call::Type> AllTypes();

}  // namespace mactor::bridge::testing
