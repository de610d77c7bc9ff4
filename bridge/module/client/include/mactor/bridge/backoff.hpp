// Exponential backoff with jitter, for reconnecting and resending.
#pragma once

#include <chrono>
#include <random>

namespace mactor::bridge {

class Backoff {
 public:
  using Duration = std::chrono::milliseconds;

  Backoff(Duration initial, Duration max);

  // The next wait: doubles from initial up to max, each drawn uniformly
  // from [half, full] so that many modules do not retry in step.
  Duration Next();

  // Back to the initial wait (after a success).
  void Reset() { current_ = Duration::zero(); }

 private:
  Duration initial_;
  Duration max_;
  Duration current_{0};
  std::minstd_rand rng_;
};

}  // namespace mactor::bridge
