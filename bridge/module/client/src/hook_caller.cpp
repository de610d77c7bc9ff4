#include "mactor/bridge/hook_caller.hpp"

#include <algorithm>

#include "mactor/bridge/call_kind.hpp"
#include "mactor/bridge/wire.hpp"

namespace mactor::bridge {

namespace {
constexpr size_t kMaxIdle = 16;
}

HookCaller::HookCaller(const ClientOptions& options, Metrics* metrics, LogSink log)
    : options_(options),
      metrics_(metrics),
      log_(std::move(log)),
      url_(options.BaseUrl() + kBridgePath) {}

HookCaller::~HookCaller() = default;

std::unique_ptr<Transfer> HookCaller::Acquire() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (!idle_.empty()) {
      auto t = std::move(idle_.back());
      idle_.pop_back();
      return t;
    }
  }
  return std::make_unique<Transfer>();
}

void HookCaller::Release(std::unique_ptr<Transfer> t) {
  std::lock_guard<std::mutex> lock(mu_);
  if (idle_.size() < kMaxIdle) idle_.push_back(std::move(t));
}

v1::HookResult HookCaller::Fallback(const std::string& why) const {
  v1::HookResult r;
  r.set_fallback(true);
  if (options_.hook_fallback == HookFallback::kError) {
    r.set_error("mactor engine gave no answer: " + why);
  } else {
    r.set_none(true);
  }
  return r;
}

v1::HookResult HookCaller::Call(const v1::Call& call) {
  metrics_->hook_calls.fetch_add(1);
  std::string body;
  call.SerializePartialToString(&body);
  HttpRequest req;
  req.url = url_;
  req.content_type = kProtobuf;
  req.headers = CommonHeaders(options_, kProtobuf);
  req.body = body;
  req.timeout = options_.hook_deadline;
  req.connect_timeout = std::min(options_.hook_deadline, options_.connect_timeout);

  auto transfer = Acquire();
  HttpResponse r = transfer->Post(req);
  std::string why;
  v1::Response resp;
  if (!r.completed) {
    why = r.timed_out ? "no answer within " + std::to_string(options_.hook_deadline.count()) + " ms"
                      : r.error;
  } else if (r.status != 200) {
    why = "HTTP " + std::to_string(r.status) + ": " + FirstLine(r.body);
  } else if (!resp.ParsePartialFromString(r.body)) {
    why = "undecodable answer";
  }
  // A connection that timed out mid-request is not reused (libcurl closes
  // it); the handle itself is.
  Release(std::move(transfer));
  if (why.empty()) {
    if (!resp.has_hook()) {
      v1::HookResult none;
      none.set_none(true);
      return none;
    }
    if (resp.hook().fallback()) metrics_->hook_engine_fallbacks.fetch_add(1);
    return resp.hook();
  }
  metrics_->hook_fallbacks.fetch_add(1);
  fallback_log_.Log(log_, LogLevel::kWarning,
                    TypeName(call.type()) + ": engine at " + url_ +
                        " did not answer (" + why + "); the fallback answers");
  return Fallback(why);
}

}  // namespace mactor::bridge
