#include "mactor/bridge/client.hpp"

#include "mactor/bridge/call_kind.hpp"
#include "mactor/bridge/hook_caller.hpp"
#include "mactor/bridge/outbox.hpp"
#include "mactor/bridge/sender.hpp"
#include "mactor/bridge/session_id.hpp"
#include "mactor/bridge/subscriber.hpp"

namespace mactor::bridge {

namespace {
ClientOptions WithDefaults(ClientOptions o) {
  if (!o.log) o.log = StderrLogSink();
  if (o.session_id.empty()) o.session_id = NewSessionId();
  if (o.batch_max_calls == 0) o.batch_max_calls = 1;
  return o;
}
}  // namespace

BridgeClient::BridgeClient(ClientOptions options)
    : options_(WithDefaults(std::move(options))) {
  outbox_ = std::make_unique<Outbox>(options_.session_id, options_.queue_max_calls,
                                     options_.queue_max_bytes, &metrics_, options_.log);
  hooks_ = std::make_unique<HookCaller>(options_, &metrics_, options_.log);
  sender_ = std::make_unique<Sender>(options_, outbox_.get(), &metrics_, options_.log,
                                     [this](const std::string& why) { OnSessionLost(why); });
}

BridgeClient::~BridgeClient() { Stop(); }

void BridgeClient::Start(EventHandler on_event) {
  std::lock_guard<std::mutex> lock(start_mu_);
  if (started_ || stopped_) return;
  started_ = true;
  on_event_ = std::move(on_event);
  if (on_event_) {
    Subscriber::Handlers h;
    h.before_subscribe = [this] { return outbox_->acknowledged_through(); };
    h.on_subscribed = [this](const v1::Event::Subscribed& s, uint64_t acknowledged_before) {
      OnSubscribed(s, acknowledged_before);
    };
    h.on_event = [this](const v1::Event& e) { on_event_(e); };
    subscriber_ = std::make_unique<Subscriber>(
        options_, &metrics_, options_.log, [this] { return outbox_->session_id(); },
        std::move(h));
    subscriber_->Start();
  }
  sender_->Start();
}

void BridgeClient::Stop() {
  std::lock_guard<std::mutex> lock(start_mu_);
  if (stopped_) return;
  stopped_ = true;
  if (subscriber_) subscriber_->Stop();
  sender_->Stop();
  outbox_->Close("bridge client stopped");
}

bool BridgeClient::Send(const v1::Call& call, CallDone done) {
  CallKind kind = KindOf(call.type());
  if (kind != CallKind::kOneWay && kind != CallKind::kRequest) {
    options_.log(LogLevel::kError, "Send: " + TypeName(call.type()) +
                                       " is not an allocator call; not sent");
    if (done) {
      CallOutcome o;
      o.error = "not an allocator call";
      done(o);
    }
    return false;
  }
  // Encode without the session fields; the sender prepends them.
  std::string body;
  if (call.session_id().empty() && call.sequence() == 0) {
    call.SerializePartialToString(&body);
  } else {
    v1::Call copy(call);
    copy.clear_session_id();
    copy.clear_sequence();
    copy.SerializePartialToString(&body);
  }
  return outbox_->Push(call.type(), std::move(body), std::move(done)).has_value();
}

v1::HookResult BridgeClient::CallHook(const v1::Call& call) {
  if (KindOf(call.type()) != CallKind::kHook) {
    options_.log(LogLevel::kError, "CallHook: " + TypeName(call.type()) + " is not a hook call");
    return hooks_->Fallback("not a hook call");
  }
  return hooks_->Call(call);
}

bool BridgeClient::Flush(std::chrono::milliseconds timeout) {
  return outbox_->WaitEmpty(timeout);
}

std::string BridgeClient::session_id() const { return outbox_->session_id(); }

void BridgeClient::OnSubscribed(const v1::Event::Subscribed& s, uint64_t acknowledged_before) {
  if (s.session_id() != outbox_->session_id()) return;  // an older stream
  // The engine read its watermark when the SUBSCRIBE arrived; batches
  // acknowledged since may be above it. Only calls acknowledged before the
  // request was sent prove a loss when SUBSCRIBED does not cover them.
  if (s.last_applied_sequence() < acknowledged_before) {
    OnSessionLost("SUBSCRIBED says calls up to " + std::to_string(s.last_applied_sequence()) +
                  " are applied, but the engine had acknowledged up to " +
                  std::to_string(acknowledged_before) + " before the SUBSCRIBE");
    return;
  }
  // Whatever the engine applied needs no resend; the rest goes now,
  // without waiting out the sender's backoff.
  outbox_->AcknowledgeThrough(s.last_applied_sequence());
  outbox_->Interrupt();
}

void BridgeClient::OnSessionLost(const std::string& why) {
  std::string fresh = NewSessionId();
  options_.log(LogLevel::kError,
               "the engine lost calls it had acknowledged (" + why +
                   "; was its data directory replaced?). Continuing as session " + fresh +
                   "; the engine's state now lags the master's until the master re-registers "
                   "its frameworks and agents (metric session_resets)");
  metrics_.session_resets.fetch_add(1);
  outbox_->Renumber(fresh);
  if (subscriber_) subscriber_->Reconnect();
}

}  // namespace mactor::bridge
