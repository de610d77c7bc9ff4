#include "mactor/bridge/recordio.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace mactor::bridge {
namespace {

std::vector<std::string> DecodeIn(const std::string& stream, size_t piece) {
  RecordDecoder dec;
  std::vector<std::string> out;
  for (size_t i = 0; i < stream.size(); i += piece) {
    EXPECT_TRUE(dec.Feed(std::string_view(stream).substr(i, piece), [&](std::string_view r) {
      out.emplace_back(r);
      return true;
    })) << dec.error();
  }
  EXPECT_TRUE(dec.AtBoundary());
  return out;
}

TEST(RecordIO, RoundTripsAtEveryChunkBoundary) {
  std::vector<std::string> records = {"", "a", std::string(1000, 'x'), "hello\nworld",
                                      std::string("\0\1\2", 3), "12\n"};
  std::string stream;
  for (const auto& r : records) AppendRecord(&stream, r);
  // Every piece size from one byte (splitting lengths and bodies
  // everywhere) to the whole stream at once.
  for (size_t piece = 1; piece <= stream.size(); piece += (piece < 40 ? 1 : 97)) {
    EXPECT_EQ(DecodeIn(stream, piece), records) << "piece size " << piece;
  }
}

TEST(RecordIO, FramingIsMesos) {
  std::string s;
  AppendRecord(&s, "abc");
  AppendRecord(&s, "");
  EXPECT_EQ(s, "3\nabc0\n");
}

TEST(RecordIO, RejectsMalformedLength) {
  RecordDecoder dec;
  auto sink = [](std::string_view) { return true; };
  EXPECT_FALSE(dec.Feed("1x\n", sink));
  EXPECT_NE(dec.error().find("unexpected byte"), std::string::npos);
  dec.Reset();
  EXPECT_FALSE(dec.Feed("\nabc", sink));
  dec.Reset();
  EXPECT_TRUE(dec.Feed("3\nab", sink));
  EXPECT_FALSE(dec.AtBoundary());
}

TEST(RecordIO, RejectsOversizedRecord) {
  RecordDecoder dec(10);
  EXPECT_FALSE(dec.Feed("11\n", [](std::string_view) { return true; }));
  EXPECT_NE(dec.error().find("limit"), std::string::npos);
}

TEST(RecordIO, StopsWhenAsked) {
  RecordDecoder dec;
  std::string s;
  AppendRecord(&s, "one");
  AppendRecord(&s, "two");
  int seen = 0;
  EXPECT_FALSE(dec.Feed(s, [&](std::string_view) { return ++seen < 1; }));
  EXPECT_EQ(seen, 1);
  EXPECT_TRUE(dec.error().empty());
}

}  // namespace
}  // namespace mactor::bridge
