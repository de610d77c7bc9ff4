#include "mactor/bridge/wire.hpp"

#include <strings.h>

#include <vector>

namespace mactor::bridge {

void AppendCall(std::string* out, const std::string& session_id,
                uint64_t sequence, std::string_view body) {
  v1::Call head;
  head.set_session_id(session_id);
  head.set_sequence(sequence);
  head.AppendPartialToString(out);
  out->append(body.data(), body.size());
}

std::vector<std::string> CommonHeaders(const ClientOptions& o,
                                       const char* accept) {
  std::vector<std::string> h;
  h.push_back(std::string("Accept: ") + accept);
  if (!o.token.empty()) h.push_back("Authorization: Bearer " + o.token);
  return h;
}

bool MediaTypeIs(std::string_view content_type, std::string_view media_type) {
  size_t end = content_type.find(';');
  std::string_view mt = content_type.substr(0, end);
  while (!mt.empty() && mt.back() == ' ') mt.remove_suffix(1);
  while (!mt.empty() && mt.front() == ' ') mt.remove_prefix(1);
  return mt.size() == media_type.size() &&
         strncasecmp(mt.data(), media_type.data(), mt.size()) == 0;
}

std::string FirstLine(std::string_view body) {
  size_t nl = body.find('\n');
  std::string_view line = body.substr(0, nl);
  if (line.size() > 300) line = line.substr(0, 300);
  return std::string(line);
}

}  // namespace mactor::bridge
