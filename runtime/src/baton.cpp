#include "baton.h"

#include <linux/futex.h>
#include <sched.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <ctime>

namespace racelab::detail {
namespace {

constexpr int kSpins = 64;
constexpr int kYields = 2;

void cpu_relax() {
#if defined(__x86_64__) || defined(__i386__)
  __builtin_ia32_pause();
#endif
}

long futex(std::atomic<std::uint32_t>* word, int op, std::uint32_t value, const timespec* timeout) {
  return syscall(SYS_futex, reinterpret_cast<std::uint32_t*>(word), op, value, timeout, nullptr, 0);
}

}  // namespace

bool Baton::try_take() {
  if (state_.load(std::memory_order_acquire) == kSignalled) {
    state_.store(kEmpty, std::memory_order_relaxed);
    return true;
  }
  return false;
}

void Baton::signal() {
  if (state_.exchange(kSignalled, std::memory_order_acq_rel) == kSleeping) {
    futex(&state_, FUTEX_WAKE_PRIVATE, 1, nullptr);
  }
}

void Baton::wait() {
  for (int i = 0; i < kSpins; ++i) {
    if (try_take()) return;
    cpu_relax();
  }
  // On a busy machine the actor that will signal may be waiting for this core.
  for (int i = 0; i < kYields; ++i) {
    if (try_take()) return;
    sched_yield();
  }
  for (;;) {
    std::uint32_t expected = kEmpty;
    if (state_.compare_exchange_strong(expected, kSleeping, std::memory_order_acq_rel) ||
        expected == kSleeping) {
      futex(&state_, FUTEX_WAIT_PRIVATE, kSleeping, nullptr);
    } else if (try_take()) {
      return;
    }
  }
}

bool Baton::wait_for(double seconds) {
  using clock = std::chrono::steady_clock;
  const auto deadline = clock::now() + std::chrono::duration<double>(seconds);
  for (int i = 0; i < kSpins; ++i) {
    if (try_take()) return true;
    cpu_relax();
  }
  for (;;) {
    const auto left = deadline - clock::now();
    if (left <= clock::duration::zero()) return try_take();
    const auto ns = std::chrono::duration_cast<std::chrono::nanoseconds>(left).count();
    const timespec timeout{static_cast<time_t>(ns / 1000000000), static_cast<long>(ns % 1000000000)};
    std::uint32_t expected = kEmpty;
    if (state_.compare_exchange_strong(expected, kSleeping, std::memory_order_acq_rel) ||
        expected == kSleeping) {
      futex(&state_, FUTEX_WAIT_PRIVATE, kSleeping, &timeout);
    } else if (try_take()) {
      return true;
    }
  }
}

}  // namespace racelab::detail
