#include "mactor/bridge/backoff.hpp"

#include <gtest/gtest.h>

namespace mactor::bridge {
namespace {

using ms = std::chrono::milliseconds;

TEST(Backoff, DoublesWithJitterUpToMax) {
  Backoff b(ms(100), ms(1000));
  ms want(100);
  for (int i = 0; i < 8; ++i) {
    ms d = b.Next();
    EXPECT_GE(d, want / 2) << i;
    EXPECT_LE(d, want) << i;
    want = std::min(want * 2, ms(1000));
  }
  b.Reset();
  EXPECT_LE(b.Next(), ms(100));
}

}  // namespace
}  // namespace mactor::bridge
