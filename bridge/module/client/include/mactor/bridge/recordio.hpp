// RecordIO, the framing of Mesos's streaming HTTP APIs and of the bridge's
// SUBSCRIBE stream and batch requests: each record is its length in
// decimal, a newline, then that many bytes.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

namespace mactor::bridge {

// Appends one framed record to out.
void AppendRecord(std::string* out, std::string_view record);

// RecordDecoder turns a byte stream, fed in pieces of any size (HTTP chunks
// split records anywhere, even inside the length), into records.
class RecordDecoder {
 public:
  // Records longer than max_record are refused as malformed.
  explicit RecordDecoder(size_t max_record = 64u << 20)
      : max_record_(max_record) {}

  // Feeds bytes; calls on_record for every record they complete, in order.
  // on_record returns false to stop decoding. Returns false if the stream
  // is malformed (error() says why) or on_record asked to stop.
  bool Feed(std::string_view bytes,
            const std::function<bool(std::string_view)>& on_record);

  // True between records (the stream may end here cleanly).
  bool AtBoundary() const { return state_ == State::kLength && digits_ == 0; }

  const std::string& error() const { return error_; }

  // Forgets any partial record (a new stream begins).
  void Reset();

 private:
  enum class State { kLength, kBody, kFailed };
  bool Fail(std::string why);

  size_t max_record_;
  State state_ = State::kLength;
  uint64_t length_ = 0;
  int digits_ = 0;
  std::string body_;
  std::string error_;
};

}  // namespace mactor::bridge
