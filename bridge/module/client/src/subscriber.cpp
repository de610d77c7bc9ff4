#include "mactor/bridge/subscriber.hpp"

#include <algorithm>

#include "mactor/bridge/recordio.hpp"
#include "mactor/bridge/wire.hpp"

namespace mactor::bridge {

namespace {
int64_t NowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}
}  // namespace

Subscriber::Subscriber(const ClientOptions& options, Metrics* metrics,
                       LogSink log, std::function<std::string()> session_id,
                       Handlers handlers)
    : options_(options),
      metrics_(metrics),
      log_(std::move(log)),
      session_id_(std::move(session_id)),
      handlers_(std::move(handlers)),
      url_(options.BaseUrl() + kBridgePath),
      backoff_(options.backoff_initial, options.backoff_max) {}

Subscriber::~Subscriber() { Stop(); }

void Subscriber::Start() {
  if (thread_.joinable()) return;
  thread_ = std::thread([this] { Run(); });
}

void Subscriber::Stop() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stop_.store(true);
  }
  cv_.notify_all();
  transfer_.Wake();
  if (thread_.joinable()) thread_.join();
}

void Subscriber::Reconnect() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    reconnect_.store(true);
  }
  cv_.notify_all();
}

void Subscriber::Sleep(std::chrono::milliseconds d) {
  std::unique_lock<std::mutex> lock(mu_);
  cv_.wait_for(lock, d, [&] { return stop_.load() || reconnect_.load(); });
}

void Subscriber::Run() {
  while (!stop_.load()) {
    reconnect_.store(false);
    bool subscribed = Stream();
    if (stop_.load()) break;
    if (reconnect_.load()) continue;
    if (subscribed) backoff_.Reset();
    Sleep(backoff_.Next());
  }
}

bool Subscriber::Stream() {
  const std::string session = session_id_();
  if (session != events_session_) {
    events_session_ = session;
    last_event_ = 0;
  }
  v1::Call call;
  call.set_session_id(session);
  call.set_type(v1::Call::SUBSCRIBE);
  auto* sub = call.mutable_subscribe();
  sub->set_master_id(options_.master_id);
  sub->set_module(options_.module_name);
  sub->set_last_event_sequence(last_event_);
  std::string body;
  call.SerializePartialToString(&body);

  HttpRequest req;
  req.url = url_;
  req.content_type = kProtobuf;
  req.headers = CommonHeaders(options_, kProtobuf);
  req.body = body;
  req.connect_timeout = options_.connect_timeout;

  const uint64_t before = handlers_.before_subscribe ? handlers_.before_subscribe() : 0;
  metrics_->subscribe_attempts.fetch_add(1);
  bool subscribed = false;
  bool failed = false;
  // Until SUBSCRIBED tells the heartbeat interval, the connection and the
  // first event get the request timeout.
  silence_limit_ms_.store(options_.request_timeout.count());
  last_data_ms_.store(NowMs());
  RecordDecoder dec;
  HttpResponse r = transfer_.Post(
      req,
      [&](std::string_view data) {
        last_data_ms_.store(NowMs());
        bool ok = dec.Feed(data, [&](std::string_view rec) {
          if (!OnRecord(rec, session, before)) return false;
          subscribed = true;
          return true;
        });
        if (!ok && !dec.error().empty()) {
          log_(LogLevel::kWarning, "SUBSCRIBE stream: " + dec.error() + "; reconnecting");
          failed = true;
        }
        return ok;
      },
      [&] {
        if (stop_.load() || reconnect_.load()) return false;
        if (NowMs() - last_data_ms_.load() > silence_limit_ms_.load()) {
          log_(LogLevel::kWarning, "SUBSCRIBE stream silent for " +
                                       std::to_string(silence_limit_ms_.load()) +
                                       " ms (missed heartbeats); reconnecting");
          return false;
        }
        return true;
      });
  if (stop_.load() || reconnect_.load() || failed) return subscribed;
  if (!r.completed && !r.aborted) {
    fail_log_.Log(log_, LogLevel::kWarning,
                  "SUBSCRIBE to " + url_ + " failed: " + r.error + "; retrying");
  } else if (r.completed && r.status != 200) {
    fail_log_.Log(log_, LogLevel::kWarning,
                  "SUBSCRIBE to " + url_ + " answered HTTP " +
                      std::to_string(r.status) + ": " + FirstLine(r.body) +
                      "; retrying");
  } else if (r.completed && subscribed) {
    log_(LogLevel::kInfo, "SUBSCRIBE stream ended by the engine; reconnecting");
  }
  return subscribed;
}

// Handles one event; false ends the stream (undecodable, or ERROR).
bool Subscriber::OnRecord(std::string_view rec, const std::string& session, uint64_t before) {
  v1::Event ev;
  if (!ev.ParsePartialFromArray(rec.data(), static_cast<int>(rec.size()))) {
    log_(LogLevel::kWarning, "undecodable event on the SUBSCRIBE stream; reconnecting");
    return false;
  }
  switch (ev.type()) {
    case v1::Event::SUBSCRIBED: {
      const auto& s = ev.subscribed();
      metrics_->subscribed.fetch_add(1);
      double hb = s.heartbeat_interval_seconds() > 0 ? s.heartbeat_interval_seconds() : 15.0;
      silence_limit_ms_.store(static_cast<int64_t>(
          std::max(1000.0, hb * 1000.0 * std::max(1.0, options_.heartbeat_misses))));
      uint64_t next = s.next_event_sequence();
      if (next > 0 && next <= last_event_) {
        // The engine restarted: its numbering of events starts again.
        last_event_ = next - 1;
      }
      log_(LogLevel::kInfo, "subscribed to the engine (session " + session +
                                ", engine " + s.engine_version() +
                                ", last applied call " +
                                std::to_string(s.last_applied_sequence()) + ")");
      if (handlers_.on_subscribed) handlers_.on_subscribed(s, before);
      return true;
    }
    case v1::Event::HEARTBEAT:
      metrics_->heartbeats.fetch_add(1);
      return true;
    case v1::Event::OFFERS:
    case v1::Event::INVERSE_OFFERS:
      if (ev.sequence() != 0 && ev.sequence() <= last_event_) {
        metrics_->events_skipped.fetch_add(1);
        return true;
      }
      if (ev.sequence() > last_event_ + 1 && last_event_ > 0) {
        log_(LogLevel::kWarning,
             "SUBSCRIBE: events " + std::to_string(last_event_ + 1) + ".." +
                 std::to_string(ev.sequence() - 1) +
                 " are no longer held by the engine (its allocator offers those "
                 "resources again)");
      }
      if (ev.sequence() != 0) last_event_ = ev.sequence();
      (ev.type() == v1::Event::OFFERS ? metrics_->offers : metrics_->inverse_offers)
          .fetch_add(1);
      if (handlers_.on_event) handlers_.on_event(ev);
      return true;
    case v1::Event::ERROR:
      log_(LogLevel::kWarning, "engine ended the SUBSCRIBE stream: " + ev.error().message());
      return false;
    default:
      return true;  // newer event types are ignored
  }
}

}  // namespace mactor::bridge
