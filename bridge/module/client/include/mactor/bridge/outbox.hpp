// The resend queue: every call the engine has not acknowledged yet, in
// sequence order. Calls get their sequence numbers here, leave only when
// acknowledged, and are resent from the front after any failure. Bounded:
// when full, a new call is dropped with a log line and a counter.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "mactor/bridge/log.hpp"
#include "mactor/bridge/metrics.hpp"
#include "mactor/bridge/outcome.hpp"

namespace mactor::bridge {

// A queued call as the sender sends it.
struct OutboundCall {
  uint64_t sequence = 0;  // 0: not sequenced (sent alone)
  v1::Call::Type type = v1::Call::UNKNOWN;
  // The encoded call without session id and sequence number; the sender
  // prepends those (protobuf merges concatenated encodings), so that a
  // renumbered call needs no re-encoding.
  std::shared_ptr<const std::string> body;
  uint32_t attempts = 0;  // sends before this one
};

// What the sender takes from the front of the queue.
struct OutboundBatch {
  std::string session_id;
  std::vector<OutboundCall> calls;
};

class Outbox {
 public:
  Outbox(std::string session_id, size_t max_calls, size_t max_bytes,
         Metrics* metrics, LogSink log);
  ~Outbox();

  // Queues a call of type (its encoding without session and sequence).
  // Returns its sequence number (0 if the type is not sequenced), or
  // nullopt when the queue is full or closed; done, if any, then runs at
  // once with status 0.
  std::optional<uint64_t> Push(v1::Call::Type type, std::string body,
                               CallDone done);

  // Copies the calls at the front, for sending: consecutive sequenced
  // calls up to the limits, or the unsequenced call at the very front
  // alone. Counts each copy as an attempt.
  OutboundBatch Front(size_t max_calls, size_t max_bytes);

  // The front call of the given sequence number (or the unsequenced front
  // call, for sequence 0) got its answer: it leaves, and its done runs.
  // False if the front is another call (already acknowledged otherwise).
  bool Complete(uint64_t sequence, const CallOutcome& outcome);

  // Every sequenced call up to sequence is applied (the engine said so
  // without individual answers): they leave, their done sees ok.
  void AcknowledgeThrough(uint64_t sequence);

  // The engine refused the front call without consuming its sequence
  // number (too large for it): it leaves, failed, and every later call
  // moves down one number.
  void RetractFront(const std::string& why);

  // The engine lost the session (its store was replaced): continue as a
  // new session, renumbering the waiting calls from 1.
  void Renumber(const std::string& new_session_id);

  std::string session_id() const;
  // The highest sequence number acknowledged in this session.
  uint64_t acknowledged_through() const;
  size_t size() const;

  // Waits until a call is queued, Interrupt is called, or timeout passes.
  // Returns true if calls are waiting.
  bool WaitForCalls(std::chrono::milliseconds timeout);
  // Sleeps for d unless interrupted first.
  void Pause(std::chrono::milliseconds d);
  // Wakes one WaitForCalls or Pause (or the next one to start).
  void Interrupt();

  // Waits until the queue is empty; false on timeout.
  bool WaitEmpty(std::chrono::milliseconds timeout);

  // Refuses new calls and fails the waiting ones' done callbacks.
  void Close(const std::string& why);

 private:
  struct Entry {
    OutboundCall call;
    CallDone done;
  };

  // Pops the front entry (lock held) and returns its callback.
  CallDone PopFront();
  void UpdateGauges();

  mutable std::mutex mu_;
  std::condition_variable cv_;
  std::condition_variable empty_cv_;
  std::deque<Entry> entries_;
  std::string session_id_;
  uint64_t next_sequence_ = 1;
  uint64_t acked_through_ = 0;
  size_t bytes_ = 0;
  bool interrupted_ = false;
  bool closed_ = false;
  bool full_ = false;  // in a run of drops, for the log line

  size_t max_calls_;
  size_t max_bytes_;
  Metrics* metrics_;
  LogSink log_;
  LogThrottle full_log_{std::chrono::seconds(30)};
};

}  // namespace mactor::bridge
