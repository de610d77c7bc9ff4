#include "mactor/bridge/backoff.hpp"

#include <algorithm>

namespace mactor::bridge {

Backoff::Backoff(Duration initial, Duration max)
    : initial_(std::max(initial, Duration(1))),
      max_(std::max(max, std::max(initial, Duration(1)))),
      rng_(std::random_device{}()) {}

Backoff::Duration Backoff::Next() {
  current_ = current_ == Duration::zero() ? initial_
                                          : std::min(current_ * 2, max_);
  auto half = current_.count() / 2;
  std::uniform_int_distribution<long long> d(half, current_.count());
  return Duration(d(rng_));
}

}  // namespace mactor::bridge
