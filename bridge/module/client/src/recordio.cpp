#include "mactor/bridge/recordio.hpp"

#include <algorithm>

namespace mactor::bridge {

void AppendRecord(std::string* out, std::string_view record) {
  out->append(std::to_string(record.size()));
  out->push_back('\n');
  out->append(record.data(), record.size());
}

void RecordDecoder::Reset() {
  state_ = State::kLength;
  length_ = 0;
  digits_ = 0;
  body_.clear();
  error_.clear();
}

bool RecordDecoder::Fail(std::string why) {
  state_ = State::kFailed;
  error_ = std::move(why);
  body_.clear();
  return false;
}

bool RecordDecoder::Feed(
    std::string_view bytes,
    const std::function<bool(std::string_view)>& on_record) {
  size_t i = 0;
  while (i < bytes.size()) {
    switch (state_) {
      case State::kFailed:
        return false;
      case State::kLength: {
        char c = bytes[i++];
        if (c == '\n') {
          if (digits_ == 0) return Fail("RecordIO: empty record length");
          state_ = State::kBody;
          body_.clear();
          body_.reserve(length_);
          if (length_ == 0) {
            state_ = State::kLength;
            digits_ = 0;
            if (!on_record(std::string_view())) return false;
          }
          break;
        }
        if (c < '0' || c > '9') {
          return Fail("RecordIO: unexpected byte " + std::to_string(
                          static_cast<unsigned char>(c)) +
                      " in a record length");
        }
        if (++digits_ > 20) return Fail("RecordIO: record length too long");
        length_ = length_ * 10 + static_cast<uint64_t>(c - '0');
        if (length_ > max_record_) {
          return Fail("RecordIO: record of " + std::to_string(length_) +
                      "+ bytes exceeds the limit of " +
                      std::to_string(max_record_));
        }
        break;
      }
      case State::kBody: {
        size_t want = static_cast<size_t>(length_) - body_.size();
        size_t take = std::min(want, bytes.size() - i);
        // A record that arrives whole in this piece is handed over without
        // a copy.
        if (body_.empty() && take == want) {
          std::string_view rec = bytes.substr(i, take);
          i += take;
          state_ = State::kLength;
          length_ = 0;
          digits_ = 0;
          if (!on_record(rec)) return false;
          break;
        }
        body_.append(bytes.data() + i, take);
        i += take;
        if (body_.size() == length_) {
          state_ = State::kLength;
          length_ = 0;
          digits_ = 0;
          std::string rec;
          rec.swap(body_);
          if (!on_record(rec)) return false;
        }
        break;
      }
    }
  }
  return state_ != State::kFailed;
}

}  // namespace mactor::bridge
