#include "mactor/bridge/outbox.hpp"

#include "mactor/bridge/call_kind.hpp"

namespace mactor::bridge {

Outbox::Outbox(std::string session_id, size_t max_calls, size_t max_bytes,
               Metrics* metrics, LogSink log)
    : session_id_(std::move(session_id)),
      max_calls_(max_calls),
      max_bytes_(max_bytes),
      metrics_(metrics),
      log_(std::move(log)) {}

Outbox::~Outbox() { Close("client destroyed"); }

std::optional<uint64_t> Outbox::Push(v1::Call::Type type, std::string body,
                                     CallDone done) {
  std::unique_lock<std::mutex> lock(mu_);
  size_t size = body.size();
  if (closed_ || entries_.size() >= max_calls_ || bytes_ + size > max_bytes_) {
    bool closed = closed_;
    if (!closed) full_ = true;
    size_t depth = entries_.size(), bytes = bytes_;
    lock.unlock();
    if (!closed) {
      metrics_->calls_dropped_queue_full.fetch_add(1);
      full_log_.Log(log_, LogLevel::kError,
                    "resend queue full (" + std::to_string(depth) + " calls, " +
                        std::to_string(bytes) +
                        " bytes waiting for the engine): dropped " +
                        TypeName(type) +
                        "; the engine's view of the cluster now lags the "
                        "master's (metric calls_dropped_queue_full)");
    }
    if (done) {
      CallOutcome o;
      o.error = closed ? "bridge client stopped" : "resend queue full";
      done(o);
    }
    return std::nullopt;
  }
  if (full_) {
    full_ = false;
    log_(LogLevel::kWarning, "resend queue has room again (" +
                                 std::to_string(entries_.size()) + " calls waiting)");
  }
  Entry e;
  e.call.type = type;
  e.call.sequence = IsSequenced(type) ? next_sequence_++ : 0;
  e.call.body = std::make_shared<const std::string>(std::move(body));
  e.done = std::move(done);
  uint64_t seq = e.call.sequence;
  bytes_ += size;
  entries_.push_back(std::move(e));
  UpdateGauges();
  metrics_->calls_queued.fetch_add(1);
  lock.unlock();
  cv_.notify_one();
  return seq;
}

OutboundBatch Outbox::Front(size_t max_calls, size_t max_bytes) {
  std::lock_guard<std::mutex> lock(mu_);
  OutboundBatch b;
  b.session_id = session_id_;
  size_t bytes = 0;
  for (auto& e : entries_) {
    if (e.call.sequence == 0) {
      // An unsequenced call goes alone, once everything before it is
      // acknowledged (it must see their effect).
      if (b.calls.empty()) {
        b.calls.push_back(e.call);
        if (e.call.attempts++ > 0) metrics_->calls_resent.fetch_add(1);
      }
      break;
    }
    if (b.calls.size() >= max_calls) break;
    if (!b.calls.empty() && bytes + e.call.body->size() > max_bytes) break;
    bytes += e.call.body->size();
    b.calls.push_back(e.call);
    if (e.call.attempts++ > 0) metrics_->calls_resent.fetch_add(1);
  }
  return b;
}

CallDone Outbox::PopFront() {
  Entry& e = entries_.front();
  bytes_ -= e.call.body->size();
  if (e.call.sequence > acked_through_) acked_through_ = e.call.sequence;
  CallDone done = std::move(e.done);
  entries_.pop_front();
  return done;
}

void Outbox::UpdateGauges() {
  metrics_->queue_depth.store(entries_.size());
  metrics_->queue_bytes.store(bytes_);
}

bool Outbox::Complete(uint64_t sequence, const CallOutcome& outcome) {
  CallDone done;
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (entries_.empty() || entries_.front().call.sequence != sequence) return false;
    done = PopFront();
    UpdateGauges();
    if (entries_.empty()) empty_cv_.notify_all();
  }
  if (outcome.ok) {
    metrics_->calls_acknowledged.fetch_add(1);
    if (outcome.duplicate) metrics_->calls_duplicate.fetch_add(1);
  } else {
    metrics_->calls_rejected.fetch_add(1);
  }
  if (done) done(outcome);
  return true;
}

void Outbox::AcknowledgeThrough(uint64_t sequence) {
  std::vector<CallDone> dones;
  uint64_t n = 0;
  {
    std::lock_guard<std::mutex> lock(mu_);
    while (!entries_.empty() && entries_.front().call.sequence != 0 &&
           entries_.front().call.sequence <= sequence) {
      dones.push_back(PopFront());
      ++n;
    }
    if (sequence > acked_through_ && sequence < next_sequence_) acked_through_ = sequence;
    UpdateGauges();
    if (entries_.empty()) empty_cv_.notify_all();
  }
  metrics_->calls_acknowledged.fetch_add(n);
  CallOutcome ok;
  ok.ok = true;
  ok.status = 200;
  ok.duplicate = true;
  for (auto& d : dones) {
    if (d) d(ok);
  }
}

void Outbox::RetractFront(const std::string& why) {
  CallDone done;
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (entries_.empty()) return;
    uint64_t seq = entries_.front().call.sequence;
    Entry& e = entries_.front();
    bytes_ -= e.call.body->size();
    done = std::move(e.done);
    entries_.pop_front();
    if (seq != 0) {
      for (auto& rest : entries_) {
        if (rest.call.sequence != 0) --rest.call.sequence;
      }
      --next_sequence_;
    }
    UpdateGauges();
    if (entries_.empty()) empty_cv_.notify_all();
  }
  metrics_->calls_rejected.fetch_add(1);
  if (done) {
    CallOutcome o;
    o.status = 413;
    o.error = why;
    done(o);
  }
}

void Outbox::Renumber(const std::string& new_session_id) {
  std::lock_guard<std::mutex> lock(mu_);
  session_id_ = new_session_id;
  next_sequence_ = 1;
  acked_through_ = 0;
  for (auto& e : entries_) {
    if (e.call.sequence != 0) e.call.sequence = next_sequence_++;
  }
}

std::string Outbox::session_id() const {
  std::lock_guard<std::mutex> lock(mu_);
  return session_id_;
}

uint64_t Outbox::acknowledged_through() const {
  std::lock_guard<std::mutex> lock(mu_);
  return acked_through_;
}

size_t Outbox::size() const {
  std::lock_guard<std::mutex> lock(mu_);
  return entries_.size();
}

bool Outbox::WaitForCalls(std::chrono::milliseconds timeout) {
  std::unique_lock<std::mutex> lock(mu_);
  cv_.wait_for(lock, timeout, [&] { return !entries_.empty() || interrupted_; });
  interrupted_ = false;
  return !entries_.empty();
}

void Outbox::Pause(std::chrono::milliseconds d) {
  std::unique_lock<std::mutex> lock(mu_);
  cv_.wait_for(lock, d, [&] { return interrupted_; });
  interrupted_ = false;
}

void Outbox::Interrupt() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    interrupted_ = true;
  }
  cv_.notify_all();
}

bool Outbox::WaitEmpty(std::chrono::milliseconds timeout) {
  std::unique_lock<std::mutex> lock(mu_);
  return empty_cv_.wait_for(lock, timeout, [&] { return entries_.empty(); });
}

void Outbox::Close(const std::string& why) {
  std::deque<Entry> left;
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (closed_) return;
    closed_ = true;
    left.swap(entries_);
    bytes_ = 0;
    UpdateGauges();
    empty_cv_.notify_all();
  }
  cv_.notify_all();
  CallOutcome o;
  o.error = why;
  for (auto& e : left) {
    if (e.done) e.done(o);
  }
}

}  // namespace mactor::bridge
