// Module session ids: a random (version 4) UUID per module session.
#pragma once

#include <string>

namespace mactor::bridge {

// Returns a new random UUID in its canonical text form.
std::string NewSessionId();

}  // namespace mactor::bridge
