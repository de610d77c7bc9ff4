#include "mactor/bridge/session_id.hpp"

#include <gtest/gtest.h>

#include <regex>
#include <set>

namespace mactor::bridge {
namespace {

TEST(SessionId, IsARandomVersion4Uuid) {
  std::regex uuid("^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$");
  std::set<std::string> seen;
  for (int i = 0; i < 100; ++i) {
    std::string id = NewSessionId();
    EXPECT_TRUE(std::regex_match(id, uuid)) << id;
    seen.insert(id);
  }
  EXPECT_EQ(seen.size(), 100u);
}

}  // namespace
}  // namespace mactor::bridge
