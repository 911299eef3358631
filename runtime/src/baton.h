// A one-waiter wake-up flag: the baton of controlled mode and the start gate of free mode.
// The waiter spins briefly (a hand-off between two actors is usually quick), then sleeps on
// a futex, so an oversubscribed 2-core machine does not lose a time slice per hand-off.
#pragma once

#include <atomic>
#include <cstdint>

namespace racelab::detail {

class Baton {
 public:
  void signal();
  void wait();
  // False when `seconds` passed without a signal.
  bool wait_for(double seconds);
  void reset() { state_.store(kEmpty, std::memory_order_relaxed); }

 private:
  static constexpr std::uint32_t kEmpty = 0;
  static constexpr std::uint32_t kSignalled = 1;
  static constexpr std::uint32_t kSleeping = 2;
  bool try_take();
  std::atomic<std::uint32_t> state_{kEmpty};
};

}  // namespace racelab::detail
