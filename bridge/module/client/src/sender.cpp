#include "mactor/bridge/sender.hpp"

#include <algorithm>

#include "mactor/bridge/call_kind.hpp"
#include "mactor/bridge/recordio.hpp"
#include "mactor/bridge/wire.hpp"

namespace mactor::bridge {

Sender::Sender(const ClientOptions& options, Outbox* outbox, Metrics* metrics,
               LogSink log,
               std::function<void(const std::string&)> on_session_lost)
    : options_(options),
      outbox_(outbox),
      metrics_(metrics),
      log_(std::move(log)),
      on_session_lost_(std::move(on_session_lost)),
      url_(options.BaseUrl() + kBridgePath),
      backoff_(options.backoff_initial, options.backoff_max),
      batch_limit_(std::max<size_t>(1, options.batch_max_calls)) {}

Sender::~Sender() { Stop(); }

void Sender::Start() {
  if (thread_.joinable()) return;
  thread_ = std::thread([this] { Run(); });
}

void Sender::Stop() {
  stop_.store(true);
  transfer_.Wake();
  outbox_->Interrupt();
  if (thread_.joinable()) thread_.join();
}

void Sender::Run() {
  while (!stop_.load()) {
    if (!outbox_->WaitForCalls(std::chrono::milliseconds(500))) continue;
    if (stop_.load()) break;
    OutboundBatch batch = outbox_->Front(batch_limit_, options_.batch_max_bytes);
    if (batch.calls.empty()) continue;
    bool progress = batch.calls.front().sequence == 0 ? SendAlone(batch)
                                                      : SendBatch(batch);
    if (progress) {
      backoff_.Reset();
    } else if (!stop_.load()) {
      outbox_->Pause(backoff_.Next());
    }
  }
}

void Sender::Unreachable(const HttpResponse& r, size_t calls) {
  metrics_->send_failures.fetch_add(1);
  std::string why = r.completed ? "HTTP " + std::to_string(r.status) + ": " +
                                      FirstLine(r.body)
                                : r.error;
  unreachable_log_.Log(
      log_, LogLevel::kWarning,
      "engine at " + url_ + " did not take " + std::to_string(calls) +
          " calls (" + why + "); " + std::to_string(outbox_->size()) +
          " calls wait for resend");
}

bool Sender::SendBatch(const OutboundBatch& batch) {
  std::string body;
  for (const auto& c : batch.calls) {
    std::string rec;
    AppendCall(&rec, batch.session_id, c.sequence, *c.body);
    AppendRecord(&body, rec);
  }
  HttpRequest req;
  req.url = url_;
  req.content_type = kRecordIO;
  req.headers = CommonHeaders(options_, kRecordIO);
  req.headers.push_back(std::string("Message-Content-Type: ") + kProtobuf);
  req.headers.push_back(std::string("Message-Accept: ") + kProtobuf);
  req.body = body;
  req.timeout = options_.request_timeout;
  req.connect_timeout = options_.connect_timeout;
  metrics_->batches_sent.fetch_add(1);
  HttpResponse r = transfer_.Post(req, {}, [this] { return !stop_.load(); });
  if (!r.completed) {
    if (!r.aborted) Unreachable(r, batch.calls.size());
    return false;
  }
  const uint64_t front = batch.calls.front().sequence;
  switch (r.status) {
    case 200:
      break;
    case 409:
      return OnConflict(r.expected_sequence, front, FirstLine(r.body));
    case 413:
      if (batch.calls.size() > 1) {
        batch_limit_ = std::max<size_t>(1, batch.calls.size() / 2);
        return true;  // resend at once, in smaller pieces
      }
      log_(LogLevel::kError, "engine refused " + TypeName(batch.calls.front().type) +
                                 " as too large; dropped: " + FirstLine(r.body));
      outbox_->RetractFront("engine refused the call as too large");
      return true;
    case 400:
      // The whole batch was refused before any call took its place: find
      // the culprit by sending the calls one by one.
      if (batch.calls.size() > 1) {
        batch_limit_ = 1;
        return true;
      }
      log_(LogLevel::kError, "engine refused " + TypeName(batch.calls.front().type) +
                                 "; dropped: " + FirstLine(r.body));
      outbox_->RetractFront("engine refused the call: " + FirstLine(r.body));
      return true;
    default:
      Unreachable(r, batch.calls.size());
      return false;
  }

  // 200: one Response per call, in order.
  bool progress = false, stopped = false;
  RecordDecoder dec(r.body.size() + 1);
  bool framed = dec.Feed(r.body, [&](std::string_view rec) {
    v1::Response resp;
    if (!resp.ParsePartialFromArray(rec.data(), static_cast<int>(rec.size()))) {
      log_(LogLevel::kWarning, "undecodable Response in a batch answer");
      stopped = true;
      return false;
    }
    int status = resp.status();
    if (status == 200 || status == 202) {
      CallOutcome o;
      o.ok = true;
      o.status = status;
      o.duplicate = resp.duplicate();
      o.response = std::move(resp);
      outbox_->Complete(o.response.sequence(), o);
      progress = true;
      return true;
    }
    if (status == 409) {
      progress = OnConflict(resp.expected_sequence(), resp.sequence(), resp.error()) || progress;
      stopped = true;
      return false;
    }
    if (status >= 400 && status < 500 && status != 408 && status != 429) {
      // Refused, and its sequence number is spent: it will never apply.
      rejected_log_.Log(log_, LogLevel::kError,
                        "engine refused " + TypeName(resp.type()) + " (sequence " +
                            std::to_string(resp.sequence()) + ", HTTP " +
                            std::to_string(status) + "): " + resp.error());
      CallOutcome o;
      o.status = status;
      o.error = resp.error();
      o.response = std::move(resp);
      outbox_->Complete(o.response.sequence(), o);
      progress = true;
      return true;
    }
    // 503 and the like: the rest is resent after a pause.
    unreachable_log_.Log(log_, LogLevel::kWarning,
                         "engine could not apply " + TypeName(resp.type()) +
                             " now (HTTP " + std::to_string(status) + ": " +
                             resp.error() + "); resending");
    metrics_->send_failures.fetch_add(1);
    stopped = true;
    return false;
  });
  if (!framed && !stopped) {
    log_(LogLevel::kWarning, "malformed batch answer: " + dec.error());
  }
  if (batch_limit_ < options_.batch_max_calls && progress && !stopped) {
    batch_limit_ = std::min(options_.batch_max_calls, batch_limit_ * 2);
  }
  return progress && !stopped;
}

bool Sender::SendAlone(const OutboundBatch& batch) {
  const OutboundCall& c = batch.calls.front();
  std::string body;
  AppendCall(&body, batch.session_id, 0, *c.body);
  HttpRequest req;
  req.url = url_;
  req.content_type = kProtobuf;
  req.headers = CommonHeaders(options_, kProtobuf);
  req.body = body;
  req.timeout = options_.request_timeout;
  req.connect_timeout = options_.connect_timeout;
  metrics_->batches_sent.fetch_add(1);
  HttpResponse r = transfer_.Post(req, {}, [this] { return !stop_.load(); });
  if (!r.completed) {
    if (!r.aborted) Unreachable(r, 1);
    return false;
  }
  CallOutcome o;
  o.status = static_cast<int>(r.status);
  if (r.status == 200) {
    if (!o.response.ParsePartialFromString(r.body)) {
      log_(LogLevel::kWarning, "undecodable answer to " + TypeName(c.type));
      return false;
    }
    o.ok = true;
    outbox_->Complete(0, o);
    return true;
  }
  if (r.status >= 400 && r.status < 500 && r.status != 408 && r.status != 429) {
    o.error = FirstLine(r.body);
    log_(LogLevel::kError, "engine refused " + TypeName(c.type) + ": " + o.error);
    outbox_->Complete(0, o);
    return true;
  }
  Unreachable(r, 1);
  return false;
}

bool Sender::OnConflict(uint64_t expected, uint64_t front, const std::string& why) {
  if (expected > front) {
    // The engine applied more than we knew (an answer was lost).
    outbox_->AcknowledgeThrough(expected - 1);
    return true;
  }
  if (expected != 0 && expected <= outbox_->acknowledged_through()) {
    on_session_lost_("engine expects sequence " + std::to_string(expected) +
                     " but acknowledged up to " +
                     std::to_string(outbox_->acknowledged_through()));
    return true;
  }
  unreachable_log_.Log(log_, LogLevel::kWarning,
                       "engine answered 409 (" + why + "); resending from " +
                           std::to_string(front));
  metrics_->send_failures.fetch_add(1);
  return false;
}

}  // namespace mactor::bridge
