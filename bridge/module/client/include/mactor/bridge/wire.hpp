// Encoding details of the bridge protocol shared by the client's parts:
// media types, the request path, and framing calls for the wire.
#pragma once

#include <string>
#include <string_view>

#include "mactor/bridge/options.hpp"
#include "mactor/bridge/v1/bridge.pb.h"

namespace mactor::bridge {

inline constexpr const char* kBridgePath = "/api/v1/bridge";
inline constexpr const char* kProtobuf = "application/x-protobuf";
inline constexpr const char* kRecordIO = "application/recordio";

// Messages are encoded and decoded "partially": Mesos's proto2 messages
// have required fields, and a message missing one must neither abort the
// master (protobuf's check) nor be refused, since the engine (proto3 rules)
// takes it as it is.

// Appends the encoding of a call: its session id and sequence number, then
// the rest of it (body, encoded without those two fields).
void AppendCall(std::string* out, const std::string& session_id,
                uint64_t sequence, std::string_view body);

// The headers every request carries (Accept, Authorization).
std::vector<std::string> CommonHeaders(const ClientOptions& o,
                                       const char* accept);

// True if a Content-Type value names the media type (parameters ignored).
bool MediaTypeIs(std::string_view content_type, std::string_view media_type);

// The first line of an error body, for logs.
std::string FirstLine(std::string_view body);

}  // namespace mactor::bridge
